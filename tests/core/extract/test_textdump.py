"""Plain-text dumps, the canonical case first."""

from __future__ import annotations

from support.fixtures import BBC_PAGE, FIXTURES_DIR, SEED

from reader.core.extract.dump_lines import paragraph_units
from reader.core.extract.textdump import analyse_text, copied_page_text, looks_like_html


def test_seed_comes_out_clean_flagged_and_attributed() -> None:
    art = analyse_text(SEED.read_text(encoding="utf-8"))
    text = art.text
    assert text.startswith("More than four years after the fall")
    assert text.endswith("whose agenda is neither Syrian nor international.")
    for junk in (
        "Sponsor",
        "QWIKET",
        "Images Le Monde.fr",
        "left to read",
        "subscribers only",
        "Remer,MN",
    ):
        assert junk not in text
    assert not any(line.strip() in ("back", "topic") for line in text.splitlines())
    assert art.meta.source == "Le Monde"
    assert art.meta.source_published == "2023-11-02"
    assert art.meta.site_name == "The America One News"
    assert art.meta.published == "2025-06-24"
    assert art.meta.language == "en"
    assert art.paywall.status == "truncated"
    assert abs(art.paywall.missing_fraction - 0.85) <= 0.01
    assert any(
        "You have 85% of this article left to read" in e.detail for e in art.paywall.evidence
    )
    assert art.paywall.needs_full_text
    assert art.text.count("\n\n") == 4  # five paragraphs
    assert "<p>" in art.html and "Sponsor" not in art.html


def test_hard_wrapped_text_is_rejoined() -> None:
    para = (
        "The harbour authority said on Monday that the new breakwater would be finished\n"
        "before the winter storms, after two years of delays caused by a shortage of\n"
        "granite and a dispute with the contractor over the cost of the foundations.\n"
    )
    art = analyse_text("Harbour news\n\n" + para + "\n" + para.replace("harbour", "port"))
    assert art.text.count("\n\n") == 1
    assert "finished before the winter" in art.text


def test_a_headline_over_its_share_line_is_two_lines_not_one_wrapped_sentence() -> None:
    headline = "Harbour authority delays the new breakwater again after a granite shortage - Local"
    share = "Share on Facebook · X · E-mail"
    assert paragraph_units(f"{headline}\n{share}") == [headline, share]
    wrapped = "The harbour authority said on Monday that the new breakwater would be finished\n"
    assert paragraph_units(wrapped + "before the winter storms.") == [
        wrapped.strip() + " before the winter storms."
    ]


def test_a_lead_too_short_for_a_paragraph_is_the_text_under_a_lone_headline() -> None:
    dump = (
        "News\nSport\n\n"
        "Harbour authority delays the new breakwater again after a granite shortage hits\n\n"
        "Share on Facebook · X · E-mail\n\n"
        "The harbour authority said on Monday that the\n\n"
        "Contact\n© 2024"
    )
    art = analyse_text(dump)
    assert art.meta.title == (
        "Harbour authority delays the new breakwater again after a granite shortage hits"
    )
    assert art.text == "The harbour authority said on Monday that the"


def test_title_line_and_source_prefix() -> None:
    dump = (
        "Daily Digest\n"
        "Menu\n"
        "Scientists find water ice near the lunar south pole\n"
        "Source: Reuters\n"
        "March 3, 2024\n\n"
        + ("Researchers said the deposits could supply future missions with water and fuel. " * 4)
    )
    art = analyse_text(dump)
    assert art.meta.title == "Scientists find water ice near the lunar south pole"
    assert art.meta.source == "Reuters"
    assert art.meta.source_published == "2024-03-03"
    assert "Menu" not in art.text


def test_sniffing_html_versus_text() -> None:
    assert looks_like_html("<!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html("<div><p>one</p><p>two</p></div>")
    assert not looks_like_html("Plain words, with a < sign and 3 > 2.")


def test_a_whole_page_copied_as_text_yields_the_article() -> None:
    dump = copied_page_text(BBC_PAGE.read_bytes())  # a browser's select-all + copy
    assert dump is not None
    art = analyse_text(dump)
    assert art.meta.title == "Obama admits US gun laws are his 'biggest frustration'"
    assert "President Barack Obama has admitted" in art.text[:200]
    assert "Sign in" not in art.text and "sponsored by" not in art.text
    assert art.word_count > 600


def test_a_page_copy_leaves_out_what_the_browser_does_not_show() -> None:
    # wikipedia: each formula is an image plus its MathML twin in a display:none span
    page = (FIXTURES_DIR / "wikipedia-3.math.html").read_bytes()
    dump = copied_page_text(page)
    assert dump is not None and "displaystyle" not in dump
    last = (
        "When the matrix is Hermitian, the numerical range is equal to the spectral norm. "
        "Still in functional analysis, is known as the spectral radius."
    )
    assert last in dump
    assert last in analyse_text(dump).text
