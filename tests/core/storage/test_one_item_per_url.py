"""One item per URL, whoever writes: save() looks up and writes in one transaction;
aliases and content hashes keep re-runs from adding items or versions; the FTS index
(triggers over an external-content table) always equals its view."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.articles import article

from reader.core.errors import StorageError
from reader.core.models import Progress
from reader.core.storage import Storage, fts


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "library.db"


@pytest.fixture
def store(path: Path) -> Iterator[Storage]:
    with Storage(path) as s:
        yield s


def counts(store: Storage) -> tuple[int, int]:
    items = store._x("SELECT COUNT(*) FROM items WHERE deleted_at IS NULL").fetchone()[0]
    versions = store._x("SELECT COUNT(*) FROM versions").fetchone()[0]
    return items, versions


def save(store: Storage, url: str, text: str, status: str = "free", **kw: Any) -> tuple[Any, bool]:
    art = article(text, status=status)
    return store.save(art, url=url, original_url=url, raw=b"<p>x</p>", origin="fetch", **kw)


def test_the_same_url_saved_twice_is_one_item_and_the_same_text_no_new_version(
    store: Storage,
) -> None:
    first, dup1 = save(store, "https://a.example/1", "one two three")
    again, dup2 = save(store, "https://a.example/1", "one two three")
    assert (dup1, dup2) == (False, True) and again.id == first.id
    assert counts(store) == (1, 1)
    longer, _ = save(store, "https://a.example/1", "one two three four five")
    assert longer.id == first.id and counts(store) == (1, 2)
    assert store.best_version(first.id).text == "one two three four five"


def test_an_alias_finds_the_item(store: Storage) -> None:
    item, _ = save(store, "https://a.example/start", "text", aliases=["https://a.example/final"])
    assert store.find_by_url("https://a.example/final") == item.id
    other, duplicate = save(store, "https://a.example/final", "text")
    assert duplicate and other.id == item.id and counts(store) == (1, 1)


def test_add_item_refuses_a_url_already_saved(store: Storage) -> None:
    save(store, "https://a.example/1", "text")
    with pytest.raises(StorageError, match="already"):
        store.add_item(
            article("x"), url="https://a.example/1", original_url="x", raw=None, origin="fetch"
        )


def test_the_unique_index_backs_it_up(store: Storage) -> None:
    save(store, "https://a.example/1", "text")
    with pytest.raises(sqlite3.IntegrityError):
        store._x(
            "INSERT INTO items(url, original_url, added_at, updated_at) "
            "VALUES ('https://a.example/1', 'x', 'now', 'now')"
        )


def test_a_placeholder_and_another_process_saving_the_same_url(path: Path) -> None:
    """The GUI's 'saving…' row and a CLI save of the same URL end as one item."""
    with Storage(path) as gui, Storage(path) as cli:
        placeholder = gui.add_placeholder("https://a.example/1", "https://a.example/1")
        filled, duplicate = save(cli, "https://a.example/1", "the text")
        assert filled.id == placeholder.id and not duplicate and filled.status == "ready"
        done, duplicate = save(
            gui, "https://a.example/1", "the text", placeholder_id=placeholder.id
        )
        assert done.id == placeholder.id and duplicate
        assert counts(gui) == (1, 1)
        # and a placeholder asked for a URL that is saved already is that item
        assert gui.add_placeholder("https://a.example/1", "x").id == placeholder.id


def test_a_placeholder_for_a_url_saved_meanwhile_is_dropped(path: Path) -> None:
    with Storage(path) as gui:
        saved, _ = save(gui, "https://a.example/final", "the text")
        placeholder = gui.add_placeholder("https://a.example/start", "https://a.example/start")
        item, duplicate = save(
            gui,
            "https://a.example/start",
            "the text",
            aliases=["https://a.example/final"],
            placeholder_id=placeholder.id,
        )
        assert item.id == saved.id and duplicate and counts(gui) == (1, 1)


def test_undelete_is_refused_when_the_url_was_saved_again(store: Storage) -> None:
    first, _ = save(store, "https://a.example/1", "text")
    store.delete(first.id)
    second, duplicate = save(store, "https://a.example/1", "text")
    assert second.id != first.id and not duplicate
    with pytest.raises(StorageError, match="same URL"):
        store.undelete(first.id)


def test_the_search_index_follows_every_change(store: Storage) -> None:
    a, _ = save(store, "https://a.example/1", "apples and pears")
    b, _ = save(store, "https://a.example/2", "bananas only")
    save(store, "https://a.example/1", "apples and pears and plums")  # a better version
    save(store, "https://a.example/2", "kiwis", status="truncated")  # worse: not shown
    p = store.add_placeholder("https://a.example/3", "https://a.example/3")
    store.fill_placeholder(p.id, article("cherries"), None, "fetch")
    q = store.add_placeholder("https://a.example/4", "https://a.example/4")
    store.remove_placeholder(q.id)
    store.delete(b.id)
    assert store.search_ids("bananas") == []
    store.undelete(b.id)
    assert store.search_ids("bananas") == [b.id] and store.search_ids("kiwis") == []
    assert store.search_ids("plums") == [a.id] and store.search_ids("cherr") == [p.id]
    store.set_progress(a.id, Progress(0.5, None))
    store.delete(p.id)
    store.purge_deleted()
    versions = [v.id for v in store.versions(a.id)]
    store.use_version(a.id, versions[0])
    assert store.search_ids("plums") == [] and store.search_ids("pears") == [a.id]
    assert fts.differences(store._db.conn) == 0  # the index equals its view, token by token
    names = [r[1] for r in store._x("PRAGMA table_info(items_fts)")]
    assert names == ["title", "byline", "site_name", "source", "text"]


def test_the_index_holds_no_copy_of_the_text(store: Storage) -> None:
    item, _ = save(store, "https://a.example/1", "word " * 2000)
    tables = {r[0] for r in store._x("SELECT name FROM sqlite_master")}
    assert "items_fts_content" not in tables and "items_fts_source" in tables
    assert store.search_ids("word") == [item.id]
    stored = store._x("SELECT text, length(text_z) FROM versions").fetchone()
    assert stored[0] == "" and stored[1] < 200  # compressed, once


def test_the_differences_check_sees_a_stale_index(store: Storage) -> None:
    save(store, "https://a.example/1", "apples")
    store._x("DROP TRIGGER items_fts_au")
    store._x("UPDATE items SET title = 'pears'")
    assert fts.differences(store._db.conn) > 0
