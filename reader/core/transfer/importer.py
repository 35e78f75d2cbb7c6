"""Import files into a library: parse, key by canonical URL, judge content offline, store in
committed batches (a crash loses at most the batch in flight), and report."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.intake.urls import canonicalize, strip_userinfo, validate_url
from reader.core.storage import ImportRow, RowOutcome, Storage
from reader.core.transfer.detect import parse_file
from reader.core.transfer.records import FORMATS, ImportRecord, Malformed, Parsed

logger = logging.getLogger(__name__)

BATCH_ROWS = 1000  # rows per transaction
BATCH_CONTENT = 25  # rows with content to analyse per transaction (keeps commits frequent)


@dataclass
class Line:
    """One row's fate, for --dry-run and --json."""

    line: int
    url: str
    outcome: str  # added | merged | skipped | malformed
    detail: str = ""
    item_id: int | None = None
    truncated: bool = False  # content came with it and the verdict says it is cut off


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
    def truncated(self) -> int:
        """Added items whose imported content the verdict found truncated."""
        return sum(1 for ln in self.lines if ln.outcome == "added" and ln.truncated)

    @property
    def label(self) -> str:
        """The format's name for people."""
        return FORMATS.get(self.format, self.format)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text: str | None) -> str | None:
    """A title from a file: no control characters, whitespace collapsed (None if empty)."""
    if text is None:
        return None
    return " ".join(_CONTROL.sub(" ", text).split()) or None


def _host(key: str) -> str:
    """The host of a canonical URL ('scheme://host[:port]/…'), without the port."""
    netloc = key.split("/", 3)[2].rpartition("@")[2]
    if netloc.startswith("["):
        return netloc[: netloc.find("]") + 1]
    return netloc.partition(":")[0]


def to_row(record: ImportRecord) -> ImportRow:
    """A parsed record as the storage takes it; ReaderError/ValueError for a bad URL."""
    url = strip_userinfo(record.url.strip())
    key = canonicalize(url)  # validates it too
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
        host=_host(key),
        title=_clean(record.title),
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


class PreparedFile:
    """One parsed file on its way into a library, a batch at a time.

    :func:`prepare` with ``eager=True`` analyses every record up front (a GUI worker does
    that, away from the library); otherwise each batch analyses its own records just before
    they are stored, so a big file commits from the start.
    """

    def __init__(self, path: str, parsed: Parsed, *, eager: bool = False) -> None:
        self.path = path
        self.report = FileReport(path, parsed.format)
        self.report.lines.extend(Line(m.line, "", "malformed", m.reason) for m in parsed.malformed)
        self._todo: list[ImportRecord | tuple[ImportRecord, ImportRow]] = list(parsed.records)
        self.rows = len(self._todo)
        self.position = 0
        if eager:
            self._todo = [r for r in map(self._convert, self._todo) if r is not None]
            self.rows = len(self._todo)

    @property
    def done(self) -> bool:
        """Every record has been stored (or reported)."""
        return self.position >= len(self._todo)

    def _convert(
        self, item: ImportRecord | tuple[ImportRecord, ImportRow]
    ) -> tuple[ImportRecord, ImportRow] | None:
        if isinstance(item, tuple):
            return item
        try:
            return item, to_row(item)
        except (ReaderError, ValueError) as exc:
            self.report.lines.append(Line(item.line, item.url, "malformed", str(exc)))
            return None

    def next_batch(self, size: int = BATCH_ROWS) -> list[tuple[ImportRecord, ImportRow]]:
        """The next rows to store in one transaction (fewer when they carry content)."""
        batch: list[tuple[ImportRecord, ImportRow]] = []
        content = 0
        while not self.done and len(batch) < size and content < BATCH_CONTENT:
            converted = self._convert(self._todo[self.position])
            self.position += 1
            if converted is not None:
                batch.append(converted)
                content += converted[1].article is not None
        return batch


def prepare(path: str, parsed: Parsed, *, eager: bool = True) -> PreparedFile:
    """A parsed file ready to store (``eager``: its content analysed now; no library use)."""
    return PreparedFile(path, parsed, eager=eager)


def store_next_batch(
    storage: Storage,
    prepared: PreparedFile,
    job_id: int | None,
    *,
    fetch: bool = True,
    dry_run: bool = False,
    size: int = BATCH_ROWS,
) -> int:
    """Store the next batch of a file in one transaction; how many records it took."""
    before = prepared.position
    batch = prepared.next_batch(size)
    if batch:
        outcomes = storage.import_rows(
            [r for _, r in batch], job_id=job_id, hold=not fetch, dry_run=dry_run
        )
        prepared.report.lines.extend(_lines(batch, outcomes))
    if prepared.done:
        prepared.report.lines.sort(key=lambda ln: ln.line)
    return prepared.position - before


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
    done = 0
    reports = []
    for path, result in parsed:
        prepared = PreparedFile(path, result)
        while not prepared.done:
            done += store_next_batch(storage, prepared, job_id, fetch=fetch, dry_run=dry_run)
            if on_batch is not None:
                on_batch(done, total)
        if job_id is not None:
            storage.count_import(job_id, prepared.report.summary())
        reports.append(prepared.report)
    return job_id, reports


def _lines(batch: list[tuple[ImportRecord, ImportRow]], outcomes: list[RowOutcome]) -> list[Line]:
    return [
        Line(
            rec.line,
            row.url,
            out.outcome,
            out.detail,
            out.item_id,
            truncated=row.article is not None and row.article.paywall.status == "truncated",
        )
        for (rec, row), out in zip(batch, outcomes, strict=True)
    ]


def malformed_messages(report: FileReport) -> list[Malformed]:
    """The rows that were skipped as unreadable, with their line numbers."""
    return [Malformed(ln.line, ln.detail) for ln in report.lines if ln.outcome == "malformed"]
