"""File ▸ Import and File ▸ Export in the app.

Import: the files are parsed (and any content they carry analysed) in a worker; the rows are
stored on the GUI thread a batch per event-loop turn, so the window stays responsive; links
without text are then fetched in the background, one request at a time per site, with a
progress bar in the status bar; the end shows a small report chart. A queue left by a quit or
a crash resumes when the app opens. Export: the current view or the selection, in any format;
the library is read on the GUI thread and the file is written by a worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.errors import ReaderError
from reader.core.transfer import export_files, exporters, fetching, importer

if TYPE_CHECKING:
    from reader.core.models import Prepared
    from reader.core.service import Library
    from reader.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

BATCH_MS = 0  # store the next batch as soon as the event loop is free
GUI_BATCH_ROWS = 200  # rows per transaction on the GUI thread (a few tens of ms each)
TICK_MS = 250  # how often the fetch queue looks for a host that is free
MAX_FETCHES = 4
GROUP_GAP = 10  # px between the import bars and the fetch bars
EXPORT_FORMATS = {
    "json": ("reader JSON (everything, re-importable)", "json"),
    "csv": ("CSV (one row per item)", "csv"),
    "markdown": ("Markdown files with front matter (a folder)", ""),
    "html": ("One HTML reading file", "html"),
    "netscape": ("Bookmarks (Netscape HTML)", "html"),
    "epub": ("EPUB e-book", "epub"),
}
REPORT_BARS = (
    ("added", "#3b82f6"),
    ("merged", "#8b5cf6"),
    ("skipped", "#9ca3af"),
    ("malformed", "#f59e0b"),
    ("fetched", "#16a34a"),
    ("truncated", "#dc2626"),
    ("gone", "#6b7280"),
    ("failed", "#b45309"),
)


@dataclass
class ImportSummary:
    """What an import did, file by file, and how its fetches ended."""

    files: list[importer.FileReport] = field(default_factory=list)
    fetch: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Every bar of the report chart."""
        out = dict.fromkeys((name for name, _ in REPORT_BARS), 0)
        for report in self.files:
            for key, n in report.summary().items():
                out[key] += n
            out["truncated"] += report.truncated
        for key, n in self.fetch.items():
            out[key] = out.get(key, 0) + n
        return out


def prepare_files(paths: list[str]) -> list[importer.PreparedFile]:
    """Worker side of an import: parse every file and analyse the content it carries."""
    return [importer.prepare(path, parsed) for path, parsed in importer.parse_all(paths)]


class ReportChart(QWidget):
    """Horizontal bars: added, merged, skipped, malformed, then fetched, truncated, gone, failed."""

    def __init__(self, counts: dict[str, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = counts
        self.setObjectName("importReportChart")
        self.setMinimumSize(QSize(360, 22 * len(REPORT_BARS) + 8 + GROUP_GAP))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().windowText().color()
        metrics = painter.fontMetrics()
        label_w = max(metrics.horizontalAdvance(name) for name, _ in REPORT_BARS) + 12
        number_w = metrics.horizontalAdvance("000000") + 8
        top = max(self.counts.values(), default=0) or 1
        width = max(10, self.width() - label_w - number_w)
        for row, (name, colour) in enumerate(REPORT_BARS):
            y = 4 + row * 22 + (GROUP_GAP if row >= 4 else 0)  # the files, then the fetches
            n = self.counts.get(name, 0)
            painter.setPen(text_colour)
            painter.drawText(QRectF(0, y, label_w - 6, 18), Qt.AlignmentFlag.AlignRight, name)
            bar = width * n / top
            painter.fillRect(QRectF(label_w, y + 2, max(bar, 1 if n else 0), 14), QColor(colour))
            painter.drawText(QRectF(label_w + bar + 6, y, number_w, 18), 0, f"{n:,}")
        painter.end()


class ImportReportDialog(QDialog):
    """The end of an import: the chart, and the rows that could not be read."""

    def __init__(self, summary: ImportSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        layout = QVBoxLayout(self)
        lines = [f"{Path(r.path).name}: {r.label}" for r in summary.files]
        layout.addWidget(QLabel("\n".join(lines) or "Fetching the imported links", self))
        self.chart = ReportChart(summary.counts(), self)
        layout.addWidget(self.chart)
        bad = [
            f"{Path(r.path).name}, line {m.line}: {m.reason}"
            for r in summary.files
            for m in importer.malformed_messages(r)
        ]
        if bad:
            shown = bad[:8] + ([f"… and {len(bad) - 8} more"] if len(bad) > 8 else [])
            note = QLabel("Skipped rows:\n" + "\n".join(shown), self)
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class ExportDialog(QDialog):
    """Which format, and the current view or the selection."""

    def __init__(self, selected: int, in_view: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        form = QFormLayout(self)
        self.format = QComboBox(self)
        for key, (label, _ext) in EXPORT_FORMATS.items():
            self.format.addItem(label, key)
        form.addRow("Format", self.format)
        self.scope_view = QRadioButton(f"The current view ({in_view:,} articles)", self)
        self.scope_selection = QRadioButton(f"The selection ({selected:,})", self)
        group = QButtonGroup(self)
        group.addButton(self.scope_view)
        group.addButton(self.scope_selection)
        (self.scope_selection if selected > 1 else self.scope_view).setChecked(True)
        self.scope_selection.setEnabled(selected > 0)
        form.addRow("Export", self.scope_view)
        form.addRow("", self.scope_selection)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @property
    def chosen_format(self) -> str:
        """The format key."""
        return str(self.format.currentData())


class TransferController(QObject):
    """Runs imports (store, then fetch) and exports for the main window."""

    list_changed = Signal()  # rows were added
    item_updated = Signal(int)  # an imported link got its page (or its failure)
    message = Signal(str)
    finished = Signal(object)  # ImportSummary, when an import and its fetches are done

    def __init__(
        self,
        library: Library,
        tasks: TaskRunner,
        parent: QWidget,
        *,
        interval: float = fetching.DEFAULT_INTERVAL,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._tasks = tasks
        self._window = parent
        self._interval = interval
        self.progress = QProgressBar(parent)
        self.progress.setObjectName("importProgress")
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self._summary = ImportSummary()
        self._pending: list[importer.PreparedFile] = []
        self._stored = 0
        self._total = 0
        self._pacer: fetching.HostPacer | None = None
        self._running = 0
        self._fetch_total = 0
        self._fetch_done = 0
        self._job: int | None = None
        self._fetch = True
        self._report_at_end = False
        self.report_dialog: ImportReportDialog | None = None
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.timeout.connect(self._fill)
        self.show_report = True

    @property
    def busy(self) -> bool:
        """An import or its fetching is under way."""
        return bool(self._pending) or self._pacer is not None

    # ---- import -----------------------------------------------------------------------
    def choose_and_import(self) -> None:
        """File ▸ Import…: pick export files from another app (or reader)."""
        paths, _ = QFileDialog.getOpenFileNames(
            self._window,
            "Import from Pocket, Instapaper, wallabag, Omnivore, bookmarks or reader",
            str(Path.home()),
            "Export files (*.csv *.html *.htm *.json *.zip);;All files (*)",
        )
        if paths:
            self.import_files(paths)

    def import_files(self, paths: Sequence[str], *, fetch: bool = True) -> None:
        """Parse in a worker, then store and fetch; the report comes at the end."""
        self._fetch = fetch
        if self.busy:
            self.message.emit("An import is already running.")
            return
        self._summary = ImportSummary()
        self._show("Reading the files…", 0, 0)
        self._tasks.submit(
            prepare_files, list(paths), on_success=self._store, on_error=self._failed
        )

    def _failed(self, error: BaseException) -> None:
        self.progress.hide()
        if isinstance(error, ReaderError):
            self.message.emit(f"{error}. Nothing was imported.")
        else:
            logger.error("import failed", exc_info=error)
            self.message.emit("The import failed. Nothing was imported.")

    def _store(self, prepared: object) -> None:
        self._pending = list(prepared)  # type: ignore[call-overload]
        self._total = sum(p.rows for p in self._pending)
        self._stored = 0
        self._job = self._library.storage.start_import([p.path for p in self._pending])
        QTimer.singleShot(BATCH_MS, self._store_batch)

    def _store_batch(self) -> None:
        if not self._pending:
            return
        current = self._pending[0]
        stored = importer.store_next_batch(
            self._library.storage, current, self._job, fetch=self._fetch, size=GUI_BATCH_ROWS
        )
        self._stored += stored
        self._show("Importing %v of %m", self._stored, self._total)
        if current.done:
            self._summary.files.append(current.report)
            self._library.storage.count_import(self._job, current.report.summary())
            self._pending.pop(0)
        self.list_changed.emit()
        if self._pending:
            QTimer.singleShot(BATCH_MS, self._store_batch)
        elif self._fetch:
            self.resume_fetching(report=True)
        else:
            self._done(True)

    # ---- fetching ---------------------------------------------------------------------
    def resume_fetching(self, *, report: bool = False) -> None:
        """Fetch whatever the queue holds (a quit or a crash left it there)."""
        try:
            jobs = fetching.queued_jobs(self._library)
        except ReaderError as exc:
            logger.warning("import queue not read: %s", exc)
            jobs = []
        if not jobs:
            self._done(report)
            return
        self._report_at_end = report
        self._pacer = fetching.HostPacer(jobs, self._interval)
        self._fetch_total, self._fetch_done = len(jobs), 0
        self._summary.fetch = dict.fromkeys(fetching.FETCH_OUTCOMES, 0)
        self._show("Fetching %v of %m", 0, self._fetch_total)
        self._timer.start()
        self._fill()

    def _fill(self) -> None:
        pacer = self._pacer
        if pacer is None:
            return
        while self._running < MAX_FETCHES:
            job = pacer.take()
            if job is None:
                break
            self._running += 1
            self._tasks.submit(
                self._library.prepare,
                job.url,
                on_success=lambda p, j=job: self._fetched(j, p, None),
                on_error=lambda e, j=job: self._fetched(j, None, e),
            )
        if not len(pacer) and not self._running:
            self._timer.stop()
            self._pacer = None
            self._done(self._report_at_end)

    def _fetched(
        self, job: fetching.Job, prepared: Prepared | None, error: BaseException | None
    ) -> None:
        self._running -= 1
        if self._pacer is not None:
            self._pacer.done(job)
        outcome = fetching.store_result(self._library, job, prepared, error)
        self._summary.fetch[outcome] = self._summary.fetch.get(outcome, 0) + 1
        self._fetch_done += 1
        self._show("Fetching %v of %m", self._fetch_done, self._fetch_total)
        self.item_updated.emit(job.item_id)
        self._fill()

    def stop(self) -> None:
        """Quitting: stop starting fetches (the queue resumes next time)."""
        self._timer.stop()
        self._pacer = None
        self._pending = []

    def _done(self, report: bool) -> None:
        self.progress.hide()
        summary = self._summary
        self.finished.emit(summary)
        if report and self.show_report and (summary.files or summary.fetch):
            dialog = ImportReportDialog(summary, self._window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
            self.report_dialog = dialog

    def _show(self, fmt: str, value: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(value)
        self.progress.setFormat(fmt)
        self.progress.show()

    # ---- export -----------------------------------------------------------------------
    def choose_and_export(self, view_ids: list[int], selected_ids: list[int]) -> None:
        """File ▸ Export…: the current view or the selection, in a format, to a file."""
        dialog = ExportDialog(len(selected_ids), len(view_ids), self._window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        fmt = dialog.chosen_format
        ids = selected_ids if dialog.scope_selection.isChecked() else view_ids
        _label, ext = EXPORT_FORMATS[fmt]
        if fmt == "markdown":
            target = QFileDialog.getExistingDirectory(self._window, "Export Markdown into")
        else:
            target, _ = QFileDialog.getSaveFileName(
                self._window, "Export", str(Path.home() / f"reader-export.{ext}"), f"*.{ext}"
            )
        if target:
            self.export(ids, fmt, Path(target))

    def export(
        self, ids: list[int], fmt: str, path: Path, done: Callable[[int], Any] | None = None
    ) -> None:
        """Read the records here (the library stays on this thread), write in a worker."""
        try:
            records = list(exporters.records(self._library.storage, ids))
        except ReaderError as exc:
            self.message.emit(f"Export failed: {exc}")
            return

        def written(n: object) -> None:
            self.message.emit(f"Exported {n} articles to {path}")
            if done is not None:
                done(int(n))  # type: ignore[call-overload]

        def failed(error: BaseException) -> None:
            if not isinstance(error, ReaderError | OSError):
                logger.error("export failed", exc_info=error)
            self.message.emit(f"Export failed: {error}")

        self._tasks.submit(
            export_files.write_records, records, fmt, path, on_success=written, on_error=failed
        )
