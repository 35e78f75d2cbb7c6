"""One site's cookie jar, and signing in to the site with a login recipe.

Cookies (and the password) go only to the credential's own site and its subdomains, only
over HTTPS (loopback excepted), and never across a redirect to another host. Error texts
name hosts and statuses, never a secret.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from http.cookies import CookieError, SimpleCookie
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from reader.core.errors import FetchError, InvalidSourceError
from reader.core.intake.fetch import ACCEPT, FetchOptions, decode_html
from reader.core.retrieve.domains import covers, host_of, secrets_allowed
from reader.core.retrieve.recipes import LoginRecipe

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)
MAX_LOGIN_BYTES = 2 * 1024 * 1024
MAX_HOPS = 5


class LoginError(FetchError):
    """Signing in failed (wrong password, changed form, another host...)."""


class HostLimiter:
    """At most one request per ``interval`` seconds to each host; hosts do not wait for each
    other. Thread-safe."""

    def __init__(self, interval: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self._clock = clock
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> None:
        """Sleep until the URL's host may be asked again, and book the next slot."""
        host = host_of(url)
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


def first_xpath_value(html: str, xpath: str) -> str | None:
    """The first value an XPath gives on a page: a string, or an element's value/text."""
    import lxml.etree
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(html)
        found = doc.xpath(xpath)
    except (lxml.etree.XPathError, lxml.etree.ParserError, ValueError) as exc:
        raise InvalidSourceError(f"the recipe's XPath {xpath!r} cannot be used: {exc}") from None
    if isinstance(found, str):
        return found
    if not isinstance(found, list) or not found:
        return None
    first = found[0]
    if isinstance(first, str):
        return str(first)
    value = first.get("value") if hasattr(first, "get") else None
    return str(value) if value is not None else str(first.text_content()).strip()


def matches_any(html: str, xpaths: list[str]) -> bool:
    """True when any XPath finds something on the page (the wall is still there)."""
    import lxml.etree
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return False
    for xpath in xpaths:
        try:
            if doc.xpath(xpath):
                return True
        except lxml.etree.XPathError:
            log.debug("unusable not_logged_in_xpath %r", xpath)
    return False


class SiteSession:
    """Cookies for one credential host, sent only where they belong."""

    def __init__(
        self,
        cred_host: str,
        cookies: Mapping[str, str] | None = None,
        options: FetchOptions | None = None,
        limiter: HostLimiter | None = None,
    ) -> None:
        self.cred_host = cred_host
        self.jar: dict[str, str] = dict(cookies or {})
        self.options = options or FetchOptions()
        self.limiter = limiter

    def allowed(self, url: str) -> bool:
        """May this session's secrets go to ``url``?"""
        try:
            return covers(self.cred_host, host_of(url)) and secrets_allowed(url)
        except InvalidSourceError:
            return False

    def _client(self) -> httpx.Client:
        import httpx

        o = self.options
        timeout = httpx.Timeout(o.read_timeout, connect=o.connect_timeout, pool=o.connect_timeout)
        headers = {"User-Agent": o.user_agent, "Accept": ACCEPT}
        return httpx.Client(timeout=timeout, headers=headers, follow_redirects=False)

    def _keep_cookies(self, response: httpx.Response) -> None:
        for header in response.headers.get_list("set-cookie"):
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(header)
            except CookieError:
                continue
            for name, morsel in jar.items():
                max_age = morsel.get("max-age")
                if morsel.value == "" or (max_age and max_age.strip() in ("0", "-1")):
                    self.jar.pop(name, None)
                else:
                    self.jar[name] = morsel.value

    def _send(
        self, method: str, url: str, data: Mapping[str, str] | None = None
    ) -> tuple[str, int, str]:
        """One request plus same-host redirects; returns (final URL, status, page text)."""
        import httpx

        with self._client() as client:
            for _ in range(MAX_HOPS + 1):
                if not self.allowed(url):
                    raise LoginError(
                        f"refusing to send your sign-in to {host_of(url)} "
                        "(another site, or not over HTTPS)"
                    )
                if self.limiter is not None:
                    self.limiter.wait(url)
                cookie = "; ".join(f"{k}={v}" for k, v in self.jar.items())
                headers = {"Cookie": cookie} if cookie else {}
                try:
                    request = client.build_request(method, url, data=data, headers=headers)
                    response = client.send(request, stream=True)
                except (httpx.HTTPError, httpx.InvalidURL) as exc:
                    raise LoginError(f"cannot reach {host_of(url)}: {type(exc).__name__}") from None
                client.cookies.clear()  # our jar only, never httpx's own
                try:
                    self._keep_cookies(response)
                    location = response.headers.get("location")
                    if response.status_code in (301, 302, 303, 307, 308) and location:
                        target = urljoin(url, location)
                        if host_of(target) != host_of(url):
                            return target, response.status_code, ""  # stop: another host
                        if response.status_code in (301, 302, 303):
                            method, data = "GET", None
                        url = target
                        continue
                    body = self._read(response)
                    charset = response.charset_encoding
                    return url, response.status_code, decode_html(body, charset)[0]
                finally:
                    response.close()
        raise LoginError(f"too many redirects signing in to {host_of(url)}")

    @staticmethod
    def _read(response: httpx.Response) -> bytes:
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > MAX_LOGIN_BYTES:
                raise LoginError("the sign-in page is larger than 2 MB")
        return bytes(body)

    def request_html(self, url: str) -> str:
        """GET a page with this session's cookies (the recipes' ``request_html``)."""
        _final, status, text = self._send("GET", url)
        if status >= 400:
            raise LoginError(f"HTTP {status} from {host_of(url)} reading the sign-in page")
        return text

    def login(self, recipe: LoginRecipe, username: str, password: str) -> None:
        """POST the recipe's login form; the session cookies it sets land in :attr:`jar`."""
        if not recipe.login_uri:
            raise LoginError(f"the recipe for {recipe.host} has no login_uri")
        login_uri = recipe.login_uri
        fields: dict[str, str] = {}
        pages: dict[str, str] = {}
        for extra in recipe.extra_fields:
            if extra.xpath and extra.page:
                if extra.page not in pages:
                    pages[extra.page] = self.request_html(extra.page)
                value = first_xpath_value(pages[extra.page], extra.xpath)
                if value is None:
                    raise LoginError(
                        f"the sign-in page of {host_of(extra.page)} has no {extra.name} field "
                        "where the recipe looks for it"
                    )
                fields[extra.name] = value
            else:
                fields[extra.name] = extra.value
        fields[recipe.username_field] = username
        fields[recipe.password_field] = password
        before = dict(self.jar)
        _final, status, _text = self._send("POST", login_uri, data=fields)
        if status >= 400:
            raise LoginError(f"{host_of(login_uri)} refused the sign-in (HTTP {status})")
        if self.jar == before:
            raise LoginError(f"{host_of(login_uri)} set no session cookie: the sign-in failed")

    def cookies_for(self, url: str) -> dict[str, str] | None:
        """The jar if it may go to ``url``, else None."""
        return dict(self.jar) if self.jar and self.allowed(url) else None


def describe(exc: BaseException) -> str:
    """An exception as one line with no secret in it (our messages never hold one)."""
    text: Any = str(exc) or type(exc).__name__
    return str(text).splitlines()[0][:200]
