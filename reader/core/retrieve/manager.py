"""The retrieval use-cases both front ends call (through ``Library.retrieval``).

Split like saving: :meth:`Retrieval.plan` reads the library, :meth:`Retrieval.run` does the
network and parsing (no database: safe in a worker thread), :meth:`Retrieval.apply` stores
what came back on the thread that owns the library.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reader.core.errors import InvalidSourceError, NotFoundError
from reader.core.models import Article, Item, Progress, Version
from reader.core.retrieve import archive, runner
from reader.core.retrieve.browser import BrowserSource, read_cookies
from reader.core.retrieve.credentials import Keyring, cookie_line, parse_cookie_line
from reader.core.retrieve.domains import host_of, normalise_host, site_of
from reader.core.retrieve.ledger import DomainRow, domain_rows
from reader.core.retrieve.routes import ROUTES, Attempt, Context, Task
from reader.core.retrieve.session import HostLimiter
from reader.core.retrieve.signin import Credential, SignedInFetcher, SignIn
from reader.core.retrieve.versions import reanchor

if TYPE_CHECKING:
    from reader.core.intake.fetch import Fetcher
    from reader.core.service import Library
    from reader.core.storage.retrieval import CredentialInfo

INTERVAL_SETTING = "host_interval"
DEFAULT_INTERVAL = 1.0  # seconds between two requests to one host


@dataclass
class Report:
    """What a retrieval did for one item, in words, and where the item stands now."""

    item_id: int
    title: str
    lines: list[str]
    outcome: str  # complete | truncated | unchanged | failed
    became_current: bool
    item: Item | None = None
    versions_added: int = 0

    def text(self) -> str:
        """One block: '#3 Title' and the indented lines."""
        return "\n".join([f"#{self.item_id} {self.title}", *(f"  {line}" for line in self.lines)])


@dataclass
class VersionInfo:
    """One version as the Versions menu and ``reader versions`` show it."""

    number: int  # 1-based, oldest first
    id: int
    fetched_at: str
    origin: str
    url: str | None
    status: str
    word_count: int
    current: bool


@dataclass
class Options:
    """How a retrieval runs (per call)."""

    via: str | None = None
    browser: BrowserSource | None = None
    remember: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class Retrieval:
    """Credentials, retrieval, attaching, versions and the domain ledger of one library."""

    def __init__(self, library: Library, keyring: Keyring | None = None) -> None:
        self.library = library
        self.storage = library.storage
        self.keyring = keyring or Keyring()
        self.interval: float | None = None  # None: the setting, else DEFAULT_INTERVAL
        self._credentials = self._load_credentials()

    # ---- credentials -----------------------------------------------------------------
    def _load_credentials(self) -> list[Credential]:
        return [Credential(c.host, c.username, c.method) for c in self.storage.credential_infos()]

    def credentials(self) -> list[CredentialInfo]:
        """Every saved credential's metadata (host, username, method): never a secret."""
        return self.storage.credential_infos()

    def _changed(self) -> None:
        self._credentials = self._load_credentials()

    def set_cookie(self, host: str, line: str, method: str = "cookie") -> str:
        """Keep a cookie credential for ``host`` (the cookie in keyring); returns the host."""
        host = self._host(host)
        cookies = parse_cookie_line(line)
        self.keyring.put("cookie", host, cookie_line(cookies))
        self.keyring.delete("session", host)
        self.storage.save_credential_info(host, None, method)
        self._changed()
        return host

    def set_password(self, host: str, username: str, password: str) -> str:
        """Keep a username (SQLite) and password (keyring) for ``host``; returns the host."""
        host = self._host(host)
        if not username.strip():
            raise InvalidSourceError("give a username")
        if not password:
            raise InvalidSourceError("the password is empty: nothing was stored")
        self.keyring.put("password", host, password)
        self.keyring.delete("session", host)
        self.storage.save_credential_info(host, username.strip(), "password")
        self._changed()
        return host

    def remember_browser(self, host: str, source: BrowserSource) -> int:
        """Read the browser's cookies for ``host`` now and keep them in keyring."""
        host = self._host(host)
        self.keyring.require()
        cookies = read_cookies(host, source)
        self.set_cookie(host, cookie_line(cookies), method="browser")
        return len(cookies)

    def delete_credentials(self, host: str) -> bool:
        """Forget a host's credentials (keyring and SQLite); False if there were none."""
        host = self._host(host)
        self.keyring.forget(host)
        gone = self.storage.delete_credential_info(host)
        self._changed()
        return gone

    @staticmethod
    def _host(host: str) -> str:
        host = normalise_host(host)
        site_of(host)  # refuses a bare public suffix such as co.uk
        return host

    def signin(self) -> SignIn:
        """The sign-in helper over the current credentials (plain data; thread-safe)."""
        return SignIn(
            self._credentials,
            self.keyring,
            limiter=HostLimiter(self.host_interval()),
        )

    def signed_in_fetcher(self, inner: Fetcher) -> Fetcher:
        """``inner``, signing new saves in when a saved credential covers their URL."""
        if not self._credentials:
            return inner
        from typing import cast

        return cast("Fetcher", SignedInFetcher(inner, self.signin()))

    # ---- settings --------------------------------------------------------------------
    def archive_endpoint(self) -> str:
        """The availability API in use (READER_WAYBACK_API overrides the setting)."""
        return archive.endpoint(self.storage.retrieval_setting(archive.SETTING))

    def set_archive_endpoint(self, url: str | None) -> None:
        """Set (None: reset) the archive's availability API."""
        if url is not None:
            from reader.core.intake.urls import validate_url

            url = validate_url(url)
        self.storage.set_retrieval_setting(archive.SETTING, url)

    def host_interval(self) -> float:
        """Seconds between two requests to one host."""
        if self.interval is not None:
            return self.interval
        raw = self.storage.retrieval_setting(INTERVAL_SETTING)
        try:
            return max(0.0, float(raw)) if raw else DEFAULT_INTERVAL
        except ValueError:
            return DEFAULT_INTERVAL

    # ---- retrieving ------------------------------------------------------------------
    def plan(self, item_ids: Sequence[int], options: Options | None = None) -> list[Task]:
        """Tasks for items (GUI thread): their URLs and what is known about the source."""
        o = options or Options()
        if o.via is not None and o.via not in ROUTES:
            raise InvalidSourceError(f"unknown route {o.via!r}; one of {', '.join(ROUTES)}")
        api = self.archive_endpoint() if o.via == "archive" else None
        tasks = []
        for item in self.library.get_items(item_ids):
            url = item.original_url if item.original_url.startswith("http") else item.url
            if not url.startswith(("http://", "https://")):
                url = item.canonical_url or item.source_url or url
            tasks.append(
                Task(item.id, url, item.title, item.source_url, o.via, o.browser, o.remember, api)
            )
        return tasks

    def context(self, fetcher: Fetcher | None = None) -> Context:
        """What the routes need, built on the library's thread and then shared by workers."""
        signin = self.signin()
        assert signin.limiter is not None
        inner = fetcher or self.library.raw_fetcher
        return Context(inner, signin, signin.limiter, inner.options)

    @staticmethod
    def run(
        tasks: Sequence[Task], ctx: Context, cancel: threading.Event | None = None
    ) -> Iterator[runner.Result]:
        """The network half (no database): yields (task, attempts) as items finish."""
        return runner.run(tasks, ctx, cancel=cancel)

    def apply(self, task: Task, attempts: list[Attempt]) -> Report:
        """Store every version that came back; the best becomes current (library thread)."""
        try:
            before = self.storage.get_item(task.item_id)
        except NotFoundError:
            title = task.title or task.url
            return Report(task.item_id, title, ["deleted meanwhile"], "failed", False)
        old_text = self._current_text(before)
        became, added, complete = False, 0, False
        lines = [a.message for a in attempts if a.outcome != "skipped"] or [
            a.message for a in attempts
        ]
        for attempt in attempts:
            self._ledger(task, attempt)
            if attempt.prepared is None:
                continue
            p = attempt.prepared
            _item, better = self.storage.add_version(
                task.item_id, p.article, raw=p.raw, origin="retrieve", url=p.source
            )
            added += 1
            became = became or better
            complete = complete or attempt.complete
        if became:
            self._keep_place(before, old_text)
        after = self.storage.get_item(task.item_id)
        if added and not became:
            lines.append("the saved text is better: kept it")
        elif not added:
            lines.append("nothing new: the saved text is kept")
        outcome = "complete" if complete else "truncated" if added else "failed"
        if added and not became and not complete:
            outcome = "unchanged"
        self.storage.set_queue_state(
            task.item_id, "done" if complete else "failed", "; ".join(lines)
        )
        return Report(task.item_id, after.title or task.url, lines, outcome, became, after, added)

    def _current_text(self, item: Item) -> str:
        if item.best_version_id is None:
            return ""
        try:
            return self.storage.get_version(item.best_version_id).text
        except NotFoundError:
            return ""

    def _keep_place(self, before: Item, old_text: str) -> None:
        """Re-anchor the reading progress in the new current text (tags stay as they are)."""
        p = before.progress
        if p.fraction <= 0:
            return
        new_text = self._current_text(self.storage.get_item(before.id))
        fraction = reanchor(p.fraction, p.anchor, old_text, new_text)
        self.storage.set_progress(before.id, Progress(fraction, p.anchor, p.updated_at))

    def _ledger(self, task: Task, attempt: Attempt) -> None:
        if attempt.outcome == "skipped":
            return
        try:
            domain = site_of(host_of(task.url))
        except InvalidSourceError:
            return
        self.storage.record_route(domain, attempt.route, attempt.outcome, attempt.complete)
        if attempt.complete and attempt.credential is not None:
            self.storage.credential_worked(attempt.credential.host)
        if attempt.remembered is not None:
            self.storage.save_credential_info(attempt.remembered.host, None, "browser")
            self._changed()

    def enqueue(self, item_ids: Sequence[int], via: str | None = None) -> None:
        """Put items in the retrieval queue (kept across restarts)."""
        self.storage.enqueue(item_ids, via)

    def pending(self) -> list[tuple[int, str | None]]:
        """(item id, route) of everything queued and not yet done (what a restart resumes)."""
        return [(q.item_id, q.via) for q in self.storage.queue()]

    def cancel_pending(self) -> None:
        """Mark everything still queued as cancelled."""
        for item_id, _via in self.pending():
            self.storage.set_queue_state(item_id, "cancelled")

    def retrieve(
        self,
        item_ids: Sequence[int],
        options: Options | None = None,
        cancel: threading.Event | None = None,
    ) -> Iterator[Report]:
        """Queue, retrieve and store, one report per item as it finishes (CLI)."""
        o = options or Options()
        self.enqueue(item_ids, o.via)
        tasks = self.plan(item_ids, o)
        ctx = self.context()
        for task, attempts in self.run(tasks, ctx, cancel):
            yield self.apply(task, attempts)

    # ---- attaching (route 3) ---------------------------------------------------------
    def attach(
        self, item_id: int, data: bytes, kind: str = "sniff", origin: str = "file"
    ) -> Report:
        """Text or HTML the user hands over becomes a new version of the item, never a new item."""
        url = self.storage.get_item(item_id).original_url
        return self.store_attachment(item_id, analyse_attachment(data, url, kind), data, origin)

    def store_attachment(self, item_id: int, article: Article, data: bytes, origin: str) -> Report:
        """Keep an analysed attachment as a new version (library thread)."""
        before = self.storage.get_item(item_id)
        old_text = self._current_text(before)
        _item, better = self.storage.add_version(
            item_id, article, raw=data, origin=origin, url=before.original_url
        )
        complete = article.paywall.status in ("free", "paywalled_full")
        if better:
            self._keep_place(before, old_text)
        after = self.storage.get_item(item_id)
        state = "complete" if complete else article.paywall.status
        line = f"attached: {state} ({article.word_count:,} words)"
        line += "" if better else "; the saved text is better: kept it"
        outcome = "complete" if complete else "truncated" if better else "unchanged"
        return Report(item_id, after.title or after.url, [line], outcome, better, after, 1)

    # ---- versions --------------------------------------------------------------------
    def versions(self, item_id: int) -> list[VersionInfo]:
        """Every version of an item, oldest first, with which one is shown."""
        item = self.storage.get_item(item_id)
        out = []
        for n, v in enumerate(self.storage.versions(item_id), 1):
            out.append(_info(n, v, v.id == item.best_version_id))
        return out

    def use_version(self, item_id: int, number: int) -> Item:
        """Show version ``number`` (1-based, as listed); progress re-anchored, tags kept."""
        versions = self.storage.versions(item_id)
        if not 1 <= number <= len(versions):
            raise NotFoundError(f"item {item_id} has versions 1–{len(versions)}, not {number}")
        before = self.storage.get_item(item_id)
        old_text = self._current_text(before)
        self.storage.use_version(item_id, versions[number - 1].id)
        self._keep_place(before, old_text)
        return self.storage.get_item(item_id)

    # ---- ledger ----------------------------------------------------------------------
    def domains(self) -> list[DomainRow]:
        """Per domain: items, share truncated, credentials, the route that last worked."""
        storage = self.storage
        return domain_rows(
            storage.item_domains_rows(), storage.ledger(), self.credentials(), storage.user_marks()
        )


def analyse_attachment(data: bytes, url: str | None, kind: str = "sniff") -> Article:
    """Analyse text or HTML handed over for an item (no database: safe in a worker)."""
    from reader.core.intake import sources

    page_url = url if url and url.startswith(("http://", "https://")) else None
    return sources.analyse(sources.decode(data), page_url, kind)


def _info(number: int, v: Version, current: bool) -> VersionInfo:
    return VersionInfo(
        number, v.id, v.fetched_at, v.origin, v.url, v.paywall.status, v.word_count, current
    )
