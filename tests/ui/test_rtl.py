"""Right-to-left articles (Arabic, Hebrew, dir="rtl") render right to left."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from reader.core.models import Article, Metadata, PaywallVerdict

ARABIC = "تقول الحكومة إن الميزانية الجديدة ستخصص أموالا أكثر للمدارس والطرق والمستشفيات"
HEBREW = "הממשלה אומרת שהתקציב החדש יקצה יותר כסף לבתי ספר, לכבישים ולבתי חולים"


def _add(library, title, text, language=None, wrapper="{}"):
    paragraphs = "".join(f"<p>{text} {n}.</p>" for n in range(6))
    article = Article(
        url=None,
        meta=Metadata(title=title, language=language),
        text=text,
        html=wrapper.format(paragraphs),
        word_count=80,
        reading_minutes=1,
        paywall=PaywallVerdict(status="free", confidence=0.9),
    )
    item = library.storage.add_item(
        article, url=f"https://example.org/{title}", original_url=f"https://example.org/{title}",
        raw=None, origin="text",
    )  # fmt: skip
    return item.id


def _first_body_block(browser, text):
    block = browser.document().begin()
    while block.isValid() and not block.text().startswith(text[:10]):
        block = block.next()
    assert block.isValid()
    return block


@pytest.mark.parametrize(
    ("text", "language", "wrapper"),
    [
        (ARABIC, "ar", "{}"),  # by language
        (HEBREW, None, "{}"),  # by its letters
        (ARABIC, None, '<div dir="rtl">{}</div>'),  # by the page's own dir
    ],
    ids=["arabic-by-language", "hebrew-by-its-letters", "dir-attribute"],
)
def test_rtl_articles_render_right_to_left(make_window, library, qtbot, text, language, wrapper):
    item_id = _add(library, "rtl", text, language, wrapper)
    window = make_window()
    assert window.list_panel.select_item(item_id)
    browser = window.reader.browser
    block = _first_body_block(browser, text)
    assert block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
    line = block.layout().lineAt(0)
    column_middle = browser.document().size().width() / 2
    assert line.naturalTextRect().right() > column_middle  # starts at the right edge


def test_left_to_right_articles_stay_left_to_right(make_window, library, qtbot):
    item_id = _add(library, "ltr", "The council met on Tuesday to discuss the budget", "en")
    window = make_window()
    assert window.list_panel.select_item(item_id)
    block = _first_body_block(window.reader.browser, "The council")
    assert block.blockFormat().layoutDirection() != Qt.LayoutDirection.RightToLeft
