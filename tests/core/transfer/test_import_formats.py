"""Each import format read from a small real-shaped file, with the tricky cases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.core.transfer.detect import detect_format, parse_bytes, parse_file
from reader.core.transfer.records import ImportFormatError, decode_text


def by_url(parsed):  # type: ignore[no-untyped-def]
    return {r.url: r for r in parsed.records}


def test_pocket_csv_six_columns_bom_crlf_quotes_and_bad_rows(import_dir: Path) -> None:
    parsed = parse_file(import_dir / "pocket.csv")
    assert parsed.format == "pocket-csv"
    rows = by_url(parsed)
    harbour = rows["https://news.example.org/harbour?utm_source=pocket"]
    assert harbour.title == 'Budgets, rivers and the "harbour"'
    assert harbour.tags == ["city", "money"]
    assert harbour.added_at == "2023-11-14T22:13:20+00:00"
    assert rows["https://news.example.org/untitled"].title is None
    assert rows["https://news.example.org/untitled"].state == "archived"
    # the cursor column is ignored, tags keep their spaces
    assert rows["https://food.example.com/cafe"].tags == ["food", "travel", "long reads"]
    # one line in cp1252 among UTF-8 ones
    assert rows["https://blog.example.net/resume"].title == "Résumé of a year"
    assert {(m.line, m.reason) for m in parsed.malformed} == {
        (6, "no URL"),
        (9, "time_added is not a time: 'yesterday-ish'"),
    }


def test_pocket_csv_five_columns_and_multiline_titles(import_dir: Path) -> None:
    parsed = parse_file(import_dir / "pocket_5col.csv")
    assert [(r.line, r.title, r.state, r.tags) for r in parsed.records] == [
        (2, "A title\nover two lines", "archived", ["history"]),
        (4, "Plain", "unread", []),
    ]


def test_columns_are_found_by_name_not_position() -> None:
    text = "status,tags,URL,Title,time_added\r\narchive,a|b,https://x.example/1,One,1700000000\r\n"
    [record] = parse_bytes(text.encode(), "shuffled.csv").records
    assert (record.url, record.title, record.state, record.tags) == (
        "https://x.example/1",
        "One",
        "archived",
        ["a", "b"],
    )


def test_pocket_html_sections_give_the_state(import_dir: Path) -> None:
    parsed = parse_file(import_dir / "ril_export.html")
    assert parsed.format == "pocket-html"
    rows = by_url(parsed)
    one = rows["https://news.example.org/ril-one"]
    assert (one.title, one.state, one.tags) == (
        'Ministers, mayors & the "budget"',
        "unread",
        ["politics", "long read"],
    )
    assert one.added_at == "2017-07-14T02:40:00+00:00"
    assert rows["https://news.example.org/ril-untitled"].title is None
    assert rows["https://news.example.org/ril-read"].state == "archived"


def test_instapaper_folders_tags_and_bad_rows(import_dir: Path) -> None:
    parsed = parse_file(import_dir / "instapaper.csv")
    assert parsed.format == "instapaper"
    rows = by_url(parsed)
    assert rows["https://mag.example.com/one"].tags == ["science"]
    assert rows["https://mag.example.com/one"].title == "A title, with a comma"
    two = rows["https://mag.example.com/two"]
    assert (two.state, two.description) == ("archived", "Some highlighted words")
    three = rows["https://mag.example.com/three"]
    assert (three.favourite, three.tags) == (True, ["food", "long reads"])
    assert rows["https://mag.example.com/four"].tags == ["Recipes"]  # a folder becomes a tag
    assert [m.line for m in parsed.malformed] == [6, 7]


def test_instapaper_older_four_columns_and_missing_cells(import_dir: Path) -> None:
    parsed = parse_file(import_dir / "instapaper_old.csv")
    assert parsed.format == "instapaper"
    assert [(r.title, r.added_at, r.state) for r in parsed.records] == [
        ("Older export", None, "unread"),
        ("Only a URL", None, "unread"),
    ]


def test_wallabag_with_content_annotations_and_string_values(import_dir: Path) -> None:
    parsed = parse_file(import_dir / "wallabag.json")
    assert parsed.format == "wallabag"
    rows = by_url(parsed)
    tidal = rows["https://energy.example.org/tidal-power"]
    assert tidal.state == "archived" and not tidal.favourite
    assert tidal.added_at == "2016-09-08T09:55:58+00:00"
    assert tidal.published == "2016-09-01T06:00:00+00:00"
    assert tidal.byline == "Anne Marée"
    assert tidal.given_url == "https://energy.example.org/tidal-power?utm_source=rss"
    assert tidal.content_html and "Rance estuary" in tidal.content_html
    assert [h.quote for h in tidal.highlights] == ["the tide tables for 2050 can be printed today"]
    markets = rows["https://paper.example.com/markets"]
    assert (markets.state, markets.favourite, markets.tags) == ("unread", True, ["paywall"])
    assert [m.line for m in parsed.malformed] == [3]


def test_omnivore_zip_metadata_content_and_highlights(omnivore: Path) -> None:
    parsed = parse_file(omnivore)
    assert parsed.format == "omnivore"
    rows = by_url(parsed)
    harbours = rows["https://ports.example.net/how-harbours-work"]
    assert (harbours.state, harbours.progress, harbours.tags) == (
        "archived",
        1.0,
        ["ports", "engineering"],
    )
    assert harbours.byline == "Jo Quay"
    assert harbours.added_at == "2024-03-05T10:15:30+00:00"
    assert harbours.content_html and "Breakwaters" in harbours.content_html
    quote = "Breakwaters of rock and concrete break the swell before it reaches the quay"
    assert [(h.quote, h.note) for h in harbours.highlights] == [
        (quote, "the key idea"),
        ("dredgers work through the night", None),
    ]
    half = rows["https://ports.example.net/half-read"]
    assert (half.state, half.progress, half.content_html) == ("reading", 0.4, None)


def test_netscape_folders_notes_and_odd_links(import_dir: Path) -> None:
    parsed = parse_file(import_dir / "bookmarks.html")
    assert parsed.format == "netscape"
    rows = by_url(parsed)
    essay = rows["https://essays.example.org/harbours"]
    assert essay.title == 'On harbours, "ports" & piers'
    assert essay.tags == ["essays", "history", "Reading"]  # toolbar root dropped, folder kept
    assert essay.description == "a note about harbours"
    assert essay.added_at == "2023-03-28T10:40:01+00:00"
    assert rows["https://essays.example.org/rivers"].added_at is not None  # lower-case attrs
    assert not any(u.startswith("place:") for u in rows)
    assert [m.reason for m in parsed.malformed] == ["a link without HREF"]


def test_the_format_comes_from_the_content_not_the_name(import_dir: Path, tmp_path: Path) -> None:
    for name, fmt in (
        ("pocket.csv", "pocket-csv"),
        ("instapaper.csv", "instapaper"),
        ("bookmarks.html", "netscape"),
        ("ril_export.html", "pocket-html"),
        ("wallabag.json", "wallabag"),
    ):
        renamed = tmp_path / f"{fmt}.txt"
        shutil.copy(import_dir / name, renamed)
        assert parse_file(renamed).format == fmt


@pytest.mark.parametrize(
    "content",
    [b"just some text\nwith lines\n", b"a,b,c\n1,2,3\n", b'{"hello": 1}', b"[1, 2, 3]",
     b"<html><body><p>a page</p></body></html>", b"\x00\x01\x02binary", b"PK\x03\x04broken"],
)  # fmt: skip
def test_unknown_formats_are_rejected_with_a_clear_message(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "mystery.csv"
    path.write_bytes(content)
    assert detect_format(content) is None
    with pytest.raises(ImportFormatError, match="not a format reader can import"):
        parse_file(path)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"  \n")
    with pytest.raises(ImportFormatError, match="empty"):
        parse_file(tmp_path / "empty.csv")
    with pytest.raises(ImportFormatError, match="cannot read"):
        parse_file(tmp_path / "nope.csv")


def test_decoding_keeps_utf8_lines_when_one_line_is_not() -> None:
    raw = "café\n".encode() + "thé\n".encode("cp1252") + b"\xef\xbb\xbfno"
    assert decode_text(b"\xef\xbb\xbf" + raw) == "café\nthé\n\ufeffno"
    assert decode_text("x,y".encode("utf-16")) == "x,y"


def test_pocket_zip_of_part_files(import_dir: Path, tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "pocket-export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(import_dir / "pocket.csv", "part_000000.csv")
        zf.write(import_dir / "pocket_5col.csv", "part_000001.csv")
        zf.writestr("__MACOSX/._part_000000.csv", b"\x00\x05\x16\x07junk")
    parsed = parse_file(archive)
    assert parsed.format == "pocket-csv"
    urls = {r.url for r in parsed.records}
    assert "https://food.example.com/cafe" in urls and "https://old.example.com/plain" in urls
    assert len(parsed.records) == 8 and len(parsed.malformed) == 2


def test_json_nested_to_no_end_is_refused_cleanly(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ImportFormatError, match="not a format reader can import"):
        parse_file(deep)
