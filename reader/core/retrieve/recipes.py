"""Login recipes: the login directives of ftr-site-config (the rules wallabag uses), from the
user's own recipes (``$XDG_CONFIG_HOME/reader/sites/HOST.txt``) or the rules shipped with the
app, plus the ``@=xpath('…', request_html('URL'))`` expressions that read a CSRF value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.errors import InvalidSourceError

LOGIN_KEYS = (
    "requires_login",
    "login_uri",
    "login_username_field",
    "login_password_field",
    "login_extra_fields",
    "not_logged_in_xpath",
    # reader's own additions for the original-publisher route: a search page or a feed
    "search_url",
    "feed_url",
)
MAX_RECIPE_BYTES = 256 * 1024
_EXPR = re.compile(
    r"""^@=\s*xpath\(\s*(?P<q>['"])(?P<xpath>.+?)(?P=q)\s*,\s*"""
    r"""request_html\(\s*(?P<q2>['"])(?P<url>[^'"]+)(?P=q2)\s*\)\s*\)\s*$"""
)


@dataclass(frozen=True)
class ExtraField:
    """A login form field: a fixed value, or one read from a page with an XPath."""

    name: str
    value: str = ""
    xpath: str | None = None
    page: str | None = None


@dataclass
class LoginRecipe:
    """How to sign in to one site, and how to tell a page that still shows the wall."""

    host: str
    requires_login: bool = False
    login_uri: str | None = None
    username_field: str = "username"
    password_field: str = "password"
    extra_fields: list[ExtraField] = field(default_factory=list)
    not_logged_in_xpath: list[str] = field(default_factory=list)
    search_url: str | None = None
    feed_url: str | None = None
    origin: str = "user"  # user | shipped

    @property
    def can_login(self) -> bool:
        """True when the recipe says where and how to post a login form."""
        return bool(self.login_uri)


def parse_extra_field(raw: str) -> ExtraField:
    """``NAME=VALUE`` or ``NAME=@=xpath('XPATH', request_html('URL'))``."""
    name, eq, value = raw.strip().partition("=")
    name = name.strip()
    if not name:
        raise InvalidSourceError(f"login_extra_fields needs NAME=VALUE, not {raw!r}")
    if not eq:
        return ExtraField(name)
    value = value.strip()
    if value.startswith("@="):
        m = _EXPR.match(value)
        if not m:
            raise InvalidSourceError(
                f"login_extra_fields {name}: only @=xpath('…', request_html('URL')) is supported"
            )
        return ExtraField(name, xpath=m["xpath"], page=m["url"])
    return ExtraField(name, value)


def parse(text: str, host: str, origin: str = "user") -> LoginRecipe:
    """Read the login directives of an ftr-site-config file (other directives are ignored)."""
    recipe = LoginRecipe(host=host, origin=origin)
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not colon or key not in LOGIN_KEYS:
            continue
        if key == "requires_login":
            recipe.requires_login = value.lower() in ("yes", "true", "1")
        elif key == "login_uri":
            recipe.login_uri = value or None
        elif key == "login_username_field":
            recipe.username_field = value or recipe.username_field
        elif key == "login_password_field":
            recipe.password_field = value or recipe.password_field
        elif key == "login_extra_fields":
            recipe.extra_fields.append(parse_extra_field(value))
        elif key == "not_logged_in_xpath":
            recipe.not_logged_in_xpath.append(value)
        elif key == "search_url":
            recipe.search_url = value or None
        elif key == "feed_url":
            recipe.feed_url = value or None
    return recipe


def user_sites_dir() -> Path:
    """``$XDG_CONFIG_HOME/reader/sites`` (or the platform's config dir)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("reader", appauthor=False)) / "sites"


def _candidates(host: str) -> Iterator[str]:
    """HOST.txt, then the ftr wildcard files .PARENT.txt up the domain (not the TLD)."""
    yield host
    labels = host.split(".")
    if labels[0] == "www":
        yield ".".join(labels[1:])
    for i in range(1, len(labels) - 1):
        yield "." + ".".join(labels[i:])


ShippedLookup = Callable[[str], "str | None"]


def _shipped_text(name: str) -> str | None:
    """The shipped ftr-site-config file called ``name`` (from site_rules, once it lands)."""
    import importlib

    try:
        site_rules = importlib.import_module("reader.core.site_rules")
    except ImportError:
        return None
    reader_fn = getattr(site_rules, "raw_config", None)
    if reader_fn is None:
        return None
    text = reader_fn(name)
    return text if isinstance(text, str) else None


def for_host(
    host: str, sites_dir: Path | None = None, shipped: ShippedLookup | None = _shipped_text
) -> LoginRecipe | None:
    """The recipe for ``host``: the user's own first, then the shipped rules."""
    folder = sites_dir or user_sites_dir()
    for name in _candidates(host):
        path = folder / f"{name}.txt"
        try:
            if path.is_file() and path.stat().st_size <= MAX_RECIPE_BYTES:
                recipe = parse(path.read_text("utf-8", errors="replace"), host, "user")
                if recipe.can_login or recipe.not_logged_in_xpath or recipe.search_url:
                    return recipe
        except OSError:
            continue
    if shipped is not None:
        for name in _candidates(host):
            text = shipped(name)
            if text:
                recipe = parse(text, host, "shipped")
                if recipe.can_login or recipe.not_logged_in_xpath:
                    return recipe
    return None
