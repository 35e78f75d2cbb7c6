"""Raw pages are kept without what extraction never reads, and zstd-compressed."""

from __future__ import annotations

import time
import zlib

import pytest
from support.fixtures import FIXTURES_DIR

from reader.core.extract.html import analyse_html
from reader.core.storage import blobs


def test_scripts_styles_and_comments_go_json_ld_stays() -> None:
    page = (
        b"<!doctype html><html><head><title>T</title>"
        b'<script src="/app.js"></script><script>var a = "</div>";</script>'
        b'<script type="application/ld+json">{"@type": "NewsArticle"}</script>'
        b"<style>p{color:red}</style><!-- a comment --></head>"
        b"<body><p>One</p><SCRIPT>x()</SCRIPT >two<p>three</p></body></html>"
    )
    out = blobs.reduce_page(page)
    assert b"app.js" not in out and b"var a" not in out and b"x()" not in out
    assert b"color:red" not in out and b"a comment" not in out
    assert b'{"@type": "NewsArticle"}' in out
    assert b"<p>One</p>two<p>three</p>" in out


def test_a_script_inside_an_attribute_is_not_a_script() -> None:
    page = (
        b"<html><body><div data-x='<script>'>kept one</div>"
        b'<img alt="<!--" src="a.png"><p>kept two</p><p>-- kept three --&gt;</p></body></html>'
    )
    assert blobs.reduce_page(page) == page


def test_an_unclosed_script_runs_to_the_end_as_in_a_browser() -> None:
    page = b"<html><body><p>before</p><script>never closed <p>not text</p>"
    assert blobs.reduce_page(page) == b"<html><body><p>before</p>"


def test_what_is_not_html_is_left_alone() -> None:
    text = b"A text dump that quotes <script>alert(1)</script> as words."
    assert blobs.reduce_page(text) == text
    utf16 = "<html><script>x</script></html>".encode("utf-16")
    assert blobs.reduce_page(utf16) == utf16


@pytest.mark.parametrize(
    "page",
    [b"<html>" + b'<a x="' * 20_000, b"<html>" + b"<a<a<a" * 100_000, b"<html>" + b"<!--" * 50_000],
)
def test_hostile_shapes_stay_linear(page: bytes) -> None:
    started = time.process_time()
    blobs.reduce_page(page)
    assert time.process_time() - started < 1.0


def test_pack_and_unpack_round_trip_and_read_old_zlib_rows() -> None:
    page = b"<html><body><p>" + b"words " * 500 + b"</p></body></html>"
    packed = blobs.pack_page(page)
    assert packed is not None and packed.startswith(blobs.ZSTD_MAGIC) and len(packed) < 200
    assert blobs.unpack(packed) == page
    assert blobs.unpack(zlib.compress(page)) == page
    assert blobs.unpack_text(blobs.pack_text("héllo")) == "héllo"
    assert blobs.pack_page(None) is None and blobs.unpack(None) is None


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES_DIR.glob("*.html")))
def test_extraction_from_the_kept_page_is_the_same(name: str) -> None:
    raw = (FIXTURES_DIR / name).read_bytes()
    full = analyse_html(raw, url="https://x.example/a")
    kept = analyse_html(blobs.reduce_page(raw), url="https://x.example/a")
    assert (kept.text, kept.html, kept.meta) == (full.text, full.html, full.meta)
    assert kept.paywall.status == full.paywall.status
    assert len(blobs.reduce_page(raw)) <= len(raw)
