"""Imports (dedupe, merge, restore), their resumable fetch queue, and full records for export."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.core.models import STATES, Article
from reader.core.storage import blobs, rows
from reader.core.storage.base import StorageBase, api

FETCH_OUTCOMES = ("fetched", "truncated", "gone", "failed")

# The items and versions columns an export carries and an import of it restores.
ITEM_EXPORT_COLUMNS = (
    "id, url, original_url, canonical_url, title, byline, site_name, publisher, published, "
    "source, source_published, source_url, language, lead_image, description, word_count, "
    "reading_minutes, state, favourite, progress_fraction, progress_anchor, "
    "progress_updated_at, added_at, updated_at, read_at, finished_at, paywall_status, "
    "paywall_confidence, missing_fraction, needs_full_text, paywall_json, status, error"
).split(", ")
VERSION_EXPORT_COLUMNS = (
    "id, fetched_at, origin, url, text, html, word_count, paywall_status, missing_fraction, "
    "paywall_json, meta_json"
).split(", ")


class _RollbackError(Exception):
    """Raised inside a dry run's transaction to undo it."""


@dataclass
class ImportRow:
    """One record ready for the library: keyed by canonical URL, content already analysed."""

    key: str  # canonical URL: the dedupe key
    url: str
    original_url: str
    host: str
    title: str | None = None
    added_at: str | None = None
    state: str = "unread"
    favourite: bool = False
    tags: list[str] = field(default_factory=list)
    progress: float | None = None
    description: str | None = None
    published: str | None = None
    byline: str | None = None
    article: Article | None = None
    raw: bytes | None = None
    extra_meta: dict[str, Any] = field(default_factory=dict)  # highlights, byline...
    full: dict[str, Any] | None = None  # a reader export record, restored column by column


@dataclass
class RowOutcome:
    """What importing one row did: added, merged (gained tags, a star, content) or skipped."""

    outcome: str
    item_id: int | None
    detail: str = ""


class TransferMixin(StorageBase):
    """Import and export operations of :class:`Storage`."""

    # ---- import jobs -------------------------------------------------------------------
    @api
    def start_import(self, files: Sequence[str]) -> int:
        """Record an import job; its id ties the fetch queue and the report together."""
        with self._tx():
            cur = self._x(
                "INSERT INTO import_jobs(started_at, files) VALUES (?, ?)",
                (self._now(), json.dumps(list(files), ensure_ascii=False)),
            )
        assert cur.lastrowid is not None
        return cur.lastrowid

    @api
    def count_import(self, job_id: int, counts: dict[str, int]) -> None:
        """Add to a job's added/merged/skipped/malformed counters."""
        names = [n for n in ("added", "merged", "skipped", "malformed") if counts.get(n)]
        if not names:
            return
        sets = ", ".join(f"{n} = {n} + :{n}" for n in names)
        with self._tx():
            self._x(f"UPDATE import_jobs SET {sets} WHERE id = :id", {**counts, "id": job_id})

    @api
    def import_rows(
        self, batch: Sequence[ImportRow], *, job_id: int | None, hold: bool, dry_run: bool = False
    ) -> list[RowOutcome]:
        """Store a batch in one transaction (a crash keeps whole batches or nothing).

        A row whose URL the library has already merges into that item: new tags, a star,
        content for an item that had none. URL-only new items join the fetch queue, as
        'held' when ``hold`` (``--no-fetch``). ``dry_run`` works it all out and rolls back.
        """
        out: list[RowOutcome] = []
        try:
            with self._tx():
                out = [self._import_one(row, job_id, hold) for row in batch]
                if dry_run:
                    raise _RollbackError
        except _RollbackError:
            pass
        return out

    def _find(self, row: ImportRow) -> int | None:
        for url in dict.fromkeys((row.key, row.original_url, row.url)):
            found = self._find_url(url)
            if found is not None:
                return found
        return None

    def _import_one(self, row: ImportRow, job_id: int | None, hold: bool) -> RowOutcome:
        existing = self._find(row)
        if existing is not None:
            return self._merge(existing, row)
        now = self._now()
        if row.full is not None:
            item_id = self._restore(row.full, now)
        else:
            cols: dict[str, Any] = {
                "url": row.key,
                "original_url": row.original_url,
                "title": row.title,
                "description": row.description,
                "published": row.published,
                "byline": row.byline,
                "added_at": row.added_at or now,
                "updated_at": now,
                "state": row.state if row.state in STATES else "unread",
                "favourite": int(row.favourite),
            }
            if row.progress:
                cols["progress_fraction"] = min(1.0, max(0.0, row.progress))
                cols["progress_updated_at"] = now
            if row.article is not None:
                cols.update(rows.article_item_columns(row.article))
                cols["title"] = row.title or cols["title"]
                for name in ("description", "published", "byline"):
                    cols[name] = cols[name] or getattr(row, name)
            item_id = self._insert("items", cols)
            if row.article is not None:
                self._add_import_version(item_id, row)
            elif job_id is not None:
                self._x(
                    "INSERT INTO import_fetches(item_id, job_id, url, host, state) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (item_id, job_id, row.original_url, row.host, "held" if hold else "pending"),
                )
        self._attach_tags(item_id, row.tags)  # (the search index follows by triggers)
        return RowOutcome("added", item_id)

    def _merge(self, item_id: int, row: ImportRow) -> RowOutcome:
        have = {t.casefold() for t in self._tags_for([item_id]).get(item_id, [])}
        new_tags = [t for t in rows.clean_tags(row.tags) if t.casefold() not in have]
        changes = []
        if new_tags:
            self._attach_tags(item_id, new_tags)
            changes.append("+" + ", +".join(new_tags))
        current = self._require(item_id)
        if row.favourite and not current["favourite"]:
            self._update(item_id, favourite=1)
            changes.append("★")
        if row.article is not None and current["best_version_id"] is None:
            cols = rows.article_item_columns(row.article)
            cols["title"] = current["title"] or row.title or cols["title"]
            self._update(item_id, **cols, status="ready", error=None)
            self._add_import_version(item_id, row)
            self._x("DELETE FROM import_fetches WHERE item_id = ?", (item_id,))
            changes.append("content")
        if not changes:
            return RowOutcome("skipped", item_id, "already in the library")
        self._update(item_id)
        return RowOutcome("merged", item_id, " ".join(changes))

    def _add_import_version(self, item_id: int, row: ImportRow) -> None:
        assert row.article is not None
        cols = rows.article_version_columns(row.article)
        if row.extra_meta:
            meta = json.loads(cols["meta_json"])
            meta.update(row.extra_meta)
            cols["meta_json"] = json.dumps(meta, ensure_ascii=False)
        cols.update(
            item_id=item_id,
            fetched_at=self._now(),
            origin="import",
            url=row.original_url,
            raw_html=blobs.pack_page(row.raw),
        )
        version_id = self._insert("versions", cols)
        self._x("UPDATE items SET best_version_id = ? WHERE id = ?", (version_id, item_id))

    def _restore(self, full: dict[str, Any], now: str) -> int:
        """Insert an exported item with every column and version it had."""
        cols = {c: full.get(c) for c in ITEM_EXPORT_COLUMNS if c != "id" and c in full}
        progress = full.get("progress")
        if isinstance(progress, dict):
            cols["progress_fraction"] = progress.get("fraction") or 0.0
            cols["progress_anchor"] = progress.get("anchor")
            cols["progress_updated_at"] = progress.get("updated_at")
        paywall = full.get("paywall")
        if isinstance(paywall, dict):
            cols["paywall_json"] = json.dumps(paywall, ensure_ascii=False)
            cols.setdefault("paywall_status", paywall.get("status") or "unknown")
        cols["favourite"] = int(bool(cols.get("favourite")))
        cols["needs_full_text"] = int(bool(cols.get("needs_full_text")))
        cols.setdefault("added_at", now)
        cols["updated_at"] = cols.get("updated_at") or now
        if cols.get("status") == "saving":
            cols["status"] = "failed"
        item_id = self._insert("items", cols)
        for version in full.get("versions") or []:
            vcols = {c: version.get(c) for c in VERSION_EXPORT_COLUMNS if c != "id"}
            for name in ("paywall", "meta"):
                if isinstance(version.get(name), dict):
                    vcols[f"{name}_json"] = json.dumps(version[name], ensure_ascii=False)
            vcols["origin"] = vcols.get("origin") or "import"
            vcols["fetched_at"] = vcols.get("fetched_at") or now
            vcols.update(rows.packed_texts(vcols.get("text"), vcols.get("html"), vcols))
            vcols["word_count"] = vcols.get("word_count") or 0
            vcols["paywall_status"] = vcols.get("paywall_status") or "unknown"
            vcols["item_id"] = item_id
            version_id = self._insert("versions", vcols)
            if version.get("best"):
                self._x("UPDATE items SET best_version_id = ? WHERE id = ?", (version_id, item_id))
        return item_id

    # ---- the fetch queue ---------------------------------------------------------------
    @api
    def pending_fetches(self, *, include_held: bool = False) -> list[tuple[int, str, str]]:
        """(item id, URL, host) of queued fetches still to do, oldest first."""
        states = "('pending', 'held')" if include_held else "('pending')"
        cur = self._x(
            "SELECT f.item_id, f.url, f.host FROM import_fetches f "
            "JOIN items i ON i.id = f.item_id "
            f"WHERE f.state IN {states} AND i.deleted_at IS NULL ORDER BY f.item_id"
        )
        return [(int(a), str(b), str(c)) for a, b, c in cur]

    @api
    def release_held(self) -> int:
        """Queue the fetches an import with --no-fetch held back; returns how many."""
        with self._tx():
            cur = self._x("UPDATE import_fetches SET state = 'pending' WHERE state = 'held'")
            return cur.rowcount

    @api
    def record_fetch(self, item_id: int, outcome: str, reason: str | None = None) -> None:
        """A queued fetch ended: fetched, truncated, gone or failed (the item keeps the reason)."""
        if outcome not in FETCH_OUTCOMES:
            raise ValueError(f"unknown fetch outcome {outcome!r}")
        with self._tx():
            self._x(
                "UPDATE import_fetches SET state = ?, reason = ?, tries = tries + 1, done_at = ? "
                "WHERE item_id = ?",
                (outcome, reason, self._now(), item_id),
            )
            if outcome in ("gone", "failed"):
                self._x(
                    "UPDATE items SET status = 'failed', error = ?, updated_at = ? "
                    "WHERE id = ? AND best_version_id IS NULL",
                    (reason, self._now(), item_id),
                )

    @api
    def fetch_report(self, job_id: int | None = None) -> dict[str, int]:
        """How the queued fetches of one import (or of all) ended, with those still to do."""
        out = dict.fromkeys(("pending", "held", *FETCH_OUTCOMES), 0)
        where, params = ("WHERE job_id = ?", (job_id,)) if job_id is not None else ("", ())
        for state, n in self._x(
            f"SELECT state, COUNT(*) FROM import_fetches {where} GROUP BY state", params
        ):
            out[state] = int(n)
        return out

    # ---- export ------------------------------------------------------------------------
    @api
    def export_records(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        """Every column an export carries for live items ``ids`` (in that order), with their
        versions (oldest first, the shown one marked ``best``) and tags; never raw pages."""
        found: dict[int, dict[str, Any]] = {}
        cols = ", ".join(ITEM_EXPORT_COLUMNS)
        vcols = ", ".join(VERSION_EXPORT_COLUMNS)
        ids = list(ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for row in self._x(
                f"SELECT {cols}, best_version_id FROM items "
                f"WHERE id IN ({marks}) AND deleted_at IS NULL",
                chunk,
            ):
                found[row["id"]] = _record(row)
            for vrow in self._x(
                f"SELECT item_id, {vcols}, text_z, html_z FROM versions "
                f"WHERE item_id IN ({marks}) ORDER BY id",
                chunk,
            ):
                record = found.get(vrow["item_id"])
                if record is not None:
                    record["versions"].append(_version(vrow, record))
        tags = self._tags_for(list(found))
        for item_id, record in found.items():
            record["tags"] = tags.get(item_id, [])
            del record["best_version_id"]
        return [found[i] for i in ids if i in found]


def _loads(raw: str | None) -> Any:
    return json.loads(raw) if raw else None


def _record(row: sqlite3.Row) -> dict[str, Any]:
    out = {c: row[c] for c in ITEM_EXPORT_COLUMNS}
    out["favourite"] = bool(out["favourite"])
    out["needs_full_text"] = bool(out["needs_full_text"])
    out["progress"] = {
        "fraction": out.pop("progress_fraction"),
        "anchor": out.pop("progress_anchor"),
        "updated_at": out.pop("progress_updated_at"),
    }
    out["paywall"] = _loads(out.pop("paywall_json"))
    out["best_version_id"] = row["best_version_id"]
    out["versions"] = []
    return out


def _version(row: sqlite3.Row, record: dict[str, Any]) -> dict[str, Any]:
    out = {c: row[c] for c in VERSION_EXPORT_COLUMNS}
    out["text"], out["html"] = rows.version_text(row), rows.version_html(row)
    out["paywall"] = _loads(out.pop("paywall_json"))
    out["meta"] = _loads(out.pop("meta_json"))
    out["best"] = row["id"] == record["best_version_id"]
    del out["id"]
    return out
