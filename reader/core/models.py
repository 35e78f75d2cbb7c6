"""Plain data passed between core, CLI and UI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STATES = ("unread", "reading", "finished", "archived")
PAYWALL_STATUSES = ("free", "truncated", "paywalled_full", "unknown")


@dataclass
class Evidence:
    """One observation behind a paywall verdict."""

    signal: str
    detail: str
    weight: float = 0.0


@dataclass
class PaywallVerdict:
    """Whether the saved text is the whole article, and why we think so."""

    status: str = "unknown"
    confidence: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)
    missing_fraction: float | None = None
    missing_method: str | None = None
    # stable keys of the wall boxes seen on the page (verdict.features.wall_signatures)
    signatures: list[str] = field(default_factory=list)

    @property
    def needs_full_text(self) -> bool:
        """True when the text is cut off and the rest should be retrieved."""
        return self.status == "truncated"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the CLI and the database use it)."""
        return {
            "status": self.status,
            "confidence": round(self.confidence, 3),
            "missing_fraction": self.missing_fraction,
            "missing_method": self.missing_method,
            "evidence": [asdict(e) for e in self.evidence],
            "signatures": list(self.signatures),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> PaywallVerdict:
        """Inverse of :meth:`to_dict`."""
        if not data:
            return cls()
        return cls(
            status=data.get("status", "unknown"),
            confidence=float(data.get("confidence") or 0.0),
            evidence=[Evidence(**e) for e in data.get("evidence") or []],
            missing_fraction=data.get("missing_fraction"),
            missing_method=data.get("missing_method"),
            signatures=[str(s) for s in data.get("signatures") or []],
        )


@dataclass
class Metadata:
    """Everything we know about an article besides its text."""

    title: str | None = None
    byline: str | None = None
    site_name: str | None = None
    publisher: str | None = None
    canonical_url: str | None = None
    published: str | None = None
    source: str | None = None
    source_published: str | None = None
    source_url: str | None = None
    language: str | None = None
    lead_image: str | None = None
    description: str | None = None


@dataclass
class Article:
    """The result of analysing one page: metadata, clean text and HTML, verdict."""

    url: str | None
    meta: Metadata
    text: str
    html: str
    word_count: int
    reading_minutes: int
    paywall: PaywallVerdict
    kind: str = "html"  # html | text | clipboard

    def fields(self) -> dict[str, Any]:
        """The JSON fields shared by ``extract`` and ``show --format json``."""
        m = self.meta
        return {
            "url": self.url,
            "canonical_url": m.canonical_url,
            "title": m.title,
            "byline": m.byline,
            "site_name": m.site_name,
            "publisher": m.publisher,
            "published": m.published,
            "source": m.source,
            "source_published": m.source_published,
            "source_url": m.source_url,
            "language": m.language,
            "lead_image": m.lead_image,
            "word_count": self.word_count,
            "reading_minutes": self.reading_minutes,
            "paywall": self.paywall.to_dict(),
            "needs_full_text": self.paywall.needs_full_text,
        }


@dataclass
class FetchResult:
    """A downloaded page, decoded."""

    url: str  # final URL after redirects
    requested_url: str
    status: int
    content_type: str
    encoding: str
    text: str
    raw: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Progress:
    """How far the reader got: a fraction of the scroll height and an anchor paragraph."""

    fraction: float = 0.0
    anchor: str | None = None
    updated_at: str | None = None


@dataclass
class Item:
    """One saved article as the library keeps it."""

    id: int
    url: str
    original_url: str
    canonical_url: str | None
    title: str | None
    byline: str | None
    site_name: str | None
    published: str | None
    source: str | None
    source_published: str | None
    source_url: str | None
    language: str | None
    word_count: int
    reading_minutes: int
    state: str
    favourite: bool
    tags: list[str]
    progress: Progress
    added_at: str
    updated_at: str
    paywall: PaywallVerdict
    needs_full_text: bool
    best_version_id: int | None = None
    lead_image: str | None = None
    status: str = "ready"  # ready | saving | failed (GUI placeholder rows)
    error: str | None = None  # why a 'failed' placeholder failed
    excerpt: str | None = None  # the start of the text, for lists

    def to_json(self) -> dict[str, Any]:
        """The record printed by ``list --json`` and friends."""
        return {
            "id": self.id,
            "url": self.url,
            "original_url": self.original_url,
            "canonical_url": self.canonical_url,
            "title": self.title,
            "byline": self.byline,
            "site_name": self.site_name,
            "published": self.published,
            "source": self.source,
            "source_published": self.source_published,
            "source_url": self.source_url,
            "language": self.language,
            "word_count": self.word_count,
            "reading_minutes": self.reading_minutes,
            "state": self.state,
            "progress": asdict(self.progress),
            "favourite": self.favourite,
            "tags": list(self.tags),
            "added_at": self.added_at,
            "updated_at": self.updated_at,
            "paywall": self.paywall.to_dict(),
            "needs_full_text": self.needs_full_text,
            "status": self.status,
            "error": self.error,
        }


@dataclass
class Version:
    """One fetch (or paste) of an item, with its extraction and verdict."""

    id: int
    item_id: int
    fetched_at: str
    origin: str  # fetch | file | text | stdin | clipboard | retrieve
    url: str | None
    text: str
    html: str
    word_count: int
    paywall: PaywallVerdict


MARKS = ("complete", "truncated")


@dataclass(frozen=True)
class UserMark:
    """The user's own verdict on one saved page, with the wall shapes that page carried."""

    item_id: int
    mark: str  # complete | truncated
    host: str  # normalised host of the page ("" when it has none)
    url: str | None
    signatures: tuple[str, ...] = ()  # wall boxes / marker lines seen on that page
    marked_at: str = ""

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (``reader mark --json``)."""
        return {**asdict(self), "signatures": list(self.signatures)}


@dataclass
class Prepared:
    """A source fetched and analysed, ready to be stored (plain data, thread-safe)."""

    source: str
    url: str  # canonical URL used for de-duplication (a synthetic one for files and text)
    original_url: str
    article: Article
    raw: bytes | None
    origin: str  # fetch | file | text | stdin | clipboard
