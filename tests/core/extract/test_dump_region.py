"""Where the article starts and ends in a dump: rules seen on real pages (tests/fixtures)."""

from __future__ import annotations

from support.fixtures import FIXTURES_DIR

from reader.core.extract.textdump import analyse_text, copied_page_text


def test_the_answer_to_a_closing_question_on_the_next_line_is_kept() -> None:
    # thekitchn: '<strong>Have a remodel …? <br><a>Submit it here!</a></strong>'
    dump = copied_page_text((FIXTURES_DIR / "thekitchn.closing-line.html").read_bytes())
    assert dump is not None and "share with us?\nSubmit it here!\n" in dump
    text = analyse_text(dump).text
    assert text.endswith("Have a remodel or a DIY project to share with us?\n\nSubmit it here!")
    assert "More posts in this series" not in text


def test_a_table_of_figures_between_paragraphs_is_part_of_the_article() -> None:
    # lwn: release dates, then developers and companies with changesets and shares
    text = analyse_text((FIXTURES_DIR / "lwn-1.tables.txt").read_text(encoding="utf-8")).text
    assert text.startswith("The LibreOffice project was announced with great fanfare")
    assert "Herbert Dürr" in text and "\n\n455499\n\n" not in text  # figures are left out
    assert text.endswith("LibreOffice has won the battle for developer participation.")
    assert "Comments (74 posted)" not in text
