"""Retrieval state for :class:`Storage`: credential metadata, the domain ledger, the queue,
settings, and switching an item to another of its versions. Never a secret: those live in
keyring (see :mod:`reader.core.retrieve.credentials`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reader.core.errors import NotFoundError
from reader.core.extract.text_stats import count
from reader.core.models import PaywallVerdict
from reader.core.storage import rows
from reader.core.storage.base import StorageBase, api

METHODS = ("cookie", "password", "browser")
QUEUE_STATES = ("queued", "running", "done", "failed", "cancelled")


@dataclass
class CredentialInfo:
    """What SQLite knows about a credential: never the secret."""

    host: str
    username: str | None
    method: str
    added_at: str
    last_ok_at: str | None


@dataclass
class LedgerEntry:
    """The route history of one registrable domain."""

    domain: str
    last_route: str | None
    last_result: str | None
    last_at: str | None
    worked_route: str | None
    worked_at: str | None


@dataclass
class QueueEntry:
    """One item in the retrieval queue."""

    item_id: int
    via: str | None
    state: str
    queued_at: str
    updated_at: str
    report: str | None


class RetrievalMixin(StorageBase):
    """Retrieval tables of :class:`Storage`."""

    # ---- credentials (metadata only) -------------------------------------------------
    @api
    def save_credential_info(self, host: str, username: str | None, method: str) -> None:
        """Record that ``host`` has a credential of ``method`` (the secret is elsewhere)."""
        if method not in METHODS:
            raise ValueError(f"unknown credential method {method!r}")
        with self._tx():
            self._x(
                "INSERT INTO credentials(host, username, method, added_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(host) DO UPDATE SET username = excluded.username, "
                "method = excluded.method, added_at = excluded.added_at, last_ok_at = NULL",
                (host, username, method, self._now()),
            )

    @api
    def credential_infos(self) -> list[CredentialInfo]:
        """Every credential's metadata, by host."""
        cur = self._x(
            "SELECT host, username, method, added_at, last_ok_at FROM credentials ORDER BY host"
        )
        return [CredentialInfo(*row) for row in cur]

    @api
    def delete_credential_info(self, host: str) -> bool:
        """Forget a host's credential metadata; False if there was none."""
        with self._tx():
            return self._x("DELETE FROM credentials WHERE host = ?", (host,)).rowcount > 0

    @api
    def credential_worked(self, host: str) -> None:
        """Remember that a host's credential just gave a complete article."""
        with self._tx():
            self._x("UPDATE credentials SET last_ok_at = ? WHERE host = ?", (self._now(), host))

    # ---- ledger ----------------------------------------------------------------------
    @api
    def record_route(self, domain: str, route: str, result: str, worked: bool) -> None:
        """Note the outcome of a route for a domain (and that it worked, when it did)."""
        now = self._now()
        with self._tx():
            self._x(
                "INSERT INTO domain_ledger(domain, last_route, last_result, last_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(domain) DO UPDATE SET "
                "last_route = excluded.last_route, last_result = excluded.last_result, "
                "last_at = excluded.last_at",
                (domain, route, result, now),
            )
            if worked:
                self._x(
                    "UPDATE domain_ledger SET worked_route = ?, worked_at = ? WHERE domain = ?",
                    (route, now, domain),
                )

    @api
    def ledger(self) -> dict[str, LedgerEntry]:
        """Every domain's route history."""
        cur = self._x(
            "SELECT domain, last_route, last_result, last_at, worked_route, worked_at "
            "FROM domain_ledger"
        )
        return {row[0]: LedgerEntry(*row) for row in cur}

    @api
    def item_domains_rows(self) -> list[tuple[str, str, int]]:
        """(url, original_url, needs_full_text) of every live, ready item (for the ledger)."""
        cur = self._x(
            "SELECT url, original_url, needs_full_text FROM items "
            "WHERE deleted_at IS NULL AND status = 'ready'"
        )
        return [(row[0], row[1], int(row[2])) for row in cur]

    # ---- queue -----------------------------------------------------------------------
    @api
    def enqueue(self, item_ids: Sequence[int], via: str | None) -> None:
        """Queue items for retrieval (an item already queued keeps its place)."""
        now = self._now()
        with self._tx():
            for item_id in item_ids:
                self._x(
                    "INSERT INTO retrieve_queue(item_id, via, state, queued_at, updated_at) "
                    "SELECT id, ?, 'queued', ?, ? FROM items WHERE id = ? AND deleted_at IS NULL "
                    "ON CONFLICT(item_id) DO UPDATE SET via = excluded.via, state = 'queued', "
                    "updated_at = excluded.updated_at, queued_at = CASE WHEN "
                    "retrieve_queue.state IN ('queued', 'running') THEN retrieve_queue.queued_at "
                    "ELSE excluded.queued_at END",
                    (via, now, now, item_id),
                )

    @api
    def set_queue_state(self, item_id: int, state: str, report: str | None = None) -> None:
        """Move a queued item to ``state`` with its report line."""
        if state not in QUEUE_STATES:
            raise ValueError(f"unknown queue state {state!r}")
        with self._tx():
            self._x(
                "UPDATE retrieve_queue SET state = ?, report = COALESCE(?, report), "
                "updated_at = ? WHERE item_id = ?",
                (state, report, self._now(), item_id),
            )

    @api
    def queue(self, states: Sequence[str] = ("queued", "running")) -> list[QueueEntry]:
        """Queue entries in the given states, oldest first (live items only)."""
        marks = ", ".join("?" * len(states))
        cur = self._x(
            "SELECT q.item_id, q.via, q.state, q.queued_at, q.updated_at, q.report "
            "FROM retrieve_queue q JOIN items i ON i.id = q.item_id "
            f"WHERE q.state IN ({marks}) AND i.deleted_at IS NULL ORDER BY q.queued_at, q.item_id",
            list(states),
        )
        return [QueueEntry(*row) for row in cur]

    @api
    def clear_queue(self, states: Sequence[str] = ("done", "failed", "cancelled")) -> int:
        """Drop finished queue entries; returns how many."""
        marks = ", ".join("?" * len(states))
        with self._tx():
            cur = self._x(f"DELETE FROM retrieve_queue WHERE state IN ({marks})", list(states))
            return cur.rowcount

    # ---- settings --------------------------------------------------------------------
    @api
    def retrieval_setting(self, key: str) -> str | None:
        """A retrieval setting (e.g. the archive endpoint), None when unset."""
        row = self._x("SELECT value FROM retrieve_settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @api
    def set_retrieval_setting(self, key: str, value: str | None) -> None:
        """Set (or with None, unset) a retrieval setting."""
        with self._tx():
            if value is None:
                self._x("DELETE FROM retrieve_settings WHERE key = ?", (key,))
            else:
                self._x(
                    "INSERT INTO retrieve_settings(key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

    # ---- versions --------------------------------------------------------------------
    @api
    def use_version(self, item_id: int, version_id: int) -> None:
        """Show ``version_id`` as the item's text (the user's choice); metadata follows it."""
        self._require(item_id)
        row = self._x(
            "SELECT text, text_z, word_count, paywall_json, meta_json FROM versions "
            "WHERE id = ? AND item_id = ?",
            (version_id, item_id),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"item {item_id} has no version {version_id}")
        cols: dict[str, Any] = {}
        meta = json.loads(row["meta_json"]) if row["meta_json"] else {}
        cols.update({k: meta[k] for k in rows.META_FIELDS if meta.get(k) is not None})
        verdict = PaywallVerdict.from_dict(
            json.loads(row["paywall_json"]) if row["paywall_json"] else None
        )
        cols.update(rows.verdict_columns(verdict))
        cols.update(
            word_count=int(row["word_count"]),
            reading_minutes=count(rows.version_text(row))[1],
            paywall_confidence=float(verdict.confidence),
            needs_full_text=int(verdict.needs_full_text),
        )
        with self._tx():
            self._update(item_id, **cols, best_version_id=version_id)  # FTS: by triggers
