"""Fetching imported URL-only items in the background: politely (one request per host at a
time, at most one every ``interval`` seconds), resumably (the queue lives in the library, so
a restart continues where it stopped) and with a report: fetched, truncated, gone, failed.

:class:`HostPacer` decides what may start when; front ends run the fetches in their own
threads (the CLI with :func:`run_queue`, the app with its task runner) and hand each result
to :func:`store_result` on the thread that owns the library.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from reader.core.errors import HttpStatusError, ReaderError
from reader.core.models import Prepared
from reader.core.service import Library
from reader.core.storage.transfer import FETCH_OUTCOMES

DEFAULT_INTERVAL = 1.0  # seconds between two requests to the same host
DEFAULT_WORKERS = 4
__all__ = ["FETCH_OUTCOMES", "HostPacer", "Job", "queued_jobs", "run_queue", "store_result"]


@dataclass
class Job:
    """One queued fetch."""

    item_id: int
    url: str
    host: str


class HostPacer:
    """Round-robin over hosts; a host is free when idle and its interval has passed."""

    def __init__(
        self,
        jobs: list[Job],
        interval: float = DEFAULT_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._queues: dict[str, deque[Job]] = {}
        for job in jobs:
            self._queues.setdefault(job.host, deque()).append(job)
        self._interval = interval
        self._clock = clock
        self._busy: set[str] = set()
        self._last: dict[str, float] = {}

    def __len__(self) -> int:
        return sum(len(q) for q in self._queues.values())

    def take(self) -> Job | None:
        """The next job whose host is free now, or None."""
        now = self._clock()
        for host in list(self._queues):
            if host in self._busy or now - self._last.get(host, -1e9) < self._interval:
                continue
            queue = self._queues[host]
            job = queue.popleft()
            if not queue:
                del self._queues[host]
            else:  # rotate: the next take() looks at other hosts first
                self._queues[host] = self._queues.pop(host)
            self._busy.add(host)
            self._last[host] = now
            return job
        return None

    def done(self, job: Job) -> None:
        """A job's request finished; its host may be used again after the interval."""
        self._busy.discard(job.host)

    def wait_time(self) -> float:
        """Seconds until some idle host becomes free (0 if one is free now)."""
        now = self._clock()
        waits = [
            max(0.0, self._interval - (now - self._last.get(h, -1e9)))
            for h in self._queues
            if h not in self._busy
        ]
        return min(waits) if waits else self._interval


def outcome_of(error: BaseException | None, prepared: Prepared | None) -> tuple[str, str | None]:
    """('fetched' | 'truncated' | 'gone' | 'failed', reason) for a finished fetch."""
    if error is not None:
        if isinstance(error, HttpStatusError) and error.status in (404, 410):
            return "gone", f"gone (HTTP {error.status})"
        if isinstance(error, ReaderError):
            return "failed", str(error)
        return "failed", f"{type(error).__name__}: {error}"
    assert prepared is not None
    if prepared.article.paywall.status == "truncated":
        return "truncated", None
    return "fetched", None


def store_result(
    library: Library, job: Job, prepared: Prepared | None, error: BaseException | None
) -> str:
    """Keep a fetched page as the item's version (or the failure as its reason); the outcome."""
    outcome, reason = outcome_of(error, prepared)
    if prepared is not None:
        try:
            library.storage.add_version(
                job.item_id, prepared.article, raw=prepared.raw, origin="fetch", url=job.url
            )
        except ReaderError as exc:  # deleted meanwhile, or the disk is full
            outcome, reason = "failed", str(exc)
    try:
        library.storage.record_fetch(job.item_id, outcome, reason)
    except ReaderError:
        pass  # the item was deleted while its page was downloading
    return outcome


def queued_jobs(library: Library, *, include_held: bool = False) -> list[Job]:
    """The fetches still to do (those interrupted by a crash or a quit included)."""
    return [Job(*row) for row in library.storage.pending_fetches(include_held=include_held)]


def run_queue(
    library: Library,
    jobs: list[Job],
    *,
    interval: float = DEFAULT_INTERVAL,
    workers: int = DEFAULT_WORKERS,
    on_done: Callable[[int, int, Job, str], None] | None = None,
) -> dict[str, int]:
    """Fetch ``jobs`` with a thread pool, storing each result on this thread as it comes."""
    pacer = HostPacer(jobs, interval)
    total = len(jobs)
    counts = dict.fromkeys(FETCH_OUTCOMES, 0)
    running: dict[Future[Prepared], Job] = {}
    finished = 0
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="import-fetch") as pool:
        while len(pacer) or running:
            while len(running) < workers:
                job = pacer.take()
                if job is None:
                    break
                running[pool.submit(library.prepare, job.url)] = job
            timeout = pacer.wait_time() if len(pacer) else None
            if not running:
                time.sleep(timeout or 0.0)
                continue
            done, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
            for future in done:
                job = running.pop(future)
                pacer.done(job)
                error = future.exception()
                prepared = None if error is not None else future.result()
                outcome = store_result(library, job, prepared, error)
                counts[outcome] += 1
                finished += 1
                if on_done is not None:
                    on_done(finished, total, job, outcome)
    return counts
