"""Helpers for the GUI tests: the seed's path and synthetic articles."""

from __future__ import annotations

from reader.core.models import Article, Metadata, PaywallVerdict
from reader.core.service import Library


def make_article(title: str, paragraphs: int = 3, words: int = 40, **meta: object) -> Article:
    """A synthetic analysed article (no network, no parsing)."""
    body = [f"{title} paragraph {n}: " + " ".join(["lorem"] * words) for n in range(paragraphs)]
    html = "".join(f"<p>{p}</p>" for p in body)
    count = paragraphs * (words + 3)
    return Article(
        url=None,
        meta=Metadata(title=title, site_name="Example", **meta),  # type: ignore[arg-type]
        text="\n\n".join(body),
        html=f"<div>{html}</div>",
        word_count=count,
        reading_minutes=max(1, count // 230),
        paywall=PaywallVerdict(status="free", confidence=0.9),
    )


def add_articles(library: Library, count: int, paragraphs: int = 3, start: int = 0) -> list[int]:
    """``count`` synthetic items, saved in one transaction; their ids."""
    ids = []
    with library.storage.batch():
        for n in range(start, start + count):
            item = library.storage.add_item(
                make_article(f"Article {n:05d}", paragraphs),
                url=f"https://example.com/{n}",
                original_url=f"https://example.com/{n}",
                raw=None,
                origin="text",
            )
            ids.append(item.id)
    return ids
