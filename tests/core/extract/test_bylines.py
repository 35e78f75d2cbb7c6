"""Bylines keep the names and lose the dates, labels and addresses around them."""

from __future__ import annotations

import pytest

from reader.core.extract.bylines import clean_byline


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Dan Goodin - Apr 16, 2015 8:02 pm UTC", "Dan Goodin"),
        ("By Jane Doe | March 3, 2024", "Jane Doe"),
        ("Joshua Sokol May 20, 2019", "Joshua Sokol"),
        ("par Sébastien Farcis", "Sébastien Farcis"),
        ("Ann Lee, Bo Chen", "Ann Lee, Bo Chen"),
        ("April Ryan", "April Ryan"),
        ("May 20, 2019", None),
        ("Published: Dec. 22, 2016, 6:47 p.m.", None),
        ("Jan Kühn, 2. Mai 2024", "Jan Kühn"),
        ("César Salza 1 de diciembre de 2017 3:00 AM PST", "César Salza"),
        ("Joe Wee Monday, February 29, 2016 @ 11:10 PM UTC", "Joe Wee"),
        (
            "Haufe-Lexware GmbH & Co. KG - all rights reserved",
            "Haufe-Lexware GmbH & Co. KG - all rights reserved",
        ),
        ("By Mike Cason | mcason@al.com", "Mike Cason"),
        ("Anna Berg · Updated: 12.03.2024", "Anna Berg"),
        ("Von Jan Kühn, veröffentlicht am 2. Mai 2024", "Jan Kühn"),
    ],
)
def test_bylines_lose_their_dates(raw: str, clean: str | None) -> None:
    assert clean_byline(raw) == clean
