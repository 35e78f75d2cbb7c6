"""Pure helpers: row <-> model mapping, filters, the better-version rule, FTS queries."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from reader.core.models import (
    PAYWALL_STATUSES,
    STATES,
    Article,
    Item,
    PaywallVerdict,
    Progress,
    Version,
)
from reader.core.storage import blobs
from reader.core.storage.schema import IN_PROGRESS, NOT_READY_ROWS

ORIGINS = ("fetch", "file", "text", "stdin", "clipboard", "retrieve", "import")
ORDERS = ("added", "published", "title", "progress", "recent_progress")

# Higher is better: a complete text beats an unknown one beats a cut-off one.
_STATUS_RANK = {"free": 2, "paywalled_full": 2, "unknown": 1, "truncated": 0}
MIN_WORD_RATIO = 0.9

ITEM_COLUMNS = (
    "id, url, original_url, canonical_url, title, byline, site_name, published, source, "
    "source_published, source_url, language, word_count, reading_minutes, state, favourite, "
    "progress_fraction, progress_anchor, progress_updated_at, added_at, updated_at, "
    "paywall_json, paywall_status, paywall_confidence, missing_fraction, needs_full_text, "
    "best_version_id, lead_image, status, error, excerpt"
)
EXCERPT_CHARS = 240  # the start of the text, for a one-line excerpt in lists
VERSION_COLUMNS = (
    "v.id, v.item_id, v.fetched_at, v.origin, v.url, v.text, v.text_z, v.html, v.html_z, "
    "v.word_count, "
    "v.paywall_json, v.paywall_status, v.missing_fraction"
)
META_FIELDS = (
    "title",
    "byline",
    "site_name",
    "publisher",
    "canonical_url",
    "published",
    "source",
    "source_published",
    "source_url",
    "language",
    "lead_image",
    "description",
)


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO 8601 UTC with whole seconds, e.g. ``2026-11-28T10:00:00+00:00``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def content_hash(text: str | None, verdict_json: str | None) -> str:
    """What tells two versions apart: the extracted text and the verdict on it.

    A page fetched again with the same text gets the same verdict, so it adds nothing; a
    re-analysis that judges the same text differently (new site evidence, a new model) is
    a new version.
    """
    data = f"{text or ''}\0{verdict_json or ''}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:32]


def article_hash(article: Article) -> str:
    """:func:`content_hash` of an analysed article."""
    return content_hash(article.text, verdict_columns(article.paywall)["paywall_json"])


def check_origin(origin: str) -> str:
    """Reject an origin the schema does not know."""
    if origin not in ORIGINS:
        raise ValueError(f"unknown version origin {origin!r}; expected one of {ORIGINS}")
    return origin


def check_state(state: str) -> str:
    """Reject a state that is not one of :data:`STATES`."""
    if state not in STATES:
        raise ValueError(f"unknown state {state!r}; expected one of {STATES}")
    return state


def verdict_columns(verdict: PaywallVerdict) -> dict[str, Any]:
    """The items/versions columns derived from a verdict."""
    if verdict.status not in PAYWALL_STATUSES:
        raise ValueError(f"unknown paywall status {verdict.status!r}")
    return {
        "paywall_status": verdict.status,
        "paywall_json": json.dumps(verdict.to_dict(), ensure_ascii=False),
        "missing_fraction": verdict.missing_fraction,
    }


def is_better(new_status: str, new_words: int, best_status: str, best_words: int) -> bool:
    """True when a new version is not worse than the current best and should replace it.

    Paywall status ranks first (free/paywalled_full > unknown > truncated): a complete
    text beats a cut-off one whatever their lengths (a teaser's page can carry more words
    of boilerplate than the article has). Between equals, a version with fewer than 90%
    of the best one's words never replaces it.
    """
    new_rank, best_rank = _STATUS_RANK.get(new_status, 1), _STATUS_RANK.get(best_status, 1)
    if new_rank != best_rank:
        return new_rank > best_rank
    return new_words >= MIN_WORD_RATIO * best_words


def article_item_columns(article: Article) -> dict[str, Any]:
    """items columns taken from an analysed article (metadata, counts, verdict)."""
    cols: dict[str, Any] = {name: getattr(article.meta, name) for name in META_FIELDS}
    verdict = article.paywall
    cols.update(verdict_columns(verdict))
    cols.update(
        word_count=int(article.word_count),
        reading_minutes=int(article.reading_minutes),
        paywall_confidence=float(verdict.confidence),
        needs_full_text=int(verdict.needs_full_text),
        excerpt=excerpt_of(article.text),
    )
    return cols


def excerpt_of(text: str | None) -> str | None:
    """The first words of a text, on one line (None for no text)."""
    words = " ".join((text or "")[: EXCERPT_CHARS * 2].split())
    return words[:EXCERPT_CHARS] or None


def article_version_columns(article: Article) -> dict[str, Any]:
    """versions columns taken from an analysed article."""
    cols = verdict_columns(article.paywall)
    cols.update(
        text="",  # both kept compressed: text_z and html_z
        text_z=blobs.pack_text(article.text or ""),
        html="",
        html_z=blobs.pack_text(article.html or ""),
        content_hash=article_hash(article),
        word_count=int(article.word_count),
        meta_json=json.dumps(asdict(article.meta), ensure_ascii=False),
    )
    return cols


def _verdict(raw: str | None) -> PaywallVerdict:
    return PaywallVerdict.from_dict(json.loads(raw) if raw else None)


def row_to_item(row: sqlite3.Row, tags: list[str]) -> Item:
    """Build an :class:`Item` from an items row (selected with :data:`ITEM_COLUMNS`)."""
    return Item(
        id=row["id"],
        url=row["url"],
        original_url=row["original_url"],
        canonical_url=row["canonical_url"],
        title=row["title"],
        byline=row["byline"],
        site_name=row["site_name"],
        published=row["published"],
        source=row["source"],
        source_published=row["source_published"],
        source_url=row["source_url"],
        language=row["language"],
        word_count=row["word_count"],
        reading_minutes=row["reading_minutes"],
        state=row["state"],
        favourite=bool(row["favourite"]),
        tags=tags,
        progress=Progress(
            row["progress_fraction"], row["progress_anchor"], row["progress_updated_at"]
        ),
        added_at=row["added_at"],
        updated_at=row["updated_at"],
        paywall=_verdict(row["paywall_json"]),
        needs_full_text=bool(row["needs_full_text"]),
        best_version_id=row["best_version_id"],
        lead_image=row["lead_image"],
        status=row["status"],
        error=row["error"],
        excerpt=row["excerpt"],
    )


def version_text(row: sqlite3.Row) -> str:
    """A versions row's text (stored compressed in text_z since m004)."""
    if row["text_z"] is not None:
        return blobs.unpack_text(row["text_z"])
    return str(row["text"] or "")


def version_html(row: sqlite3.Row) -> str:
    """A versions row's sanitised HTML (stored compressed in html_z since m004)."""
    if row["html_z"] is not None:
        return blobs.unpack_text(row["html_z"])
    return str(row["html"] or "")


def packed_texts(text: str | None, html: str | None, cols: dict[str, Any]) -> dict[str, Any]:
    """The versions columns holding a text and its HTML as stored (compressed, hashed)."""
    return {
        "text": "",
        "text_z": blobs.pack_text(text or ""),
        "html": "",
        "html_z": blobs.pack_text(html or ""),
        "content_hash": content_hash(text, cols.get("paywall_json")),
    }


def row_to_version(row: sqlite3.Row) -> Version:
    """Build a :class:`Version` from a versions row (selected with :data:`VERSION_COLUMNS`)."""
    return Version(
        id=row["id"],
        item_id=row["item_id"],
        fetched_at=row["fetched_at"],
        origin=row["origin"],
        url=row["url"],
        text=version_text(row),
        html=version_html(row),
        word_count=row["word_count"],
        paywall=_verdict(row["paywall_json"]),
    )


def unique(values: Iterable[str | None]) -> list[str]:
    """The non-empty values, first occurrence first."""
    return list(dict.fromkeys(v for v in values if v))


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Strip and collapse whitespace, drop empties and case-insensitive duplicates."""
    seen: set[str] = set()
    out: list[str] = []
    for tag in tags:
        name = " ".join(str(tag).split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def fts_query(text: str) -> str | None:
    """Turn free text into a safe FTS5 query: every token quoted, the last one a prefix.

    Returns None when nothing searchable is left (empty input, only punctuation).
    """
    terms = [t for t in text.split() if any(c.isalnum() for c in t)]
    if not terms:
        return None
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def filter_sql(
    *,
    state: str | Sequence[str] | None,
    needs_full_text: bool | None,
    tag: str | None,
    favourite: bool | None,
    in_progress: bool | None,
    status: str | None = None,
) -> tuple[str, list[Any]]:
    """The WHERE clause (always excluding soft-deleted rows) and its parameters.

    A state filter lists only saved articles: a failed save is not an unread article.
    """
    clauses = ["deleted_at IS NULL"]
    params: list[Any] = []
    if status is not None:
        if status not in ("ready", "saving", "failed"):
            raise ValueError(f"unknown status {status!r}")
        clauses.append("status = ?")
        params.append(status)
    if state is not None:
        states = [state] if isinstance(state, str) else list(state)
        for one in states:
            check_state(one)
        if len(states) == 1:
            clauses.append("state = ?")
        else:
            clauses.append(f"state IN ({', '.join('?' * len(states))})")
        params.extend(states)
        if status is None:
            clauses.append(f"id NOT IN (SELECT id FROM {NOT_READY_ROWS})")
    if needs_full_text is not None:
        clauses.append("needs_full_text = ?")
        params.append(int(needs_full_text))
    if favourite is not None:
        clauses.append("favourite = ?")
        params.append(int(favourite))
    if in_progress is not None:
        started = f"({IN_PROGRESS})"  # the items_in_progress partial index's condition
        clauses.append(started if in_progress else f"NOT {started}")
    if tag is not None:
        clauses.append(
            "id IN (SELECT it.item_id FROM item_tags it JOIN tags t ON t.id = it.tag_id "
            "WHERE t.name = ?)"
        )
        params.append(tag.strip())
    return " AND ".join(clauses), params


def order_sql(order: str, descending: bool) -> str:
    """The ORDER BY clause for a listing; ties break on id, missing values sort last."""
    direction = "DESC" if descending else "ASC"
    if order == "added":
        return f"added_at {direction}, id {direction}"
    if order == "progress":
        return f"progress_fraction {direction}, id {direction}"
    if order == "title":
        return f"title IS NULL, title COLLATE NOCASE {direction}, id {direction}"
    column = {"published": "published", "recent_progress": "progress_updated_at"}.get(order)
    if column is None:
        raise ValueError(f"unknown order {order!r}; expected one of {ORDERS}")
    if descending:  # NULL sorts lowest, so it already comes last
        return f"{column} DESC, id DESC"
    return f"{column} IS NULL, {column} ASC, id ASC"
