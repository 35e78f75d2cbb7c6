"""Storage: schema and migrations, items and versions, listing, search, organising."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from support.articles import article

from reader.core.errors import NotFoundError, StorageError
from reader.core.models import Progress
from reader.core.storage import Storage, blobs, fts_query, is_better
from reader.core.storage.schema import _KNOWN as KNOWN_MIGRATIONS


class Clock:
    """A fake clock that moves one second every time it is read."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 10, 0, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Storage]:
    s = Storage(tmp_path / "lib" / "library.db", clock=Clock())
    yield s
    s.close()


def add(store: Storage, n: int, text: str = "body text", **kw: Any) -> int:
    url = f"https://example.com/{n}"
    item = store.add_item(
        article(text, **kw), url=url, original_url=url + "?utm=x", raw=b"<html/>", origin="fetch"
    )
    return item.id


def fts_ids(store: Storage) -> set[int]:
    return {r[0] for r in store._x("SELECT rowid FROM items_fts")}


def live_ids(store: Storage) -> set[int]:
    return {r[0] for r in store._x("SELECT id FROM items WHERE deleted_at IS NULL")}


# ---- opening ------------------------------------------------------------------------------
def test_open_creates_parents_wal_fk_busy(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "lib.db"
    with Storage(path) as s:
        assert path.exists()
        assert s._x("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s._x("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert s.migrations() == KNOWN_MIGRATIONS
    assert s.closed
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert {"items", "versions", "tags", "item_tags", "items_fts"} <= names


def test_migrations_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    with Storage(path) as s:
        item_id = add(s, 1)
    with Storage(path) as s:
        assert s.migrations() == KNOWN_MIGRATIONS
        assert s.get_item(item_id).title == "A title"
        rows = s._x("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0]
        assert rows == len(KNOWN_MIGRATIONS)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is just some text, not SQLite at all\n" * 100)
    with pytest.raises(StorageError, match="not a reader library"):
        Storage(path)


def test_directory_path_is_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError):
        Storage(tmp_path)


def test_newer_schema_refused(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    with Storage(path) as s:
        s._x(
            "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
            "VALUES ('reader', 'm999_future', 'x')"
        )
    with pytest.raises(StorageError, match="newer version"):
        Storage(path)


def test_closed_storage_raises_storage_error(tmp_path: Path) -> None:
    s = Storage(tmp_path / "lib.db")
    s.close()
    s.close()  # idempotent
    with pytest.raises(StorageError):
        s.counts()


# ---- items and versions -------------------------------------------------------------------
def test_add_item_round_trip(store: Storage) -> None:
    art = article(
        "Hello world text",
        title="Title",
        byline="Ann Author",
        site_name="Site",
        publisher="Pub",
        canonical_url="https://example.com/canon",
        published="2026-01-02",
        source="Reuters",
        source_published="2026-01-01",
        source_url="https://reuters.com/x",
        language="en",
        lead_image="https://example.com/i.png",
        url="https://example.com/final",
    )
    raw = b"<html><body>" + b"x" * 5000 + b"</body></html>"
    item = store.add_item(
        art,
        url="https://example.com/a",
        original_url="https://example.com/a?utm_source=x",
        raw=raw,
        origin="fetch",
        tags=["News", "news", " long   read "],
    )
    assert item.title == "Title" and item.byline == "Ann Author" and item.site_name == "Site"
    assert item.canonical_url == "https://example.com/canon"
    assert (item.source, item.source_url, item.language) == ("Reuters", art.meta.source_url, "en")
    assert item.lead_image == art.meta.lead_image
    assert item.word_count == 3 and item.state == "unread" and not item.favourite
    assert item.tags == ["long read", "News"]
    assert item.status == "ready" and item.error is None
    assert item.added_at == item.updated_at == "2026-11-28T10:00:01+00:00"
    assert item.paywall.status == "free" and item.paywall.confidence == 0.8
    assert item.progress == Progress(0.0, None, None)
    best = store.best_version(item.id)
    assert best.id == item.best_version_id and best.item_id == item.id
    assert best.text == "Hello world text" and best.html == "<p>Hello world text</p>"
    assert best.origin == "fetch" and best.url == "https://example.com/final"
    assert store.raw_html(best.id) == raw
    stored = store._x("SELECT raw_html FROM versions WHERE id = ?", (best.id,)).fetchone()[0]
    assert len(stored) < len(raw) and blobs.unpack(stored) == raw
    assert store.get_item(item.id) == item
    assert fts_ids(store) == {item.id}


def test_raw_none_and_validation(store: Storage) -> None:
    item = store.add_item(article(), url="u", original_url="u", raw=None, origin="text")
    assert store.raw_html(item.best_version_id or 0) is None
    with pytest.raises(ValueError, match="origin"):
        store.add_item(article(), url="v", original_url="v", raw=None, origin="bogus")
    with pytest.raises(ValueError, match="paywall status"):
        store.add_item(article(status="weird"), url="v", original_url="v", raw=None, origin="text")
    assert store.count_items() == 1


def test_not_found(store: Storage) -> None:
    for call in (
        lambda: store.get_item(42),
        lambda: store.get_version(42),
        lambda: store.best_version(42),
        lambda: store.versions(42),
        lambda: store.raw_html(42),
        lambda: store.set_state(42, "finished"),
        lambda: store.set_favourite(42, True),
        lambda: store.delete(42),
        lambda: store.undelete(42),
    ):
        with pytest.raises(NotFoundError):
            call()


def test_find_by_url(store: Storage) -> None:
    item = store.add_item(
        article(canonical_url="https://example.com/canonical"),
        url="https://example.com/key",
        original_url="https://example.com/key?ref=1",
        raw=None,
        origin="fetch",
    )
    assert store.find_by_url("https://example.com/key") == item.id
    assert store.find_by_url("https://example.com/key?ref=1") == item.id
    assert store.find_by_url("https://example.com/canonical") == item.id
    assert store.find_by_url("https://example.com/other") is None
    store.delete(item.id)
    assert store.find_by_url("https://example.com/key") is None


@pytest.mark.parametrize(
    ("first", "second", "replaces"),
    [
        (("truncated", 300), ("free", 1500), True),  # truncated then full replaces
        (("free", 1500), ("truncated", 1600), False),  # full then truncated does not
        (("free", 1500), ("free", 1000), False),  # a shorter full does not
        (("free", 1000), ("free", 950), True),  # within 90%: not worse
        (("unknown", 800), ("free", 800), True),
        (("truncated", 300), ("unknown", 400), True),
        (("free", 800), ("unknown", 2000), False),
        (("paywalled_full", 800), ("free", 800), True),
        (("truncated", 1000), ("free", 500), True),  # complete beats truncated, even shorter
        (("free", 1000), ("free", 500), False),  # < 90% of the words never replaces
    ],
)
def test_better_version_rule(
    store: Storage, first: tuple[str, int], second: tuple[str, int], replaces: bool
) -> None:
    item = store.add_item(
        article("oldword " * 10, title="Old", status=first[0], words=first[1], byline="B"),
        url="u",
        original_url="u",
        raw=b"old",
        origin="fetch",
    )
    store.set_progress(item.id, Progress(0.4, "p3"))
    store.set_state(item.id, "reading")
    store.set_favourite(item.id, True)
    store.add_tags(item.id, ["keep"])
    new = article("newword " * 10, title="New", status=second[0], words=second[1], byline=None)
    updated, best = store.add_version(item.id, new, raw=b"new", origin="retrieve", url="u2")
    assert best is replaces
    versions = store.versions(item.id)
    assert len(versions) == 2 and versions[1].origin == "retrieve" and versions[1].url == "u2"
    assert store.raw_html(versions[1].id) == b"new"
    assert updated.best_version_id == versions[1 if replaces else 0].id
    assert updated.title == ("New" if replaces else "Old")
    assert updated.byline == "B"  # a field the new page lacks keeps its value
    assert updated.word_count == (second[1] if replaces else first[1])
    assert updated.paywall.status == (second[0] if replaces else first[0])
    assert updated.needs_full_text == ((second if replaces else first)[0] == "truncated")
    assert (updated.state, updated.favourite, updated.tags) == ("reading", True, ["keep"])
    assert updated.progress.fraction == 0.4 and updated.progress.anchor == "p3"
    assert updated.updated_at > item.updated_at
    assert store.search_ids("newword") == ([item.id] if replaces else [])
    assert store.search_ids("oldword") == ([] if replaces else [item.id])


def test_is_better_unit() -> None:
    assert is_better("free", 100, "truncated", 50)
    assert is_better("free", 40, "truncated", 500)  # complete beats cut off, even when shorter
    assert not is_better("unknown", 900, "free", 100)
    assert not is_better("truncated", 5000, "free", 100)
    assert is_better("free", 90, "free", 100)
    assert not is_better("free", 89, "free", 100)
    assert is_better("unknown", 1, "unknown", 0)


# ---- placeholders -------------------------------------------------------------------------
def test_placeholder_lifecycle(store: Storage) -> None:
    ph = store.add_placeholder("https://example.com/p", "https://example.com/p?x=1")
    assert ph.status == "saving" and ph.title is None and ph.best_version_id is None
    assert store.list_ids() == [ph.id]
    assert store.find_by_url("https://example.com/p") == ph.id
    with pytest.raises(NotFoundError):
        store.best_version(ph.id)
    store.mark_failed(ph.id, "HTTP 503 (server error)")
    failed = store.get_item(ph.id)
    assert failed.status == "failed" and failed.error == "HTTP 503 (server error)"
    filled = store.fill_placeholder(ph.id, article("placeholder body"), b"<p/>", "fetch", ["t"])
    assert filled.id == ph.id and filled.status == "ready" and filled.error is None
    assert filled.added_at == ph.added_at and filled.title == "A title" and filled.tags == ["t"]
    assert store.best_version(ph.id).text == "placeholder body"
    assert store.search_ids("placeholder") == [ph.id]
    with pytest.raises(StorageError, match="not a placeholder"):
        store.fill_placeholder(ph.id, article(), None, "fetch")
    store.mark_failed(ph.id, "ignored for a ready item")
    assert store.get_item(ph.id).status == "ready"
    store.remove_placeholder(ph.id)  # a ready item is not a placeholder: kept
    assert store.get_item(ph.id).id == ph.id


def test_remove_placeholder(store: Storage) -> None:
    ph = store.add_placeholder("u", "u")
    store.remove_placeholder(ph.id)
    store.remove_placeholder(ph.id)  # idempotent
    store.mark_failed(ph.id, "a late failure report is ignored")
    assert store.list_ids() == [] and fts_ids(store) == set()
    with pytest.raises(NotFoundError):
        store.get_item(ph.id)


# ---- listing ------------------------------------------------------------------------------
def test_list_filters_and_orders(store: Storage) -> None:
    a = add(store, 1, title="banana", published="2026-03-01")
    b = add(store, 2, title="Apple", published=None, status="truncated")
    c = add(store, 3, title="cherry", published="2026-01-01")
    d = store.add_placeholder("u4", "u4").id  # title None
    store.set_state(a, "finished")
    store.set_state(c, "archived")
    store.set_favourite(b, True)
    store.add_tags(c, ["Tech"])
    store.set_progress(b, Progress(0.5))
    store.set_progress(a, Progress(0.2))

    assert store.list_ids() == [d, c, b, a]
    assert store.list_ids(descending=False) == [a, b, c, d]
    assert [i.id for i in store.list_items()] == [d, c, b, a]
    assert store.list_ids(state="finished") == [a]
    assert store.list_ids(state=["finished", "archived"]) == [c, a]
    assert store.list_ids(needs_full_text=True) == [b]
    assert store.list_ids(needs_full_text=False) == [d, c, a]
    assert store.list_ids(favourite=True) == [b]
    assert store.list_ids(tag="tech") == [c]
    assert store.list_ids(tag="none") == []
    assert store.list_ids(in_progress=True) == [b]  # a has progress but is finished
    assert store.list_ids(in_progress=False) == [d, c, a]
    assert store.list_ids(order="title", descending=False) == [b, a, c, d]
    assert store.list_ids(order="title") == [c, a, b, d]  # no title last either way
    assert store.list_ids(order="published") == [a, c, d, b]
    assert store.list_ids(order="published", descending=False) == [c, a, b, d]
    assert store.list_ids(order="progress") == [b, a, d, c]
    assert store.list_ids(order="recent_progress") == [a, b, d, c]
    assert store.list_ids(order="recent_progress", descending=False) == [b, a, c, d]
    assert store.list_ids(limit=2) == [d, c]
    assert store.list_ids(limit=2, offset=1) == [c, b]
    assert store.list_ids(offset=3) == [a]
    assert store.count_items() == 4
    assert store.count_items(state="unread", favourite=True) == 1
    assert store.count_items(tag="TECH") == 1
    with pytest.raises(ValueError, match="state"):
        store.list_ids(state="later")
    with pytest.raises(ValueError, match="order"):
        store.list_ids(order="random")


def test_get_items_batch_order(store: Storage) -> None:
    ids = [add(store, n) for n in range(5)]
    store.add_tags(ids[3], ["x", "y"])
    store.delete(ids[1])
    got = store.get_items([ids[4], ids[1], ids[3], 999, ids[0]])
    assert [i.id for i in got] == [ids[4], ids[3], ids[0]]
    assert got[1].tags == ["x", "y"]
    assert store.get_items([]) == []
    many = [add(store, n) for n in range(10, 620)]  # more than one IN (...) chunk
    assert [i.id for i in store.get_items(many[::-1])] == many[::-1]


def test_counts(store: Storage) -> None:
    a, b, c, d = (add(store, n) for n in range(4))
    store.set_state(b, "reading")
    store.set_state(c, "archived")
    store.set_favourite(a, True)
    store.set_needs_full_text(d, True)
    store.set_progress(b, Progress(0.3, None))
    store.set_progress(c, Progress(0.5, None))  # archived: not "in progress"
    add(store, 9)
    store.delete(add(store, 10))
    assert store.counts() == {
        "all": 5,
        "unread": 3,
        "reading": 1,
        "finished": 0,
        "archived": 1,
        "favourites": 1,
        "needs_full_text": 1,
        "in_progress": 1,
        "failed": 0,
        "saving": 0,
    }


# ---- organising ---------------------------------------------------------------------------
def test_state_progress_favourite_and_updated_at(store: Storage) -> None:
    item_id = add(store, 1)
    before = store.get_item(item_id).updated_at
    store.set_progress(item_id, Progress(1.7, "p9"))
    item = store.get_item(item_id)
    assert item.progress.fraction == 1.0 and item.progress.anchor == "p9"
    assert item.progress.updated_at is not None and item.updated_at > before
    store.set_progress(item_id, Progress(0.3, None, "2026-01-01T00:00:00+00:00"))
    assert store.get_item(item_id).progress.updated_at == "2026-01-01T00:00:00+00:00"

    def finished_at() -> str | None:
        row = store._x("SELECT finished_at FROM items WHERE id = ?", (item_id,)).fetchone()
        value: str | None = row[0]
        return value

    store.set_state(item_id, "finished")
    assert store.get_item(item_id).state == "finished" and finished_at() is not None
    stamp = finished_at()
    store.set_state(item_id, "archived")
    assert finished_at() == stamp
    store.set_state(item_id, "unread")
    assert finished_at() is None
    with pytest.raises(ValueError, match="state"):
        store.set_state(item_id, "done")
    updated = store.get_item(item_id).updated_at
    store.set_favourite(item_id, True)
    assert store.get_item(item_id).favourite and store.get_item(item_id).updated_at > updated


def test_needs_full_text_override(store: Storage) -> None:
    item_id = add(store, 1, status="truncated")
    assert store.get_item(item_id).needs_full_text
    store.set_needs_full_text(item_id, False)  # "mark complete"
    assert not store.get_item(item_id).needs_full_text
    assert store.list_ids(needs_full_text=True) == []
    store.set_needs_full_text(item_id, True)
    assert store.list_ids(needs_full_text=True) == [item_id]


def test_tags(store: Storage) -> None:
    a, b = add(store, 1), add(store, 2)
    store.add_tags(a, ["Python", "web"])
    store.add_tags(b, ["python", "  ", "Rust"])
    assert store.get_item(b).tags == ["Python", "Rust"]  # first spelling kept
    assert store.all_tags() == [("Python", 2), ("Rust", 1), ("web", 1)]
    store.remove_tags(b, ["RUST", "missing"])
    assert store.all_tags() == [("Python", 2), ("web", 1)]
    assert store._x("SELECT COUNT(*) FROM tags").fetchone()[0] == 2  # orphan dropped
    store.set_tags(a, ["new"])
    assert store.get_item(a).tags == ["new"]
    assert store.all_tags() == [("new", 1), ("Python", 1)]
    store.delete(b)
    assert store.all_tags() == [("new", 1)]
    store.undelete(b)
    assert store.get_item(b).tags == ["Python"]


# ---- deletion -----------------------------------------------------------------------------
def test_soft_delete_undelete_purge(store: Storage) -> None:
    a = add(store, 1, text="zebra crossing")
    b = add(store, 2, text="zebra stripes")
    store.add_tags(a, ["gone"])
    store.delete(a)
    assert store.list_ids() == [b] and store.count_items() == 1
    assert store.search_ids("zebra") == [b]
    assert fts_ids(store) == live_ids(store) == {b}
    for call in (lambda: store.get_item(a), lambda: store.versions(a)):
        with pytest.raises(NotFoundError):
            call()
    with pytest.raises(NotFoundError):
        store.delete(a)
    store.undelete(a)
    assert set(store.search_ids("zebra")) == {a, b}
    assert fts_ids(store) == live_ids(store) == {a, b}
    assert store.get_item(a).tags == ["gone"]
    store.delete(a)
    assert store.purge_deleted() == 1
    with pytest.raises(NotFoundError):
        store.undelete(a)
    assert store._x("SELECT COUNT(*) FROM versions").fetchone()[0] == 1
    assert store._x("SELECT COUNT(*) FROM item_tags").fetchone()[0] == 0
    assert store.all_tags() == []
    new = add(store, 3)
    assert new > a  # ids are never reused


# ---- search -------------------------------------------------------------------------------
def test_search_ranking_prefix_and_fields(store: Storage) -> None:
    body = add(store, 1, text="an essay that mentions gardening once", title="Essay")
    title = add(store, 2, text="about plants", title="Gardening for beginners")
    byline = add(store, 3, text="x", title="Other", byline="Gardener Jones")
    source = add(store, 4, text="y", title="Wire", source="Reuters")
    assert store.search_ids("gardening")[0] == title
    assert set(store.search_ids("gardening")) == {title, body}
    assert store.search_ids("garden")[:1] == [title]  # last token is a prefix
    assert set(store.search_ids("garden")) == {title, body, byline}
    assert store.search_ids("reut") == [source]
    assert store.search_ids("essay gardening") == [body]  # every word must match
    assert store.search_ids("gardening zzz") == []
    assert [i.id for i in store.search("Gardening for")] == [title]
    assert store.search_ids("garden", limit=1) == [title]


def test_search_diacritics_and_case(store: Storage) -> None:
    item_id = add(store, 1, text="Un café à Zürich", title="Crème brûlée")
    assert store.search_ids("CAFE") == [item_id]
    assert store.search_ids("zurich") == [item_id]
    assert store.search_ids("creme brul") == [item_id]


@pytest.mark.parametrize(
    "query",
    ['"', "AND", "OR", "NOT", "*", "(", ")", "a AND", "NEAR(", "title:", "^", "-", "'", '"fox',
     "fox*", "fox)", "{title}: fox", "\x00", "  \t ", "", "🦊", "don't", "c++", "col:fox"],
)  # fmt: skip
def test_odd_search_input_never_raises(store: Storage, query: str) -> None:
    add(store, 1, text="the fox and the dog don't NEAR title")
    result = store.search(query)
    assert isinstance(result, list)
    assert isinstance(store.search_ids(query), list)


def test_fts_query_builder() -> None:
    assert fts_query("") is None
    assert fts_query("  ( * ) ") is None
    assert fts_query("fox") == '"fox"*'
    assert fts_query('say "hi') == '"say" """hi"*'
    assert fts_query("AND or") == '"AND" "or"*'


def test_search_operators_are_words(store: Storage) -> None:
    item_id = add(store, 1, text="cats and dogs or birds not fish")
    assert store.search_ids("and") == [item_id]
    assert store.search_ids("dogs OR") == [item_id]
    assert store.search_ids("don't") == []


# ---- transactions -------------------------------------------------------------------------
def test_add_item_is_atomic(store: Storage, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_attach_tags", boom)
    with pytest.raises(RuntimeError):
        store.add_item(article(), url="u", original_url="u", raw=b"x", origin="fetch", tags=["t"])
    for table in ("items", "versions", "items_fts", "tags"):
        assert store._x(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


def test_batch_commits_once_and_rolls_back(store: Storage) -> None:
    with store.batch():
        add(store, 1)
        with store.batch():  # nested: a savepoint
            add(store, 2)
    assert store.count_items() == 2
    with pytest.raises(RuntimeError), store.batch():
        add(store, 3)
        with store.batch():
            add(store, 4)
        raise RuntimeError("abort")
    assert store.count_items() == 2 and len(fts_ids(store)) == 2
    with store.batch():
        add(store, 5)
        with pytest.raises(RuntimeError), store.batch():
            add(store, 6)
            raise RuntimeError("inner only")
    assert store.count_items() == 3 and fts_ids(store) == live_ids(store)


def test_usable_from_another_thread(store: Storage) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            add(store, 1)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert errors == [] and store.count_items() == 1


def test_second_connection_sees_commits(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    with Storage(path) as one, Storage(path) as two:
        item_id = add(one, 1)
        assert two.get_item(item_id).id == item_id


# ---- speed smoke --------------------------------------------------------------------------
def test_five_thousand_items_smoke(tmp_path: Path) -> None:
    vocab = [f"w{n}x" for n in range(3000)]
    with Storage(tmp_path / "big.db") as s:
        started = time.process_time()  # CPU time: other processes on the machine do not count
        with s.batch():
            for n in range(5000):
                words = " ".join(vocab[(n * 7 + k * 13) % 3000] for k in range(300))
                s.add_item(
                    article(words, title=f"Story {n} {vocab[n % 3000]}", words=300),
                    url=f"https://example.com/{n}",
                    original_url=f"https://example.com/{n}",
                    raw=None,
                    origin="import",
                    tags=["even"] if n % 2 == 0 else (),
                )
        build = time.process_time() - started
        assert s.count_items() == 5000 and s.counts()["all"] == 5000
        assert len(fts_ids(s)) == 5000

        def timed(fn: Any, runs: int = 10) -> float:
            best = float("inf")
            for _ in range(runs):
                t = time.perf_counter()
                fn()
                best = min(best, time.perf_counter() - t)
            return best

        assert len(s.list_ids()) == 5000
        assert timed(s.list_ids) < 0.05
        assert timed(lambda: s.list_ids(tag="even")) < 0.05
        assert timed(lambda: s.get_items(s.list_ids(limit=100))) < 0.05
        assert len(s.search("w12")) > 0
        for query in ("w1", "w12x", "story 42", "w"):
            assert timed(lambda q=query: s.search(q), runs=3) < 0.1
        assert build < 12


def test_an_older_library_is_upgraded_on_open(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    with Storage(path) as s:
        item_id = add(s, 1)
        s.set_progress(item_id, Progress(0.3, None))
    conn = sqlite3.connect(path)  # make it look like a library from before m002
    with conn:
        conn.execute("DROP INDEX items_in_progress")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_in_progress_index'")
    conn.close()
    with Storage(path) as s:
        assert sorted(s.migrations()) == sorted(KNOWN_MIGRATIONS)
        assert s.counts()["in_progress"] == 1
        indexes = {r[0] for r in s._x("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "items_in_progress" in indexes
