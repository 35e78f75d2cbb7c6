"""Helpers for the GUI tests: synthetic articles, colour contrast read from grabbed pixels."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

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


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1..21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def pixels(widget: QWidget, rect: QRect | None = None) -> Counter[str]:
    """How often each colour occurs in a grab of ``widget`` (or of ``rect`` inside it)."""
    image = (widget.grab(rect) if rect is not None else widget.grab()).toImage()
    return Counter(
        QColor(image.pixel(x, y)).name()
        for x in range(image.width())
        for y in range(image.height())
    )


def text_contrast(widget: QWidget, rect: QRect | None = None) -> float:
    """Contrast between the commonest colour (the background) and the colour farthest from it
    (the text's core) in a grab: about 1 when the text is invisible."""
    counts = pixels(widget, rect)
    background = QColor(counts.most_common(1)[0][0])
    return max(contrast(background, QColor(name)) for name in counts)
