"""Running many retrievals: hosts in parallel, each host's items one after another (and
rate-limited by the shared :class:`HostLimiter`), results handed back on the caller's thread."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

from reader.core.errors import InvalidSourceError
from reader.core.retrieve.domains import host_of, site_of
from reader.core.retrieve.routes import Attempt, Context, Task, retrieve

MAX_PARALLEL_HOSTS = 24  # threads mostly wait on the network and the rate limit
Result = tuple[Task, list[Attempt]]


def _group_key(task: Task) -> str:
    try:
        return site_of(host_of(task.url))
    except InvalidSourceError:
        return task.url


def by_site(tasks: Sequence[Task]) -> list[list[Task]]:
    """Tasks grouped by the site they go to, in first-seen order."""
    groups: dict[str, list[Task]] = {}
    for task in tasks:
        groups.setdefault(_group_key(task), []).append(task)
    return list(groups.values())


def run(
    tasks: Sequence[Task],
    ctx: Context,
    *,
    cancel: threading.Event | None = None,
    max_hosts: int = MAX_PARALLEL_HOSTS,
) -> Iterator[Result]:
    """Retrieve every task; yields (task, attempts) as each item finishes.

    Sites run in parallel (up to ``max_hosts`` at once); closing the iterator or setting
    ``cancel`` stops at the next item boundary.
    """
    stop = cancel or threading.Event()
    outer = ctx.cancelled
    ctx.cancelled = lambda: stop.is_set() or outer()
    groups = by_site(tasks)
    results: queue.Queue[Result | None] = queue.Queue()

    def work(group: list[Task]) -> None:
        try:
            for task in group:
                if ctx.cancelled():
                    return
                results.put((task, retrieve(ctx, task)))
        finally:
            results.put(None)

    if not groups:
        return
    pool = ThreadPoolExecutor(max_workers=max(1, min(max_hosts, len(groups))))
    try:
        for group in groups:
            pool.submit(work, group)
        pending = len(groups)
        while pending:
            got = results.get()
            if got is None:
                pending -= 1
            else:
                yield got
    finally:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
        ctx.cancelled = outer
