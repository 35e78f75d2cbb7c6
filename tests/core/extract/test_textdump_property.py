"""Property: a complete article never loses its last paragraph in the text-dump path.

Over every page of the corpora (readability-pages with their expected text, the paywall
corpus's free pages with reader's own HTML extraction as the article): the article's last
paragraph (its last <p> of eight words or more, or twenty CJK characters) must be in the
text the dump path keeps, whether the dump is the article's text alone or the whole page
copied as text (menus, footers and all).

A subscription offer (a price for a period: '$70/year') is not the article, and the dump
path cuts it: when the expected text holds one, its last paragraph is the last one before
the offer (theverge's expected text ends on its newsletter's price table).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from support.fixtures import corpus

from reader.core.errors import ReaderError
from reader.core.extract.dump_lines import TERMINAL, classify, normalise
from reader.core.extract.html import analyse_html, block_texts
from reader.core.extract.textdump import analyse_text, copied_page_text


def _last_paragraph(fragment: lxml.html.HtmlElement) -> str | None:
    texts = [normalise(p.text_content()) for p in fragment.iter("p")]
    offers = [i for i, text in enumerate(texts) if text and classify(text).kind == "offer"]
    for text in reversed(texts[: offers[0]] if offers else texts):
        cjk = sum(ord(c) > 0x2E80 for c in text)
        if text.endswith(TERMINAL) and (len(text.split()) >= 8 or cjk >= 20):
            return text
    return None


def _cases(root: Path) -> Iterator[tuple[str, str, bytes, str]]:
    """(name, last paragraph, page HTML, article text) for every page with a paragraph."""
    for page in sorted((root / "readability-pages").iterdir()):
        expected = lxml.html.fromstring((page / "expected.html").read_text(encoding="utf-8"))
        last = _last_paragraph(expected)
        if last:
            text = "\n\n".join(block_texts(expected))
            yield page.name, last, (page / "source.html").read_bytes(), text
    for path in sorted((root / "paywall" / "free").iterdir()):
        html = path.read_bytes()
        try:
            art = analyse_html(html)
        except ReaderError:
            continue
        last = _last_paragraph(lxml.html.fromstring(art.html))
        if last:
            yield f"free/{path.name}", last, html, art.text


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", normalise(text))


def _kept(dump: str | None, last: str) -> bool:
    try:
        text = analyse_text(dump or "").text
    except ReaderError:
        return False
    return _squeezed(last) in _squeezed(text)


@pytest.mark.slow
def test_the_last_paragraph_survives_the_text_dump_path() -> None:
    losses: set[tuple[str, str]] = set()
    pages = 0
    for name, last, html, article in _cases(corpus()):
        pages += 1
        if not _kept(article, last):
            losses.add(("article", name))
        if not _kept(copied_page_text(html), last):
            losses.add(("page", name))
    assert pages > 150
    assert not losses, sorted(losses)
