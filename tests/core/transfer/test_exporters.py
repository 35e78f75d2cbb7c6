"""Every export format, written from a real library and read back by an independent reader."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from reader.core.service import Library
from reader.core.transfer import documents, export_files, exporters, importer
from reader.core.transfer.detect import parse_file


@pytest.fixture
def filled(library: Library, import_dir: Path, omnivore: Path) -> Library:
    files = [import_dir / "wallabag.json", import_dir / "pocket.csv", omnivore]
    importer.import_parsed(library.storage, importer.parse_all(files), fetch=False)
    return library


def export(library: Library, fmt: str, path: Path) -> int:
    return export_files.export_to_path(library.storage, library.list_ids(), fmt, path)


def test_json_carries_everything_and_imports_back_identically(
    filled: Library, tmp_path: Path
) -> None:
    first = filled.list_items()[0]
    filled.set_progress(first.id, 0.5, anchor="Twice a day")
    filled.set_needs_full_text(first.id, True)  # a user override survives too
    out = tmp_path / "export.json"
    assert export(filled, "json", out) == len(filled.list_ids())
    data = json.loads(out.read_text())
    assert (data["format"], data["version"]) == ("reader-export", 1)
    from reader.core.storage import Storage

    with Storage(tmp_path / "second.db") as second:
        importer.import_parsed(second, importer.parse_all([out]), fetch=False)
        again = Library(second)
        strip = ("id", "best_version_id", "updated_at")

        def view(lib: Library) -> list[dict[str, object]]:
            return [{k: v for k, v in i.to_json().items() if k not in strip}
                    for i in lib.list_items()]  # fmt: skip

        assert view(again) == view(filled)
        for a, b in zip(filled.list_items(), again.list_items(), strict=True):
            assert [(v.text, v.html, v.paywall) for v in filled.storage.versions(a.id)] == [
                (v.text, v.html, v.paywall) for v in second.versions(b.id)
            ]
        records = second.export_records(again.list_ids())
    by_url = {r["url"]: r for r in records}
    harbours = by_url["https://ports.example.net/how-harbours-work"]
    assert harbours["versions"][0]["meta"]["highlights"][1]["quote"].startswith("dredgers")


def test_csv_is_one_row_per_item_in_pocket_columns(filled: Library, tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    n = export(filled, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert len(rows) == n == len(filled.list_ids())
    assert list(rows[0])[:5] == ["title", "url", "time_added", "tags", "status"]
    truncated = next(r for r in rows if r["paywall_status"] == "truncated")
    assert truncated["title"] == "Markets close lower" and truncated["favourite"] == "1"
    assert parse_file(out).format == "pocket-csv"


def test_netscape_bookmarks(filled: Library, tmp_path: Path) -> None:
    out = tmp_path / "bookmarks.html"
    export(filled, "netscape", out)
    parsed = parse_file(out)
    assert parsed.format == "netscape" and not parsed.malformed
    assert len(parsed.records) == len(filled.list_ids())
    tidal = next(r for r in parsed.records if "tidal" in r.url)
    assert tidal.tags == ["energy", "long read"] and tidal.state == "archived"
    assert 'TOREAD="0"' in out.read_text()


def test_html_is_one_self_contained_file(filled: Library, tmp_path: Path) -> None:
    out = tmp_path / "reading.html"
    n = export(filled, "html", out)
    text = out.read_text()
    doc = etree.HTML(text)
    assert len(doc.xpath("//nav//li")) == n
    assert "Rance estuary" in text
    assert doc.xpath("//img") == []  # the remote image became a placeholder
    assert "[image: The Rance barrage]" in text
    assert not doc.xpath("//*[@src]") and not doc.xpath("//link") and not doc.xpath("//script")
    assert "default-src 'none'" in text
    assert "✂ Truncated" in text


def test_offline_html_keeps_data_images_and_drops_the_rest() -> None:
    html = (
        '<p>a<img src="data:image/png;base64,AAAA" srcset="https://x/y 2x">'
        '<img src="//cdn.example/x.jpg"><iframe src="https://x"></iframe>'
        '<video poster="https://p"></video></p>'
    )
    out = documents.offline_html(html)
    assert 'src="data:image/png;base64,AAAA"' in out
    assert "srcset" not in out and "cdn.example" not in out and "iframe" not in out
    assert "[image]" in out


def test_markdown_one_file_per_article_with_front_matter(filled: Library, tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    n = export(filled, "markdown", folder)
    files = sorted(folder.glob("*.md"))
    assert len(files) == n == len(filled.list_ids())
    tidal = next(f for f in files if f.name.startswith("tidal-power-explained"))
    text = tidal.read_text()
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert meta["title"] == "Tidal power, explained"
    assert meta["tags"] == ["energy", "long read"] and meta["state"] == "archived"
    assert meta["author"] == "Anne Marée" and meta["paywall"] == "free"
    assert meta["highlights"][0]["note"] == "check this"
    assert "## Moon and water" in body and "Rance estuary" in body
    assert "cdn.example.org" not in body
    cafe = next(f for f in files if f.name.startswith("cafe-culture-in-lyon"))
    assert "<https://food.example.com/cafe>" in cafe.read_text()  # no text: the link


def _epub_check(path: Path, *, validate: bool = False) -> None:
    """A real EPUB reader's view: ebooklib reads it back; epubcheck validates when installed."""
    from ebooklib import ITEM_DOCUMENT, epub

    book = epub.read_epub(str(path))
    docs = [i for i in book.get_items_of_type(ITEM_DOCUMENT) if i.file_name != "nav.xhtml"]
    spine = [idref for idref, _ in book.spine]
    assert spine[0] == "nav" and len(spine) == len(docs) + 1
    toc_titles = [link.title for link in book.toc]
    assert len(toc_titles) == len(docs)
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist()[0] == "mimetype"
        assert zf.read("mimetype") == b"application/epub+zip"
    command = _epubcheck() if validate else None
    if command:
        result = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stdout + result.stderr


def _epubcheck() -> list[str] | None:
    """The epubcheck validator (Debian's package installs a jar as /usr/bin/epubcheck)."""
    found = shutil.which("epubcheck")
    if found is None:
        return None
    real = Path(found).resolve()
    if real.suffix == ".jar":
        java = shutil.which("java")
        return [java, "-jar", str(real)] if java else None
    return [found]


def test_epub_with_a_table_of_contents(filled: Library, tmp_path: Path) -> None:
    out = tmp_path / "queue.epub"
    n = export(filled, "epub", out)
    with_text = [i for i in filled.list_items() if i.best_version_id is not None]
    assert n == len(with_text) == 3
    _epub_check(out)
    from ebooklib import epub

    book = epub.read_epub(str(out))
    titles = [link.title for link in book.toc]
    assert set(titles) == {i.title for i in with_text}
    chapter = next(i for i in book.get_items() if b"Rance estuary" in (i.get_content() or b""))
    assert b"cdn.example.org" not in chapter.get_content()


@pytest.mark.slow  # epubcheck is a Java program: seconds to start
def test_epubcheck_finds_no_error(filled: Library, tmp_path: Path) -> None:
    if _epubcheck() is None:
        pytest.skip("epubcheck is not installed (Debian: apt-get install epubcheck)")
    out = tmp_path / "queue.epub"
    export(filled, "epub", out)
    _epub_check(out, validate=True)


def test_an_epub_of_nothing_readable_is_refused(
    library: Library, import_dir: Path, tmp_path: Path
) -> None:
    importer.import_parsed(library.storage, importer.parse_all([import_dir / "pocket.csv"]))
    from reader.core.errors import ReaderError

    with pytest.raises(ReaderError, match="no"):
        export(library, "epub", tmp_path / "empty.epub")
    assert not (tmp_path / "empty.epub").exists()


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "html", "netscape", "epub"])
def test_no_secret_in_any_format(
    library: Library, import_dir: Path, tmp_path: Path, fmt: str
) -> None:
    importer.import_parsed(
        library.storage,
        importer.parse_all([import_dir / "bookmarks.html", import_dir / "wallabag.json"]),
        fetch=False,
    )
    out = tmp_path / f"export-{fmt}"
    export(library, fmt, out)
    blobs = [p.read_bytes() for p in ([out] if out.is_file() else sorted(out.rglob("*")))]
    if fmt == "epub":
        with zipfile.ZipFile(out) as zf:
            blobs = [zf.read(n) for n in zf.namelist()]
    for blob in blobs:
        assert b"secret" not in blob and b"user:" not in blob
        assert b"ookie" not in blob


def test_exporting_to_stdout_and_records_in_chunks(filled: Library) -> None:
    buf = io.StringIO()
    n = export_files.export_to_stream(filled.storage, filled.list_ids(), "json", buf)
    assert len(json.loads(buf.getvalue())["items"]) == n
    ids = filled.list_ids()
    assert [r["id"] for r in exporters.records(filled.storage, ids)] == ids


def test_control_characters_never_break_an_export(library: Library, tmp_path: Path) -> None:
    entry = {
        "url": "https://y.example/b",
        "title": "Ctl \x0b\x01 title",
        "is_archived": 0,
        "content": "<p>Text with \x0b control \x01 chars, words enough for an article.</p>" * 5,
    }
    source = tmp_path / "wallabag.json"
    source.write_text(json.dumps([entry]))
    importer.import_parsed(library.storage, importer.parse_all([source]), fetch=False)
    assert [i.title for i in library.list_items()] == ["Ctl title"]
    for fmt in ("json", "csv", "markdown", "html", "netscape", "epub"):
        assert export(library, fmt, tmp_path / f"out-{fmt}") == 1, fmt
    _epub_check(tmp_path / "out-epub")
