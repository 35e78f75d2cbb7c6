"""Background work for the GUI: the only module that starts threads.

Workers receive plain data and return plain data; results come back to the GUI thread
through queued signals. The runner keeps every task alive until its result is delivered,
and after :meth:`TaskRunner.shutdown` late results are dropped on the floor.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

logger = logging.getLogger(__name__)

SuccessCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class _Relay(QObject):
    """Carries a worker's outcome to the GUI thread (it lives there, so emits are queued)."""

    succeeded = Signal(int, object)
    failed = Signal(int, object)
    progressed = Signal(int, object)  # a partial result of a streaming task


class _Job(QRunnable):
    """Runs one callable in the pool and reports through the relay."""

    def __init__(
        self,
        task_id: int,
        relay: _Relay,
        fn: Callable[..., Any],
        args: tuple,
        streaming: bool = False,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it; the runner drops it once delivered
        self._task_id = task_id
        self._relay = relay
        self._fn = fn
        self._args = args
        self._streaming = streaming

    def _emit(self, partial: object) -> None:
        self._relay.progressed.emit(self._task_id, partial)

    def run(self) -> None:
        try:
            if self._streaming:
                result = self._fn(*self._args, progress=self._emit)
            else:
                result = self._fn(*self._args)
        except BaseException as exc:  # reported to the GUI thread, which decides
            self._relay.failed.emit(self._task_id, exc)
        else:
            self._relay.succeeded.emit(self._task_id, result)


@dataclass
class _Pending:
    job: _Job
    on_success: SuccessCallback | None
    on_error: ErrorCallback | None
    on_progress: SuccessCallback | None = None


class TaskRunner(QObject):
    """Submit callables to a thread pool; get their results as callbacks on the GUI thread."""

    all_done = Signal()

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.succeeded.connect(self._deliver_success)
        self._relay.failed.connect(self._deliver_error)
        self._relay.progressed.connect(self._deliver_progress)
        self._pending: dict[int, _Pending] = {}
        self._ids = itertools.count(1)
        self._closed = False

    @property
    def active(self) -> int:
        """How many tasks have not delivered their result yet."""
        return len(self._pending)

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: SuccessCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_progress: SuccessCallback | None = None,
    ) -> int:
        """Run ``fn(*args)`` in the pool; returns a task id.

        With ``on_progress``, ``fn`` is called as ``fn(*args, progress=emit)`` and each
        ``emit(partial)`` reaches ``on_progress(partial)`` on the GUI thread, in order.
        """
        if self._closed:
            raise RuntimeError("the task runner has been shut down")
        task_id = next(self._ids)
        job = _Job(task_id, self._relay, fn, args, streaming=on_progress is not None)
        self._pending[task_id] = _Pending(job, on_success, on_error, on_progress)
        self._pool.start(job)
        return task_id

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Stop accepting work, drop queued jobs, wait for running ones; True if all ended."""
        self._closed = True
        self._pool.clear()
        finished = self._pool.waitForDone(timeout_ms)
        if not finished:
            logger.warning("quitting with %d background task(s) still running", self.active)
        return finished

    @Slot(int, object)
    def _deliver_success(self, task_id: int, result: object) -> None:
        pending = self._take(task_id)
        if pending is not None and pending.on_success is not None:
            pending.on_success(result)
        self._maybe_all_done()

    @Slot(int, object)
    def _deliver_progress(self, task_id: int, partial: object) -> None:
        pending = None if self._closed else self._pending.get(task_id)
        if pending is not None and pending.on_progress is not None:
            pending.on_progress(partial)

    @Slot(int, object)
    def _deliver_error(self, task_id: int, error: object) -> None:
        pending = self._take(task_id)
        if pending is None:
            return
        if pending.on_error is not None:
            pending.on_error(error)  # type: ignore[arg-type]
        else:
            logger.error("background task failed", exc_info=error)  # type: ignore[arg-type]
        self._maybe_all_done()

    def _take(self, task_id: int) -> _Pending | None:
        pending = self._pending.pop(task_id, None)
        if self._closed:
            return None  # late result after quit: ignore it
        return pending

    def _maybe_all_done(self) -> None:
        if not self._pending:
            self.all_done.emit()
