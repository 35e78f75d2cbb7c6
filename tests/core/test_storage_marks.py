"""The user's marks in a real library file: per item, with the flag, across an upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core.errors import NotFoundError, ReaderError
from reader.core.models import Article, Metadata, PaywallVerdict
from reader.core.storage import Storage


def add(store: Storage, n: int, status: str = "free") -> int:
    url = f"https://news.example/{n}"
    art = Article(url, Metadata(title=f"T{n}"), "some text", "<p>some text</p>", 2, 1,
                  PaywallVerdict(status=status))  # fmt: skip
    return store.add_item(art, url=url, original_url=url, raw=b"<p/>", origin="fetch").id


def test_set_get_clear_and_the_flag(tmp_path: Path) -> None:
    with Storage(tmp_path / "lib.db") as s:
        a, b = add(s, 1), add(s, 2, status="truncated")
        assert s.get_mark(a) is None and s.user_marks() == []
        s.set_mark(a, "truncated", host="news.example", url="u1", signatures=["class:gate"])
        m = s.get_mark(a)
        assert m is not None and (m.mark, m.host, m.signatures) == ("truncated", "news.example",
                                                                     ("class:gate",))  # fmt: skip
        assert s.get_item(a).needs_full_text is True
        s.set_mark(a, "complete", host="news.example", url="u1", signatures=["class:gate"])
        assert s.get_mark(a).mark == "complete" and s.get_item(a).needs_full_text is False
        s.set_mark(b, "complete", host="other.example", url="u2")
        assert [x.item_id for x in s.user_marks("news.example")] == [a]
        assert {x.item_id for x in s.user_marks()} == {a, b}
        s.clear_mark(b, needs_full_text=True)
        assert s.get_mark(b) is None and s.get_item(b).needs_full_text is True
        with pytest.raises(ReaderError, match="one of complete, truncated"):
            s.set_mark(a, "partial", host="", url=None)
        with pytest.raises(NotFoundError):
            s.set_mark(999, "complete", host="", url=None)
        # a deleted item's mark no longer teaches anything
        s.delete(a)
        assert s.user_marks() == []


def test_an_older_library_gains_the_marks_table(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    with Storage(path) as s:
        a = add(s, 1)
    conn = sqlite3.connect(path)  # a library from before m005
    with conn:
        conn.execute("DROP TABLE user_marks")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_user_marks'")
    conn.close()
    with Storage(path) as s:
        assert "m005_user_marks" in s.migrations()
        s.set_mark(a, "truncated", host="news.example", url=None)
        assert s.get_mark(a).mark == "truncated"
