"""Fuzzing the pipeline with mutated real pages (tests/fixtures copies of corpus pages).

Each example breaks a page in one to three ways (``support.mutations``: truncation, control
characters, invalid bytes, deep nesting, attribute floods, long texts, odd charsets,
malformed links, hostile JSON-LD, scripts and dangerous URLs, a broken skeleton...) and
runs it through the path a saved file takes, without the safety net that turns unexpected
exceptions into ExtractionError. It asserts:

- nothing but a typed error (``reader.core.errors``) ever comes out;
- the article's HTML holds no script, event handler or ``javascript:``/``vbscript:`` URL,
  and no URL of a scheme other than http, https and mailto (``data:image/…`` for images).

Bounded for CI (a few seconds, a fixed seed); ``READER_FUZZ_EXAMPLES=2000`` digs deeper.
"""

from __future__ import annotations

import os
import re

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.fixtures import BBC_PAGE, FREE, NON_ENGLISH, PAYWALLED_FULL, SMALL_PAGE, TRUNCATED
from support.mutations import MUTATIONS, apply

from reader.core.errors import ReaderError
from reader.core.intake import sources

PAGES = {p.name: p.read_bytes() for p in (FREE, TRUNCATED, PAYWALLED_FULL, NON_ENGLISH,
                                          SMALL_PAGE, BBC_PAGE)}  # fmt: skip
EXAMPLES = int(os.environ.get("READER_FUZZ_EXAMPLES", "40"))
ACTIVE_SCHEMES = re.compile(r"^(?:javascript|vbscript|livescript|data:text/html)", re.IGNORECASE)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "background",
                  "xlink:href", "cite", "srcset", "longdesc", "lowsrc", "dynsrc")  # fmt: skip
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
SAFE_SCHEMES = ("http", "https", "mailto")
SAFE_IMAGE = re.compile(r"^data:image/(?:png|jpeg|gif|webp|avif|bmp);", re.IGNORECASE)
ACTIVE_TAGS = ("script", "iframe", "frame", "object", "embed", "applet", "base", "form", "meta")

steps = st.lists(
    st.tuples(st.sampled_from(sorted(MUTATIONS)), st.floats(0, 1), st.integers(0, 60)),
    min_size=1,
    max_size=3,
)


def active_content(html: str) -> list[str]:
    """Everything in ``html`` that could run code in a browser."""
    if not html.strip():
        return []
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    found = []
    for el in fragment.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag.lower() in ACTIVE_TAGS:
            found.append(f"<{el.tag}>")
        for name, value in el.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{el.tag} {name}=")
            # browsers skip whitespace and control characters inside a scheme
            url = re.sub(r"[\x00-\x20]+", "", value)
            if name.lower() in URL_ATTRIBUTES and ACTIVE_SCHEMES.match(url):
                found.append(f"{el.tag} {name}={value[:40]!r}")
            scheme = SCHEME.match(url)
            image = el.tag == "img" and name == "src" and SAFE_IMAGE.match(url)
            unsafe = scheme is not None and scheme[1].lower() not in SAFE_SCHEMES
            if name.lower() in URL_ATTRIBUTES and unsafe and not image:
                found.append(f"{el.tag} {name}={value[:40]!r} (scheme)")
            if name.lower() == "style" and re.search(r"javascript:|expression\(", url, re.I):
                found.append(f"{el.tag} style={value[:40]!r}")
    return found


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI never flakes on a new find
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(name=st.sampled_from(sorted(PAGES)), mutations=steps)
def test_mutated_pages_give_an_article_or_a_typed_error(
    name: str, mutations: list[tuple[str, float, int]]
) -> None:
    raw = apply(PAGES[name], mutations)
    try:
        article = sources.analyse_unguarded(sources.decode(raw), None, "html")
    except ReaderError:
        return
    assert article.text.strip()
    assert active_content(article.html) == []


def test_the_checker_sees_active_content() -> None:
    """The assertion above can fail: each of these is caught."""
    assert active_content('<p onclick="x()">a</p>') == ["p onclick="]
    assert active_content('<a href=" java\tscript:alert(1)">a</a>')
    assert active_content("<script>alert(1)</script>") == ["<script>"]
    assert active_content('<img src="vbscript:x">') and active_content('<form action="x">')
    assert active_content('<a href="https://example.com/">ok</a> <img src="a.png">') == []
    for url in ("file:///etc/passwd", "smb://h/s", "ms-msdt:/id", "search-ms:q", "vscode://f"):
        assert active_content(f'<a href="{url}">x</a>'), url
    assert active_content('<img src="data:image/png;base64,AAAA">') == []


def test_every_mutation_changes_a_page() -> None:
    page = PAGES[SMALL_PAGE.name]
    for name in MUTATIONS:
        assert apply(page, [(name, 0.5, 7)]) != page, name
