"""The routes to the rest of an article, tried in order for one item (worker side: network
and parsing only, no database). Each attempt is judged like any other page."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from reader.core.errors import InvalidSourceError, ReaderError
from reader.core.intake import sources
from reader.core.models import Prepared
from reader.core.retrieve import archive
from reader.core.retrieve.browser import BrowserSource, read_cookies
from reader.core.retrieve.domains import host_of, secrets_allowed, site_of
from reader.core.retrieve.publisher import find_on_site
from reader.core.retrieve.signin import Credential, Signed, SignIn

if TYPE_CHECKING:
    from reader.core.intake.fetch import Fetcher, FetchOptions
    from reader.core.retrieve.session import HostLimiter

log = logging.getLogger(__name__)

ROUTES = ("subscription", "browser", "source", "archive")
DEFAULT_ROUTES = ("subscription", "source")  # none of them tells a third party anything
COMPLETE = ("free", "paywalled_full")


@dataclass(frozen=True)
class Task:
    """One item to retrieve (plain data, built on the thread that owns the library)."""

    item_id: int
    url: str
    title: str | None = None
    source_url: str | None = None
    via: str | None = None
    browser: BrowserSource | None = None
    remember: bool = False
    wayback_api: str | None = None


@dataclass
class Attempt:
    """What one route did for one item."""

    route: str
    who: str  # the site or archive named in the report
    outcome: str  # complete | truncated | unknown | failed | skipped
    message: str
    prepared: Prepared | None = None
    credential: Credential | None = None
    remembered: Credential | None = None  # browser cookies now kept in keyring

    @property
    def complete(self) -> bool:
        """True when this attempt brought the whole article."""
        return self.outcome == "complete"


@dataclass
class Context:
    """What the routes need: a fetcher, the sign-in helper, limits (shared by threads)."""

    fetcher: Fetcher
    signin: SignIn
    limiter: HostLimiter
    options: FetchOptions
    cancelled: Callable[[], bool] = field(default=lambda: False)


def _words(n: int) -> str:
    return f"{n:,} words"


def _outcome(prepared: Prepared) -> str:
    status = prepared.article.paywall.status
    return "complete" if status in COMPLETE else "truncated" if status == "truncated" else "unknown"


def _result_words(outcome: str) -> str:
    return {"complete": "complete", "truncated": "still truncated"}.get(outcome, "not judged")


def _fetch(
    ctx: Context, url: str, cookies: dict[str, str] | None, item_url: str | None = None
) -> Prepared:
    """GET a page (rate-limited per host) and analyse it into a prepared version."""
    ctx.limiter.wait(url)
    result = ctx.fetcher.fetch(url, cookies=cookies)
    kind = "text" if result.content_type.startswith("text/plain") else "html"
    article = sources.analyse(result.text, item_url or result.url, kind)
    return Prepared(url, item_url or url, item_url or url, article, result.raw, "retrieve")


def _page(prepared: Prepared) -> str:
    """The page as downloaded (the wall's XPath is evaluated on it, not on the extract)."""
    from reader.core.intake.fetch import decode_html

    return decode_html(prepared.raw)[0] if prepared.raw else ""


def signed_in(ctx: Context, url: str, item_url: str, route: str) -> Attempt | None:
    """Fetch ``url`` with the user's saved credential for its site (None: there is none)."""
    who = site_of(host_of(url))
    signin = ctx.signin
    try:
        signed = signin.cookies(url)
        if signed is None:
            return None
        prepared = _fetch(ctx, url, signed.cookies, item_url)
        walled = signin.still_walled(signed, _page(prepared))
        stale = walled or _outcome(prepared) != "complete"
        if signed.recipe and not signed.fresh_login and stale:
            again = signin.cookies(url, relogin=True)  # the kept session expired: sign in anew
            assert again is not None
            signed, prepared = again, _fetch(ctx, url, again.cookies, item_url)
    except ReaderError as exc:
        return Attempt(route, who, "failed", f"{who}: {exc}")
    return _judged(route, who, f"signed in with {signed.how}", prepared, signed)


def _judged(
    route: str, who: str, what: str, prepared: Prepared, signed: Signed | None = None
) -> Attempt:
    outcome = _outcome(prepared)
    words = prepared.article.word_count
    message = f"{who}: {what} → {_result_words(outcome)} ({_words(words)})"
    cred = signed.credential if signed else None
    return Attempt(route, who, outcome, message, prepared, credential=cred)


def subscription(ctx: Context, task: Task) -> Attempt:
    """Route 1: the user's own subscription (cookie or password + login recipe)."""
    who = site_of(host_of(task.url))
    attempt = signed_in(ctx, task.url, task.url, "subscription")
    if attempt is not None:
        return attempt
    if not secrets_allowed(task.url):
        return Attempt("subscription", who, "skipped", f"{who}: not HTTPS, so no sign-in is sent")
    return Attempt(
        "subscription", who, "skipped",
        f"{who}: no subscription saved (reader credentials set {who} …)",
    )  # fmt: skip


def browser(ctx: Context, task: Task) -> Attempt:
    """Route 2: the browser's own session for the item's host, read now."""
    host = host_of(task.url)
    who = site_of(host)
    source = task.browser or BrowserSource()
    if not secrets_allowed(task.url):
        return Attempt("browser", who, "skipped", f"{who}: not HTTPS, so no cookies are sent")
    try:
        cookies = read_cookies(host, source)
        prepared = _fetch(ctx, task.url, cookies, task.url)
    except ReaderError as exc:
        return Attempt("browser", who, "failed", f"{who}: {exc}")
    attempt = _judged("browser", who, f"used {source.describe()}'s sign-in", prepared)
    if task.remember and attempt.complete:
        from reader.core.retrieve.credentials import cookie_line

        try:
            ctx.signin.keyring.put("cookie", who, cookie_line(cookies))
            attempt.remembered = Credential(who, None, "browser")
        except ReaderError as exc:
            attempt.message += f"; not remembered: {exc}"
    return attempt


def source(ctx: Context, task: Task) -> Attempt:
    """Route 4: the original publisher of a syndicated item."""
    src = task.source_url
    if not src:
        return Attempt("source", "-", "skipped", "no original publisher known")
    try:
        who = site_of(host_of(src))
    except InvalidSourceError:
        return Attempt("source", "-", "skipped", "the original publisher's address is unusable")
    if task.url.startswith("http") and who == site_of(host_of(task.url)):
        return Attempt("source", who, "skipped", f"{who}: the item is the original already")
    try:
        if urlsplit(src).path in ("", "/"):  # only the site is known: ask its search or feed
            found = find_on_site(ctx, src, task.title)
            if found is None:
                return Attempt("source", who, "skipped", f"{who}: the article was not found")
            src = found
        attempt = signed_in(ctx, src, task.url, "source")
        if attempt is not None:
            attempt.message = attempt.message.replace(": signed in", ": original, signed in", 1)
            return attempt
        prepared = _fetch(ctx, src, None, task.url)
    except ReaderError as exc:
        return Attempt("source", who, "failed", f"{who}: {exc}")
    return _judged("source", who, "the original publisher's page", prepared)


def from_archive(ctx: Context, task: Task) -> Attempt:
    """Route 5: an archived copy (the user asked: it tells the archive the URL)."""
    api = task.wayback_api or archive.endpoint(None)
    who = archive.archive_name(api)
    try:
        ctx.limiter.wait(api)
        snap = archive.closest(api, task.url, ctx.options)
        if snap is None:
            return Attempt("archive", who, "failed", f"{who}: no snapshot of this page")
        prepared = _fetch(ctx, snap.url, None, task.url)
    except ReaderError as exc:
        return Attempt("archive", who, "failed", f"{who}: {exc}")
    outcome = _outcome(prepared)
    states = {"complete": "is complete", "truncated": "is also truncated"}
    state = states.get(outcome, "is not judged")
    words = _words(prepared.article.word_count)
    message = f"{who}: snapshot from {snap.date} {state} ({words})"
    return Attempt("archive", who, outcome, message, prepared)


_RUN: dict[str, Callable[[Context, Task], Attempt]] = {
    "subscription": subscription,
    "browser": browser,
    "source": source,
    "archive": from_archive,
}


def routes_for(task: Task) -> tuple[str, ...]:
    """The routes to try, in order: the one asked for, else every one that tells no third
    party (the browser's too when the user named a browser or profile)."""
    if task.via:
        return (task.via,)
    return ("subscription", "browser", "source") if task.browser else DEFAULT_ROUTES


def retrieve(ctx: Context, task: Task) -> list[Attempt]:
    """Try the routes for one item until one brings the whole article."""
    attempts: list[Attempt] = []
    names = routes_for(task)
    if not task.url.startswith(("http://", "https://")):  # a file or pasted text
        names = tuple(n for n in names if n == "source")
        if not names or not task.source_url:
            return [Attempt("-", "-", "skipped", "no web address to get the rest from")]
    for name in names:
        if ctx.cancelled():
            break
        try:
            attempt = _RUN[name](ctx, task)
        except ReaderError as exc:  # belt and braces: a route never takes the queue down
            attempt = Attempt(name, "-", "failed", str(exc))
        attempts.append(attempt)
        if attempt.complete:
            break
    return attempts
