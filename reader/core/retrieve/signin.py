"""The user's own subscription: which saved credential covers a URL, and the cookies to send.

A cookie credential is sent as it is; a username and password sign in with the site's login
recipe, and the session cookies that sign-in sets are kept in keyring for the next fetch.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.errors import InvalidSourceError
from reader.core.retrieve import recipes
from reader.core.retrieve.credentials import Keyring
from reader.core.retrieve.domains import covers, host_of, normalise_host, secrets_allowed
from reader.core.retrieve.session import HostLimiter, LoginError, SiteSession
from reader.core.site_rules import user_recipes_dir

if TYPE_CHECKING:
    from reader.core.intake.fetch import FetchOptions
    from reader.core.models import FetchResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Credential:
    """A saved credential's metadata (plain data: the secret stays in keyring)."""

    host: str
    username: str | None
    method: str  # cookie | password | browser


@dataclass
class Signed:
    """Cookies to send to a URL, and where they came from."""

    credential: Credential
    cookies: dict[str, str]
    how: str  # "your subscription" | "your password" | "your browser's sign-in"
    recipe: recipes.LoginRecipe | None = None
    fresh_login: bool = False


def best_credential(url: str, credentials: Sequence[Credential]) -> Credential | None:
    """The most specific credential whose site covers the URL's host (secure URLs only)."""
    try:
        host = host_of(url)
    except InvalidSourceError:
        return None
    if not secrets_allowed(url):
        return None
    fitting = [c for c in credentials if covers(c.host, host)]

    def rank(c: Credential) -> tuple[int, int]:  # the host, then a parent of it, then the site
        h = normalise_host(c.host)
        return (0 if h == host else 1 if host.endswith("." + h) else 2, -len(h))

    fitting.sort(key=rank)
    return fitting[0] if fitting else None


class SignIn:
    """Finds and prepares the user's credentials for a fetch (safe in a worker thread)."""

    def __init__(
        self,
        credentials: Sequence[Credential],
        keyring: Keyring,
        *,
        limiter: HostLimiter | None = None,
        options: FetchOptions | None = None,
    ) -> None:
        self.credentials = list(credentials)
        self.keyring = keyring
        self.limiter = limiter
        self.options = options

    def recipe(self, url: str) -> recipes.LoginRecipe | None:
        """The login recipe for a URL's host, if any."""
        try:
            return recipes.for_host(host_of(url))
        except InvalidSourceError:
            return None

    def cookies(self, url: str, *, relogin: bool = False) -> Signed | None:
        """Cookies of the credential covering ``url``; None when there is none.

        Raises LoginError when a password sign-in fails.
        """
        cred = best_credential(url, self.credentials)
        if cred is None:
            return None
        if cred.method in ("cookie", "browser"):
            jar = self.keyring.cookies(cred.host)
            if not jar:
                raise LoginError(f"the cookie saved for {cred.host} is no longer in the keyring")
            how = "your browser's sign-in" if cred.method == "browser" else "your subscription"
            return Signed(cred, jar, how)
        recipe = self.recipe(url)
        if recipe is None or not recipe.can_login:
            raise LoginError(
                f"a password is saved for {cred.host}, but there is no login recipe for the site "
                f"(add one as {user_recipes_dir() / (cred.host + '.txt')})"
            )
        session = None if relogin else self.keyring.session(cred.host)
        if session:
            return Signed(cred, session, "your subscription", recipe)
        password = self.keyring.get("password", cred.host)
        if password is None or not cred.username:
            raise LoginError(f"the password saved for {cred.host} is no longer in the keyring")
        site = SiteSession(cred.host, options=self.options, limiter=self.limiter)
        site.login(recipe, cred.username, password)
        self.keyring.put_session(cred.host, site.jar)
        return Signed(cred, dict(site.jar), "your subscription", recipe, fresh_login=True)

    def still_walled(self, signed: Signed, html: str) -> bool:
        """True when the recipe's not_logged_in_xpath still matches the fetched page."""
        from reader.core.retrieve.session import matches_any

        recipe = signed.recipe
        return bool(recipe and recipe.not_logged_in_xpath) and matches_any(
            html, recipe.not_logged_in_xpath if recipe else []
        )


class SignedInFetcher:
    """A fetcher for new saves: a URL from a site with saved credentials gets them at once.

    Wraps the plain fetcher; the cookies go only to the URL's own host (the inner fetcher
    drops them on a redirect to another host or to plain HTTP).
    """

    def __init__(self, inner: object, signin: SignIn) -> None:
        self.inner = inner
        self.signin = signin

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def fetch(
        self,
        url: str,
        *,
        cookies: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> FetchResult:
        """Fetch ``url``, signed in when a saved credential covers it."""
        fetch = self.inner.fetch  # type: ignore[attr-defined]
        if cookies is None:
            try:
                signed = self.signin.cookies(url)
            except LoginError as exc:
                log.warning("%s", exc)
                signed = None
            if signed is not None:
                result: FetchResult = fetch(url, cookies=signed.cookies, headers=headers)
                if (
                    signed.recipe
                    and not signed.fresh_login
                    and self.signin.still_walled(signed, result.text)
                ):
                    try:
                        again = self.signin.cookies(url, relogin=True)
                    except LoginError as exc:
                        log.warning("%s", exc)
                        return result
                    if again is not None:
                        result = fetch(url, cookies=again.cookies, headers=headers)
                return result
        out: FetchResult = fetch(url, cookies=cookies, headers=headers)
        return out
