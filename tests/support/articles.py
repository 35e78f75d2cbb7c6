"""Analysed articles as the extractor hands them over, for storage and query tests."""

from __future__ import annotations

from typing import Any

from reader.core.models import Article, Metadata, PaywallVerdict


def article(
    text: str = "The quick brown fox jumps over the lazy dog.",
    *,
    title: str | None = "A title",
    status: str = "free",
    words: int | None = None,
    confidence: float = 0.8,
    **meta: Any,
) -> Article:
    """An article with ``text`` as its one paragraph; ``meta`` fills Metadata (and ``url``)."""
    count = len(text.split()) if words is None else words
    return Article(
        url=meta.pop("url", None),
        meta=Metadata(title=title, **meta),
        text=text,
        html=f"<p>{text}</p>",
        word_count=count,
        reading_minutes=max(1, count // 230),
        paywall=PaywallVerdict(status=status, confidence=confidence),
    )
