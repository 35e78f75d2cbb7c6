"""The query language's tree (:mod:`reader.core.query`) compiled to ONE SQL query.

Words and phrases at the top level become a single FTS5 MATCH (ranked by bm25, like plain
search); filters become conditions on ``items``; text that sits under an OR with a filter, or
a lone negated word, becomes an ``id [NOT] IN (SELECT rowid FROM items_fts …)`` condition.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from reader.core.query import And, Field, Node, Not, Or, Text
from reader.core.storage import rows
from reader.core.storage.base import StorageBase, api
from reader.core.storage.library import RANK_WINDOW

LIVE = "i.deleted_at IS NULL"
# Rough shares of a library each value keeps (a prior: most of a list is unread and free).
STATE_SHARE = {"unread": 0.5, "reading": 0.1, "finished": 0.3, "archived": 0.2}
STATUS_SHARE = {"free": 0.7, "unknown": 0.3, "truncated": 0.1, "paywalled_full": 0.05}


def _host(column: str) -> str:
    """SQL for the host of a URL column, dots around it and the port as one more label."""
    rest = f"substr({column}, instr({column}, '//') + 2)"
    host = f"substr({rest}, 1, instr({rest} || '/', '/') - 1)"
    return f"('.' || replace(lower({host}), ':', '.') || '.')"


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_term(node: Text) -> str:
    quoted = '"' + node.value.replace('"', '""') + '"'
    return quoted + ("*" if node.prefix else "")


def fts_expr(node: Node) -> str | None:
    """The FTS5 expression for a text-only subtree, or None if it is not one."""
    if isinstance(node, Text):
        return _fts_term(node)
    if isinstance(node, Or):
        parts = [fts_expr(n) if not isinstance(n, Not) else None for n in node.nodes]
        if any(p is None for p in parts):
            return None
        return "(" + " OR ".join(p for p in parts if p) + ")"
    if isinstance(node, And):
        pos = [fts_expr(n) for n in node.nodes if not isinstance(n, Not)]
        neg = [fts_expr(n.node) for n in node.nodes if isinstance(n, Not)]
        if not pos or any(p is None for p in [*pos, *neg]):
            return None
        return "(" + " AND ".join(p for p in pos if p) + "".join(f" NOT {n}" for n in neg) + ")"
    return None


@dataclass
class Compiled:
    """A WHERE clause on ``items i`` with its parameters, and the ranked FTS match if any."""

    where: str
    params: list[Any] = field(default_factory=list)
    match: str | None = None


class _Compiler:
    def __init__(self) -> None:
        self.params: list[Any] = []

    def fts_in(self, expr: str, negate: bool = False) -> str:
        self.params.append(expr)
        op = "NOT IN" if negate else "IN"
        return f"i.id {op} (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)"

    def cond(self, node: Node) -> str:
        if isinstance(node, Text):
            return self.fts_in(_fts_term(node))
        if isinstance(node, Field):
            return self.field(node)
        if isinstance(node, Not):
            inner = fts_expr(node.node)
            if inner is not None:
                return self.fts_in(inner, negate=True)
            return f"NOT ({self.cond(node.node)})"
        expr = fts_expr(node)
        if expr is not None:
            return self.fts_in(expr)
        joiner = " AND " if isinstance(node, And) else " OR "
        return "(" + joiner.join(self.cond(n) for n in node.nodes) + ")"

    def field(self, f: Field) -> str:
        """One filter, wrapped in likelihood(): the planner has no statistics, and the
        share of rows a filter keeps is what decides which index it starts from."""
        sql, share = self._field(f)
        return f"likelihood({sql}, {share})"

    def _field(self, f: Field) -> tuple[str, float]:
        p = self.params
        if f.name == "site":
            # A scan of the items_sites covering index (never the table): a cheap substring
            # test first, the host's labels only for the few rows that pass it.
            v = _like(f.value)
            p.extend([f"%{v}%", f"%.{v}.%", f"{v}%"])
            return (
                "i.id IN (SELECT id FROM items WHERE +deleted_at IS NULL AND ("
                f"(url LIKE ? ESCAPE '\\' AND {_host('url')} LIKE ? ESCAPE '\\') "
                "OR site_name LIKE ? ESCAPE '\\'))"
            ), 0.05
        if f.name == "source":
            v = _like(f.value)
            p.extend([f"%{v}%", f"%{v}%", f"%.{v}.%"])
            return (
                "i.id IN (SELECT id FROM items WHERE +deleted_at IS NULL AND ("
                "source LIKE ? ESCAPE '\\' OR (source_url LIKE ? ESCAPE '\\' "
                f"AND {_host('source_url')} LIKE ? ESCAPE '\\')))"
            ), 0.02
        if f.name == "tag":
            p.append(f.value)
            return (
                "i.id IN (SELECT it.item_id FROM item_tags it JOIN tags t ON t.id = it.tag_id "
                "WHERE t.name = ?)"
            ), 0.05
        if f.name == "state":
            p.append(f.value)
            return "i.state = ?", STATE_SHARE.get(f.value, 0.25)
        if f.name == "status":
            if f.value == "failed":  # the != lets the planner use the not-ready index
                return "(i.status != 'ready' AND i.status = 'failed')", 0.02
            p.append(f.value)
            return "i.paywall_status = ?", STATUS_SHARE.get(f.value, 0.2)  # items_paywall
        if f.name == "is":
            return "i.favourite = 1", 0.05
        column = {"added": "i.added_at", "published": "i.published"}[f.name]
        parts = []
        if f.low is not None:
            parts.append(f"{column} >= ?")
            p.append(f.low)
        if f.high is not None:
            parts.append(f"{column} < ?")
            p.append(f.high)
        share = 0.2 if len(parts) == 2 else 0.5
        return "(" + " AND ".join(parts or [f"{column} IS NOT NULL"]) + ")", share


def compile_query(node: Node) -> Compiled:
    """One WHERE clause (live items only) plus, for top-level text, the match to rank by."""
    top = list(node.nodes) if isinstance(node, And) else [node]
    positive = [n for n in top if not isinstance(n, Not) and fts_expr(n) is not None]
    negative = [n for n in top if isinstance(n, Not) and fts_expr(n.node) is not None]
    rest = [n for n in top if n not in positive and n not in negative]
    match = None
    if positive:
        match = " AND ".join(e for n in positive if (e := fts_expr(n)))
        match += "".join(f" NOT {fts_expr(n.node)}" for n in negative)
    elif negative:
        rest += negative
    c = _Compiler()
    where = [LIVE, *(c.cond(n) for n in rest)]
    return Compiled(" AND ".join(where), c.params, match)


class QueryMixin(StorageBase):
    """Running compiled queries for :class:`Storage`."""

    @api
    def query_ids(
        self,
        node: Node,
        *,
        order: str = "rank",
        descending: bool = True,
        limit: int | None = None,
    ) -> list[int]:
        """Ids of live items a parsed query matches. ``order='rank'`` puts the best text
        match first (bm25 over the newest RANK_WINDOW matches, as plain search does);
        otherwise a listing order (see :func:`rows.order_sql`)."""
        q = compile_query(node)
        params = list(q.params)
        filtered = q.where != LIVE
        if q.match is not None and order == "rank":
            # Newest matches first, then bm25 over that window (as plain search does); the
            # filters are one set, built once from the indexes and probed per match.
            cap = RANK_WINDOW if limit is None else max(limit, RANK_WINDOW)
            where = f" AND +rowid IN (SELECT i.id FROM items i WHERE {q.where})" if filtered else ""
            sql = (
                "SELECT rowid AS id FROM (SELECT rowid, rank FROM items_fts "
                f"WHERE items_fts MATCH ?{where} ORDER BY rowid DESC LIMIT ?) "
                "ORDER BY rank, rowid DESC"
            )
            params = [q.match, *params, cap]
        else:
            where = q.where
            if q.match is not None:
                where += " AND i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)"
                params.append(q.match)
            sql = f"SELECT i.id FROM items i WHERE {where} ORDER BY "
            sql += rows.order_sql("added" if order == "rank" else order, descending)
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(0, limit))
        row = self._x(f"SELECT json_group_array(id) FROM ({sql})", params).fetchone()
        ids: list[int] = json.loads(row[0])
        return ids
