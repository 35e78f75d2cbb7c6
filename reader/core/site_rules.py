"""Per-site extraction and login rules in ftr-site-config syntax (Full-Text RSS, wallabag).

The rules are data: the community's files are compiled into one gzip'd JSON file shipped
in ``resources/sites/``; ``reader sites update PATH`` compiles a newer checkout into the
user's data dir, which then wins over the shipped file; a user's own recipe
``$XDG_CONFIG_HOME/reader/sites/HOST.txt`` wins over both.

Rules that hide who we are or get round a wall are dropped while parsing, so they are
never stored nor returned: every ``http_header(...)`` (user agent, cookie, referer…), any
user-agent/cookie/referer directive, and any line that names a crawler identity.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reader.core.resources import resource_path

FORMAT = 1
COMPILED_NAME = "ftr-site-config.json.gz"

_LISTS = (
    "title author date body strip strip_id_or_class strip_image_src single_page_link "
    "next_page_link test_url not_logged_in_xpath login_extra_fields"
).split()
_SINGLE = ("login_uri", "login_username_field", "login_password_field")
_FLAGS = ("requires_login", "prune", "tidy", "autodetect_on_failure")
_TRUE, _FALSE = {"yes", "true", "1", "on"}, {"no", "false", "0", "off"}

# Directives that set who we say we are, or hand the site a cookie: never kept.
_SPOOF_DIRECTIVES = frozenset(
    "http_header user_agent useragent user-agent cookie cookies referer referrer".split()
)
# A crawler's identity anywhere in a line (a user agent string, a "bot" header value…).
_CRAWLER = re.compile(
    r"googlebot|google-inspectiontool|adsbot|mediapartners-google|bingbot|msnbot|slurp"
    r"|duckduckbot|baiduspider|yandexbot|facebookexternalhit|facebot|twitterbot"
    r"|applebot|ia_archiver|petalbot|semrushbot|ahrefsbot|crawler",
    re.IGNORECASE,
)
_LINE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*(\()?")


@dataclass(frozen=True)
class SiteRule:
    """The rules for one site. Lists keep the file's order; XPath strings stay raw."""

    host: str = ""  # the key that matched: "example.com", or ".example.com" (subdomains)
    origin: str = "shipped"  # shipped | updated | user
    title: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    strip: tuple[str, ...] = ()
    strip_id_or_class: tuple[str, ...] = ()
    strip_image_src: tuple[str, ...] = ()
    single_page_link: tuple[str, ...] = ()
    next_page_link: tuple[str, ...] = ()
    test_url: tuple[str, ...] = ()
    not_logged_in_xpath: tuple[str, ...] = ()
    # raw "NAME=VALUE" strings; VALUE may be "@=xpath('…', request_html('URL'))"
    login_extra_fields: tuple[str, ...] = ()
    requires_login: bool = False
    login_uri: str | None = None
    login_username_field: str | None = None
    login_password_field: str | None = None
    prune: bool | None = None
    tidy: bool | None = None
    autodetect_on_failure: bool | None = None

    @property
    def has_extraction(self) -> bool:
        """True when the rule says something about the article's body."""
        return bool(self.body or self.strip or self.strip_id_or_class or self.strip_image_src)

    def to_dict(self) -> dict[str, Any]:
        """Only the fields that are set, lists as lists (the compiled form)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name in ("host", "origin"):
                continue
            value = getattr(self, f.name)
            if value in ((), None, False):
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any], host: str = "", origin: str = "shipped") -> SiteRule:
        """Inverse of :meth:`to_dict`; unknown keys are ignored."""
        kw: dict[str, Any] = {}
        for name in _LISTS:
            if data.get(name):
                kw[name] = tuple(str(v) for v in data[name])
        for name in _SINGLE:
            if data.get(name):
                kw[name] = str(data[name])
        for name in _FLAGS:
            if isinstance(data.get(name), bool):
                kw[name] = data[name]
        kw["requires_login"] = bool(kw.get("requires_login"))
        return cls(host=host, origin=origin, **kw)

    def merged_over(self, base: SiteRule) -> SiteRule:
        """This rule with ``base`` filling the gaps: lists are ours first, then base's."""
        kw: dict[str, Any] = {}
        for name in _LISTS:
            ours: tuple[str, ...] = getattr(self, name)
            kw[name] = ours + tuple(v for v in getattr(base, name) if v not in ours)
        for name in (*_SINGLE, *_FLAGS):
            mine = getattr(self, name)
            kw[name] = mine if mine not in (None, False) else getattr(base, name)
        return dataclasses.replace(self, **kw)


def split_extra_field(raw: str) -> tuple[str, str]:
    """``"NAME=VALUE"`` → ``("NAME", "VALUE")``, split at the first "=" (VALUE stays raw)."""
    name, _, value = raw.partition("=")
    return name.strip(), value.strip()


def _flag(value: str) -> bool | None:
    v = value.strip().lower()
    return True if v in _TRUE else False if v in _FALSE else None


def is_spoofing(line: str) -> bool:
    """True for a rule line that would disguise us or carry a cookie (never kept)."""
    m = _LINE.match(line)
    if m and m.group(1).lower() in _SPOOF_DIRECTIVES:
        return True
    return bool(_CRAWLER.search(line))


def parse_rules(text: str, host: str = "", origin: str = "shipped") -> SiteRule:
    """Parse one ftr-site-config file. Unknown directives and spoofing lines are dropped."""
    lists: dict[str, list[str]] = {name: [] for name in _LISTS}
    kw: dict[str, Any] = {}
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        m = _LINE.match(line)
        if m is None or m.group(2) or is_spoofing(line):
            # parametrised directives (http_header(...), replace_string(...), wrap_in(...))
            # are not kept; nor is anything that would disguise us
            continue
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip()
        if not value:
            continue
        if name in lists:
            if value not in lists[name]:
                lists[name].append(value)
        elif name in _SINGLE:
            kw[name] = value
        elif name in _FLAGS:
            flag = _flag(value)
            if flag is not None:
                kw[name] = flag
    kw.update({name: tuple(v) for name, v in lists.items() if v})
    kw["requires_login"] = bool(kw.get("requires_login"))
    return SiteRule(host=host, origin=origin, **kw)


# ---- hosts ---------------------------------------------------------------------------------
def normalize_host(host_or_url: str) -> str:
    """Lower-case host without port, trailing dot or a leading "www."; "" if there is none."""
    text = (host_or_url or "").strip()
    if "://" in text:
        try:
            text = urlsplit(text).hostname or ""
        except ValueError:
            return ""
    else:
        text = text.split("/", 1)[0].rsplit("@", 1)[-1]
        if text.count(":") == 1:
            text = text.split(":", 1)[0]
    text = text.strip("[]").rstrip(".").lower()
    return text[4:] if text.startswith("www.") else text


def page_host(*urls: str | None) -> str:
    """The normalised host of the first http(s) URL given ("" when none has one)."""
    for url in urls:
        if url and url.startswith(("http://", "https://")):
            host = normalize_host(url)
            if host:
                return host
    return ""


def site_key(urls: Sequence[str | None], names: Sequence[str | None] = ()) -> str:
    """Which site a page belongs to: its host, else ``name:`` and its publisher's name.

    A text dump often has no URL but names its publisher ("Le Monde"); marks on such pages
    still teach the next dump of the same publisher.
    """
    host = page_host(*urls)
    if host:
        return host
    for name in names:
        folded = " ".join((name or "").split()).casefold()
        if folded:
            return f"name:{folded}"
    return ""


def site_label(key: str) -> str:
    """A site key as people read it."""
    return key.removeprefix("name:")


def candidate_keys(host: str) -> Iterator[str]:
    """The rule keys that apply to a normalised host, most specific first."""
    if not host:
        return
    yield host
    labels = host.split(".")
    for i in range(1, len(labels) - 1):
        yield "." + ".".join(labels[i:])


# ---- compiled data -------------------------------------------------------------------------
def _key_for(path: Path) -> str | None:
    name = path.name.lower()
    if not name.endswith(".txt"):
        return None
    key = name[: -len(".txt")]
    return key if "." in key.strip(".") else None  # skips global.txt, README…


def compile_dir(directory: Path) -> dict[str, Any]:
    """Parse every ``HOST.txt`` of an ftr-site-config checkout into the compiled form."""
    rules: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.iterdir()):
        key = _key_for(path)
        if key is None or not path.is_file():
            continue
        rule = parse_rules(path.read_text(encoding="utf-8", errors="replace"), host=key)
        data = rule.to_dict()
        if data:
            rules[key] = data
    source = directory / "SOURCE"
    return {
        "format": FORMAT,
        "source": source.read_text(encoding="utf-8").strip() if source.is_file() else "",
        "rules": rules,
    }


def write_compiled(data: dict[str, Any], target: Path) -> None:
    """Write compiled rules as gzip'd JSON, atomically and reproducibly."""
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".sites-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(gzip.compress(blob.encode("utf-8"), compresslevel=9, mtime=0))
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def shipped_path() -> Path:
    """The compiled rules that ship with reader."""
    return resource_path("sites", COMPILED_NAME)


def updated_path() -> Path:
    """Where ``reader sites update`` puts a newer compiled copy (the user's data dir)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("reader", appauthor=False)) / "sites" / COMPILED_NAME


def user_recipes_dir() -> Path:
    """The user's own recipes, ``$XDG_CONFIG_HOME/reader/sites/HOST.txt``."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("reader", appauthor=False)) / "sites"


def read_compiled(path: Path) -> dict[str, Any]:
    """Load a compiled file; raise ValueError when it is not one."""
    try:
        data = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path} is not a compiled site-rules file ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{path} is not a compiled site-rules file (format {FORMAT})")
    if not isinstance(data.get("rules"), dict):
        raise ValueError(f"{path} holds no rules")
    return data


@cache
def _compiled(updated: Path, shipped: Path) -> tuple[str, dict[str, dict[str, Any]]]:
    """The rules table in force: the user's update when it is readable, else the shipped one."""
    if updated.is_file():
        try:
            return "updated", read_compiled(updated)["rules"]
        except ValueError:
            pass
    try:
        return "shipped", read_compiled(shipped)["rules"]
    except (ValueError, FileNotFoundError):
        return "shipped", {}


def compiled_rules() -> tuple[str, dict[str, dict[str, Any]]]:
    """(origin, {key: compiled rule}) loaded once per process, on first use."""
    return _compiled(updated_path(), shipped_path())


def reload() -> None:
    """Forget the loaded table (after ``reader sites update``)."""
    _compiled.cache_clear()


MAX_RECIPE_BYTES = 256 * 1024  # a rules file is a few KiB; a bigger one is not a recipe


def user_recipe_file(host: str, directory: Path | None = None) -> tuple[str, Path] | None:
    """(key, path) of the user's own recipe for a normalised host, most specific first."""
    folder = user_recipes_dir() if directory is None else directory
    if not folder.is_dir():
        return None
    for key in candidate_keys(host):
        for name in (key, "www." + key) if not key.startswith(".") else (key,):
            path = folder / f"{name}.txt"
            try:
                if path.is_file() and path.stat().st_size <= MAX_RECIPE_BYTES:
                    return key, path
            except OSError:
                continue
    return None


def _user_rule(host: str, directory: Path) -> SiteRule | None:
    found = user_recipe_file(host, directory)
    if found is None:
        return None
    key, path = found
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return parse_rules(text, host=key, origin="user")


def rules_for(host_or_url: str) -> SiteRule | None:
    """The rules for a host (or a URL's host): exact host first, then parent wildcards.

    A user recipe is merged over the compiled rule (its values win, its lists come first).
    """
    host = normalize_host(host_or_url)
    if not host:
        return None
    origin, table = compiled_rules()
    base: SiteRule | None = None
    for key in candidate_keys(host):
        data = table.get(key)
        if data is not None:
            base = SiteRule.from_dict(data, host=key, origin=origin)
            break
    user = _user_rule(host, user_recipes_dir())
    if user is None:
        return base
    return user if base is None else user.merged_over(base)
