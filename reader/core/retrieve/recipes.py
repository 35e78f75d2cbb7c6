"""Login recipes: the login directives of ftr-site-config (the rules wallabag uses), from the
user's own recipes (``$XDG_CONFIG_HOME/reader/sites/HOST.txt``) over the rules shipped with the
app (both read by :mod:`reader.core.site_rules`), plus the ``@=xpath('…', request_html('URL'))``
expressions that read a CSRF value from the login page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.core import site_rules
from reader.core.errors import InvalidSourceError
from reader.core.site_rules import SiteRule

# reader's own additions for the original-publisher route: a search page or a feed
PUBLISHER_KEYS = ("search_url", "feed_url")
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
    name, value = site_rules.split_extra_field(raw)
    if not name:
        raise InvalidSourceError(f"login_extra_fields needs NAME=VALUE, not {raw!r}")
    if value.startswith("@="):
        m = _EXPR.match(value)
        if not m:
            raise InvalidSourceError(
                f"login_extra_fields {name}: only @=xpath('…', request_html('URL')) is supported"
            )
        return ExtraField(name, xpath=m["xpath"], page=m["url"])
    return ExtraField(name, value)


def from_rule(rule: SiteRule, host: str) -> LoginRecipe:
    """The login part of a site rule (user recipe merged over the shipped ftr-site-config)."""
    return LoginRecipe(
        host=host,
        requires_login=rule.requires_login,
        login_uri=rule.login_uri,
        username_field=rule.login_username_field or "username",
        password_field=rule.login_password_field or "password",
        extra_fields=[parse_extra_field(raw) for raw in rule.login_extra_fields],
        not_logged_in_xpath=list(rule.not_logged_in_xpath),
        origin=rule.origin,
    )


def _user_extras(host: str) -> dict[str, str]:
    """reader's own directives in the user's recipe: ``search_url:`` and ``feed_url:``."""
    folder = site_rules.user_recipes_dir()
    for key in site_rules.candidate_keys(site_rules.normalize_host(host)):
        for name in (key, "www." + key) if not key.startswith(".") else (key,):
            path = folder / f"{name}.txt"
            try:
                if not path.is_file() or path.stat().st_size > MAX_RECIPE_BYTES:
                    continue
                text = path.read_text("utf-8", errors="replace")
            except OSError:
                continue
            found = {}
            for line in text.splitlines():
                k, _, v = line.partition(":")
                if k.strip() in PUBLISHER_KEYS and v.strip():
                    found[k.strip()] = v.strip()
            return found
    return {}


def for_host(host: str) -> LoginRecipe | None:
    """The recipe for ``host``: the user's own merged over the shipped rules, if any."""
    rule = site_rules.rules_for(host)
    extras = _user_extras(host)
    if rule is None and not extras:
        return None
    recipe = from_rule(rule, host) if rule is not None else LoginRecipe(host=host)
    recipe.search_url = extras.get("search_url")
    recipe.feed_url = extras.get("feed_url")
    if recipe.can_login or recipe.not_logged_in_xpath or recipe.search_url or recipe.feed_url:
        return recipe
    return None
