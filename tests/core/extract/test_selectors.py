"""CSS selectors as linear XPath: the same elements as cssselect's XPath, without its
quadratic cost in libxml2 on big pages."""

from __future__ import annotations

import time

import lxml.etree
import pytest
from cssselect import GenericTranslator
from support.fixtures import BBC_PAGE, FREE, NON_ENGLISH, TRUNCATED

from reader.core.extract.html import analyse_html, parse
from reader.core.extract.selectors import css_xpath

SELECTORS = [
    ".a", "div p", "div > p", "p + p", "article .content p", "#main", "div.paywall, .premium",
    ":not(p) > a", "ul li:first-child", "p:nth-child(2)", "[data-x] span", "section header + div",
    "body *", "a[href^=http]", ".a .b .c", "div div p", "div > div p + p", "h1, h2 + p",
]  # fmt: skip


@pytest.mark.parametrize("path", [BBC_PAGE, FREE, NON_ENGLISH, TRUNCATED], ids=lambda p: p.name)
def test_the_same_elements_as_cssselect(path: object) -> None:
    doc = parse(path.read_bytes())  # type: ignore[attr-defined]
    for selector in SELECTORS:
        expected = lxml.etree.XPath(GenericTranslator().css_to_xpath(selector))(doc)
        assert lxml.etree.XPath(css_xpath(selector))(doc) == expected, selector


@pytest.mark.parametrize(
    "selector", ["p ~ p", "p::before", " ".join([".x"] * 5000), "", "p[", ".a" * 600]
)
def test_selectors_it_will_not_evaluate(selector: str) -> None:
    assert css_xpath(selector) is None


@pytest.mark.parametrize("selector", [".a .b", "div p", "* *", "* * *", ":not(.x) :not(.y)"])
def test_descendant_selectors_are_linear(selector: str) -> None:
    html = "<html><body>" + '<div class="a">' * 150 + '<p class="b">x</p>' * 20_000
    doc = parse(html)
    started = time.perf_counter()
    lxml.etree.XPath(css_xpath(selector))(doc)  # cssselect's own XPath: 5 to 87 s here
    assert time.perf_counter() - started < 2


def test_a_json_ld_selector_cannot_stall_the_verdict() -> None:
    selector = ".paywall .paywall p"
    jsonld = (
        '{"@type": "NewsArticle", "isAccessibleForFree": false, "hasPart": {"@type": '
        f'"WebPageElement", "isAccessibleForFree": false, "cssSelector": "{selector}"}}}}'
    )
    body = '<div class="paywall">' * 150 + "<p>Harbour seals haul out at low tide here.</p>" * 3000
    html = f'<html><head><script type="application/ld+json">{jsonld}</script></head><body>{body}'
    started = time.perf_counter()
    analyse_html(html)
    assert time.perf_counter() - started < 6


def test_a_page_of_many_table_cells_is_quick() -> None:
    """80,000 text nodes: //body//text() took 119 s in libxml2, descendant::text() 0.15 s."""
    html = "<html><body><article>" + "<table><tr><td>" * 20_000
    html += "<p>Harbour seals haul out on the sandbanks at low tide, every day.</p>" * 8
    started = time.perf_counter()
    assert "Harbour seals" in analyse_html(html).text
    assert time.perf_counter() - started < 8
