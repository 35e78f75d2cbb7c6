"""Import files into a library: parse, key by canonical URL, judge content offline, store in
committed batches (a crash loses at most the batch in flight), and report."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from reader.core.errors import ReaderError
from reader.core.intake.urls import canonicalize, strip_userinfo, validate_url
from reader.core.storage import ImportRow, RowOutcome, Storage
from reader.core.transfer.detect import parse_file
from reader.core.transfer.records import FORMATS, ImportRecord, Malformed, Parsed

logger = logging.getLogger(__name__)

BATCH_ROWS = 500  # rows per transaction
BATCH_CONTENT = 25  # rows with content to analyse per transaction (keeps commits frequent)


@dataclass
class Line:
    """One row's fate, for --dry-run and --json."""

    line: int
    url: str
    outcome: str  # added | merged | skipped | malformed
    detail: str = ""
    item_id: int | None = None


@dataclass
class FileReport:
    """What one file gave and what became of it."""

    path: str
    format: str
    lines: list[Line] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        """How many rows had this outcome."""
        return sum(1 for ln in self.lines if ln.outcome == outcome)

    def summary(self) -> dict[str, int]:
        """added/merged/skipped/malformed counts."""
        return {o: self.count(o) for o in ("added", "merged", "skipped", "malformed")}

    @property
    def label(self) -> str:
        """The format's name for people."""
        return FORMATS.get(self.format, self.format)


def to_row(record: ImportRecord) -> ImportRow:
    """A parsed record as the storage takes it; ReaderError/ValueError for a bad URL."""
    url = validate_url(strip_userinfo(record.url.strip()))
    key = canonicalize(url)
    original = url
    if record.given_url:
        try:
            original = validate_url(strip_userinfo(record.given_url.strip()))
        except ReaderError:
            original = url
    row = ImportRow(
        key=key,
        url=url,
        original_url=original,
        host=(urlsplit(url).hostname or "").lower(),
        title=record.title,
        added_at=record.added_at,
        state=record.state,
        favourite=record.favourite,
        tags=list(record.tags),
        progress=record.progress,
        description=record.description,
        published=record.published,
        byline=record.byline,
        full=record.full,
    )
    if record.highlights:
        row.extra_meta["highlights"] = [
            {"quote": h.quote, "note": h.note} for h in record.highlights
        ]
    if record.content_html and record.full is None:
        _judge(row, record.content_html)
    return row


def _judge(row: ImportRow, html: str) -> None:
    """Analyse content that came with the file (extraction and verdict, no network)."""
    from reader.core.intake.sources import analyse

    try:
        article = analyse(html, row.url, "html")
    except ReaderError as exc:
        logger.info("imported content of %s could not be analysed: %s", row.url, exc)
        return
    if not article.text.strip():
        return
    row.article = article
    row.raw = html.encode("utf-8")


def parse_all(paths: Sequence[str | Path], fmt: str = "auto") -> list[tuple[str, Parsed]]:
    """Parse every file first: an unknown or unreadable one raises before anything changes."""
    return [(str(p), parse_file(p, fmt)) for p in paths]


class _Batches:
    """Collects rows and stores them a transaction at a time."""

    def __init__(
        self,
        storage: Storage,
        job_id: int | None,
        *,
        fetch: bool,
        dry_run: bool,
        total: int,
        on_batch: Callable[[int, int], None] | None,
    ) -> None:
        self.storage, self.job_id, self.fetch, self.dry_run = storage, job_id, fetch, dry_run
        self.total, self.on_batch = total, on_batch
        self.done = 0
        self.rows: list[tuple[ImportRecord, ImportRow]] = []
        self.content = 0

    def add(self, report: FileReport, record: ImportRecord, row: ImportRow) -> None:
        self.rows.append((record, row))
        self.content += row.article is not None
        if len(self.rows) >= BATCH_ROWS or self.content >= BATCH_CONTENT:
            self.flush(report)

    def skip(self) -> None:
        self.done += 1

    def flush(self, report: FileReport) -> None:
        if not self.rows:
            return
        outcomes = self.storage.import_rows(
            [r for _, r in self.rows], job_id=self.job_id, hold=not self.fetch, dry_run=self.dry_run
        )
        report.lines.extend(_lines(self.rows, outcomes))
        self.done += len(self.rows)
        self.rows, self.content = [], 0
        if self.on_batch is not None:
            self.on_batch(self.done, self.total)


def import_parsed(
    storage: Storage,
    parsed: Sequence[tuple[str, Parsed]],
    *,
    fetch: bool = True,
    dry_run: bool = False,
    on_batch: Callable[[int, int], None] | None = None,
) -> tuple[int | None, list[FileReport]]:
    """Store parsed files; returns the import job id (None for a dry run) and the reports."""
    job_id = None if dry_run else storage.start_import([p for p, _ in parsed])
    total = sum(len(p.records) for _, p in parsed)
    batches = _Batches(
        storage, job_id, fetch=fetch, dry_run=dry_run, total=total, on_batch=on_batch
    )
    reports = []
    for path, result in parsed:
        report = FileReport(path, result.format)
        report.lines.extend(Line(m.line, "", "malformed", m.reason) for m in result.malformed)
        for record in result.records:
            try:
                row = to_row(record)
            except (ReaderError, ValueError) as exc:
                report.lines.append(Line(record.line, record.url, "malformed", str(exc)))
                batches.skip()
                continue
            batches.add(report, record, row)
        batches.flush(report)
        report.lines.sort(key=lambda ln: ln.line)
        if job_id is not None:
            storage.count_import(job_id, report.summary())
        reports.append(report)
    return job_id, reports


def _lines(batch: list[tuple[ImportRecord, ImportRow]], outcomes: list[RowOutcome]) -> list[Line]:
    return [
        Line(rec.line, row.url, out.outcome, out.detail, out.item_id)
        for (rec, row), out in zip(batch, outcomes, strict=True)
    ]


def malformed_messages(report: FileReport) -> list[Malformed]:
    """The rows that were skipped as unreadable, with their line numbers."""
    return [Malformed(ln.line, ln.detail) for ln in report.lines if ln.outcome == "malformed"]
