from __future__ import annotations

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
