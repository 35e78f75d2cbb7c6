"""The query language run against a real library: each form finds what it should, in one
SQL statement."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.articles import article

from reader.core.models import Article
from reader.core.query import parse
from reader.core.service import Library
from reader.core.storage import Storage
from reader.core.storage.querying import compile_query


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[tuple[Library, dict[str, int]]]:
    storage = Storage(tmp_path / "library.db")
    library = Library(storage)
    ids: dict[str, int] = {}

    def add(name: str, url: str, art: Article, tags: tuple[str, ...] = ()) -> None:
        ids[name] = storage.add_item(
            art, url=url, original_url=url, raw=None, origin="file", tags=tags
        ).id

    add(
        "syria",
        "https://www.lemonde.fr/a/1",
        article(
            "islamic state in syria",
            title="Syria now",
            status="truncated",
            site_name="Le Monde",
            published="2023-11-02T10:00:00+00:00",
        ),
        ("world",),
    )
    add(
        "harbour",
        "https://news.example.org:8080/b",
        article("the harbour at dawn", title="Harbour", published="2024-05-03"),
        ("city", "Long Reads"),
    )
    add(
        "aggregated",
        "https://americaone.example/c",
        article(
            "syria and harbour news",
            title="Repost",
            source="Le Monde",
            source_url="https://www.lemonde.fr/orig",
        ),
    )
    add(
        "paywalled",
        "https://ft.example.com/d",
        article("markets", title="Markets", status="paywalled_full"),
    )
    storage.set_favourite(ids["harbour"], True)
    storage.set_state(ids["paywalled"], "archived")
    failed = storage.add_placeholder("https://gone.example.net/e", "https://gone.example.net/e")
    storage.mark_failed(failed.id, "HTTP 404")
    ids["failed"] = failed.id
    with storage.batch():  # give them distinct added times
        for n, item_id in enumerate(ids.values()):
            storage._x("UPDATE items SET added_at = ? WHERE id = ?", (f"2024-0{n + 1}-15", item_id))
    yield library, ids
    library.close()


def names(lib: tuple[Library, dict[str, int]], query: str, **kw: object) -> set[str]:
    library, ids = lib
    back = {v: k for k, v in ids.items()}
    return {back[i] for i in library.query_ids(query, **kw)}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("syria", {"syria", "aggregated"}),
        ('"islamic state"', {"syria"}),
        ("syria OR markets", {"syria", "aggregated", "paywalled"}),
        ("syria -harbour", {"syria"}),
        ("-syria", {"harbour", "paywalled", "failed"}),
        ("site:lemonde", {"syria"}),
        ("site:lemonde.fr", {"syria"}),
        ("site:www.lemonde.fr", {"syria"}),
        ("site:monde", set()),  # a label, not any substring
        ('site:"le monde"', {"syria"}),  # the site's name
        ("site:example.org", {"harbour"}),  # the port does not get in the way
        ("source:lemonde", {"aggregated"}),
        ('source:"le monde"', {"aggregated"}),
        ("tag:world", {"syria"}),
        ('tag:"long reads"', {"harbour"}),
        ("state:archived", {"paywalled"}),
        ("status:truncated", {"syria"}),
        ("status:paywalled_full", {"paywalled"}),
        ("status:free", {"harbour", "aggregated"}),
        ("status:failed", {"failed"}),
        ("status:unknown", {"failed"}),
        ("is:favourite", {"harbour"}),
        ("published:2023", {"syria"}),
        ("published:>2023-12", {"harbour"}),
        ("published:2023-01..2024-12", {"syria", "harbour"}),
        ("added:2024-02", {"harbour"}),
        ("added:<2024-02", {"syria"}),
        ("added:>=2024-04", {"paywalled", "failed"}),
        ("harbour is:favourite", {"harbour"}),
        ("syria OR is:favourite", {"syria", "aggregated", "harbour"}),
        ("(syria OR harbour) -status:truncated", {"aggregated", "harbour"}),
        ("site:lemonde OR source:lemonde", {"syria", "aggregated"}),
        ("NOT (tag:world OR tag:city)", {"aggregated", "paywalled", "failed"}),
    ],
)
def test_each_form_finds_what_it_should(lib, query: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert names(lib, query, order="added") == expected
    assert names(lib, query) == (expected if parse(query) is not None else set())


def test_text_is_ranked_and_listings_keep_their_order(lib) -> None:  # type: ignore[no-untyped-def]
    library, ids = lib
    assert library.query_ids("syria")[0] == ids["syria"]  # the title hit first
    listing = library.query_ids("syria", order="added", descending=False)
    assert listing == [ids["syria"], ids["aggregated"]]
    assert library.query_ids("", order="added") == library.list_ids()
    assert library.query_ids("") == []
    assert library.query_ids("status:free", order="added", limit=1) == [ids["aggregated"]]


def test_deleted_items_are_never_found(lib) -> None:  # type: ignore[no-untyped-def]
    library, ids = lib
    library.delete(ids["syria"])
    assert "syria" not in names(lib, "site:lemonde OR syria")
    assert "syria" not in names(lib, "-harbour", order="added")


def test_one_statement_with_top_level_text_in_the_fts_match() -> None:
    node = parse('syria "islamic state" -raqqa site:lemonde')
    assert node is not None
    q = compile_query(node)
    assert q.match == '"syria" AND "islamic state" NOT "raqqa"'
    assert "items_fts" not in q.where  # the text is in the ranked match, not a subquery
    assert q.params == ["%lemonde%", "%.lemonde.%", "lemonde%"]


def test_the_search_box_prefixes_the_last_word(lib) -> None:  # type: ignore[no-untyped-def]
    library, ids = lib
    assert library.search_ids("harb") == [ids["harbour"], ids["aggregated"]]
    assert library.search_ids("harb status:free") == []  # only the very last token is typed
    assert library.search_ids("harbour status:free") == [ids["harbour"], ids["aggregated"]]
