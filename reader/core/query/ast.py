"""The parsed form of a query: plain, immutable nodes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """A word or a "phrase" matched by the full-text index (a word may end in a prefix)."""

    value: str
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class Field:
    """A filter such as site:lemonde or added:>2024-01.

    ``value`` is the normalised value; for dates ``low``/``high`` are the half-open ISO
    bounds ``low <= x < high`` (either may be None).
    """

    name: str
    value: str = ""
    low: str | None = None
    high: str | None = None


@dataclass(frozen=True)
class Not:
    """Everything except what ``node`` matches."""

    node: Node


@dataclass(frozen=True)
class And:
    """All of ``nodes``."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Any of ``nodes``."""

    nodes: tuple[Node, ...]


Node = Text | Field | Not | And | Or
