"""'Added' as people say it."""

from __future__ import annotations

from datetime import datetime, timedelta

from reader.ui.formatting import format_added

NOW = datetime(2026, 11, 28, 21, 5).astimezone()


def _iso(moment: datetime) -> str:
    return moment.astimezone().isoformat()


def test_today_yesterday_this_year_and_older() -> None:
    assert format_added(_iso(NOW.replace(hour=19, minute=56)), NOW) == "today 19:56"
    assert format_added(_iso(NOW - timedelta(days=1)), NOW) == "yesterday"
    assert format_added(_iso(NOW.replace(month=11, day=3)), NOW) == "3 Nov"
    assert format_added(_iso(NOW.replace(year=2025, month=11, day=3)), NOW) == "3 Nov 2025"
    assert format_added("2026-02-01", NOW) == "1 Feb"
    assert format_added(None, NOW) == "" and format_added("not a date", NOW) == ""
