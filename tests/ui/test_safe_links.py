"""A click in the reader pane opens only http, https and mailto links."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from reader.ui.article_browser import ArticleBrowser


@pytest.mark.parametrize(
    ("url", "opened"),
    [
        ("https://news.example/a", True),
        ("http://news.example/a", True),
        ("mailto:editor@news.example", True),
        ("file:///etc/passwd", False),
        ("smb://evil.example/share", False),
        ("ms-msdt:/id PCWDiagnostic", False),
        ("search-ms:query=x", False),
        ("vscode://file/etc/passwd", False),
        ("javascript:alert(1)", False),
    ],
)
def test_only_safe_links_are_passed_on(qtbot: QtBot, url: str, opened: bool) -> None:
    browser = ArticleBrowser()
    qtbot.addWidget(browser)
    seen: list[QUrl] = []
    browser.link_clicked.connect(seen.append)
    browser.anchorClicked.emit(QUrl(url))
    assert bool(seen) is opened
