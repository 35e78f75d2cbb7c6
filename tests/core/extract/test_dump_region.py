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
