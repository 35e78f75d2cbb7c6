"""A site's body and strip rules shape the extracted article; bad rules are skipped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.core import site_rules
from reader.core.extract import site_content
from reader.core.extract.html import analyse_html, parse
from reader.core.site_rules import parse_rules

SITES = Path(__file__).resolve().parents[2] / "fixtures" / "sites"
PAGE = (SITES / "example-article.html").read_text(encoding="utf-8")
STORY = "The repairs cost far more than first planned"
STRIPPED = ("Share this story on every network", "Related: the ferry timetable")
OUTSIDE = "Reader comment: finally!"


@pytest.fixture
def recipe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture page's rules as the user's own recipe for example.com."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    sites = tmp_path / "reader" / "sites"
    sites.mkdir(parents=True)
    shutil.copy(SITES / "example-article.recipe", sites / "example.com.txt")
    return sites / "example.com.txt"


def test_body_and_strip_rules_applied_to_the_page(recipe: Path) -> None:
    plain = analyse_html(PAGE, "https://www.example.com/2024/05/harbour-bridge.html",
                         site_rules=False)  # fmt: skip
    assert STORY in plain.text and OUTSIDE in plain.text
    assert all(s in plain.text for s in STRIPPED)

    ruled = analyse_html(PAGE, "https://www.example.com/2024/05/harbour-bridge.html")
    assert STORY in ruled.text
    assert "Traffic on the new ring road" in ruled.text  # the story's last paragraph stays
    assert OUTSIDE not in ruled.text  # outside the body rule's element
    for s in STRIPPED:
        assert s not in ruled.text and s not in ruled.html


def test_a_file_without_url_finds_its_site_by_the_canonical_link(recipe: Path) -> None:
    art = analyse_html(PAGE)  # <link rel="canonical" href="https://www.example.com/…">
    assert OUTSIDE not in art.text and STRIPPED[0] not in art.text


def test_a_body_rule_that_selects_too_little_falls_back_to_readability() -> None:
    doc = parse(PAGE)
    rule = parse_rules("body: //nav\nbody: //h1\n")
    assert site_content.body_tree(doc, rule) is None
    rule = parse_rules("body: //nav | //div[@id='story']\n")
    tree = site_content.body_tree(doc, rule)
    assert tree is not None and STORY in tree.text_content()


def test_broken_or_hostile_xpaths_are_skipped() -> None:
    rule = parse_rules(
        "strip: //div[@unclosed\nstrip: count(//p)\nstrip: //body\nstrip: //html\n"
        "strip_id_or_class: it's\nstrip_image_src: x'y\nbody: string(//h1)\nbody: //p[\n"
    )
    doc = parse(PAGE)
    before = doc.text_content()
    assert site_content.apply_strip(doc, rule) == 0
    assert doc.text_content() == before
    assert site_content.body_tree(doc, rule) is None
    assert site_content.matches(doc, "//div[@id='story']")
    assert not site_content.matches(doc, "//div[@unclosed")
    assert not site_content.matches(doc, "//nosuch")


def test_strip_id_or_class_matches_whole_tokens_and_ids() -> None:
    doc = parse("<div><p class='ad big'>a</p><p class='header'>b</p><p id='ad'>c</p></div>")
    assert site_content.apply_strip(doc, parse_rules("strip_id_or_class: ad")) == 2
    assert doc.text_content() == "b"


def test_no_rules_for_the_site_changes_nothing(tmp_path: Path) -> None:
    site_rules.reload()
    url = "https://no-rules.invalid/x"
    assert site_rules.rules_for(url) is None
    assert analyse_html(PAGE, url).text == analyse_html(PAGE, url, site_rules=False).text
