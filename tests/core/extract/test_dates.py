from __future__ import annotations

from typing import Any

import pytest

from reader.core.extract import dates


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2023-11-02", "2023-11-02"),
        ("2023-11-02T10:05:00Z", "2023-11-02T10:05:00+00:00"),
        ("2023-11-02T10:05:00.123+0100", "2023-11-02T10:05:00+01:00"),
        ("Thu, 02 Nov 2023 10:00:00 GMT", "2023-11-02T10:00:00+00:00"),
        ("20231102", "2023-11-02"),
        ("2 Nov 2023", "2023-11-02"),
        ("Jun 24, 2025 |", "2025-06-24"),
        ("le 2 novembre 2023", "2023-11-02"),
        ("2. März 2021", "2021-03-02"),
        ("3 de mayo de 2022", "2022-05-03"),
        ("30 octobre 2022 à 10h00", "2022-10-30"),
        ("2024年7月1日", "2024-07-01"),
        ("2024년 7월 1일", "2024-07-01"),
        ("01.07.2024", "2024-07-01"),
        ("23.01.2019, 23.29 Uhr", "2019-01-23"),
        ("1. juli 2024 kl. 10.00", "2024-07-01"),
        ("1º de julio de 2024", "2024-07-01"),
        ("1° luglio 2024", "2024-07-01"),
        ("Monday, July 1st, 2024", "2024-07-01"),
        ("31/07/2024", "2024-07-31"),
        ("07/31/2024", "2024-07-31"),
        ("07/01/2024", None),  # July 1st or 7 January: depends on the country
        ("version 1.2.2024.5", None),
        ("", None),
        ("not a date", None),
        ("2023-02-30", None),
    ],
)
def test_to_iso(raw: str, iso: str | None) -> None:
    assert dates.to_iso(raw) == iso


def test_non_string_is_none() -> None:
    assert dates.to_iso(None) is None
    assert dates.to_iso(20231102) is None


def _page(head: str = "", body: str = "") -> Any:
    from reader.core.extract.html import parse

    words = "The council met on Tuesday to talk about the bridge. " * 20
    return parse(f"<html><head>{head}</head><body>{body}<p>{words}</p></body></html>")


def test_publication_date_takes_the_markup_when_it_agrees() -> None:
    meta = '<meta property="article:published_time" content="2021-03-02T10:00:00Z">'
    doc = _page(meta, '<span class="date">5 March 2021</span>')
    when = dates.publication_date(["2021-03-02T10:00:00Z", "2021-03-02"], doc)
    assert when == "2021-03-02T10:00:00+00:00"


def test_publication_date_asks_htmldate_when_the_markup_says_nothing() -> None:
    doc = _page(body='<div class="byline"><span class="date">March 5, 2021</span></div>')
    assert dates.publication_date([None, None], doc) == "2021-03-05"
    assert dates.publication_date([None], _page()) is None


def test_publication_date_lets_htmldate_pick_between_disagreeing_markup() -> None:
    doc = _page(body='<div class="byline"><span class="date">March 5, 2021</span></div>')
    url = "https://example.com/news/2021/03/05/bridge.html"
    assert dates.publication_date(["2021-01-09", "2021-03-05T08:00:00Z"], doc, url) == (
        "2021-03-05T08:00:00+00:00"
    )
