"""Where a marker phrase counts: a line of its own near the end, running text, the tail."""

from __future__ import annotations

from support.prose import LEAD, PARA

from reader.core.verdict.markers import markers
from reader.core.verdict.model import PageSignals, judge
from reader.core.verdict.scan import find_markers


def test_a_marker_line_at_the_end_is_a_line_and_running_text_is_not() -> None:
    mention = (
        "The editor wrote that this content is reserved for subscribers from next spring, "
        "a change that many readers of the weekly edition have questioned in their letters."
    )
    blocks = [LEAD, mention, PARA, "Sign in to continue reading"]
    scan = find_markers(blocks, "", markers())
    assert scan.marker_lines == [3]
    by_block = {h.block: h for h in scan.hits if h.strength == "M"}
    assert by_block[3].in_marker_line
    assert 1 in by_block and not by_block[1].in_marker_line  # found, but as a mention


def test_phrases_after_the_article_are_found_in_the_tail_near_it() -> None:
    scan = find_markers([LEAD, PARA], "The rest is for subscribers only\nSee plans", markers())
    assert [(h.strength, h.block) for h in scan.hits if h.strength == "S"] == [("S", None)]
    far = "x " * 1200 + "The rest is for subscribers only"
    assert not [h for h in find_markers([LEAD, PARA], far, markers()).hits if h.strength == "S"]


def test_a_phrase_the_extraction_dropped_after_the_last_paragraph_counts() -> None:
    # the box sat inside the article, before its citation line; readability dropped the box
    # and kept the citation, so the phrase is neither in the blocks nor after the last one
    cite = "To cite this article: Anna Berg, The new lines, 2 May 2024."
    blocks = [LEAD, PARA, cite]
    gap = f"Subscribers only\nAlready a member? Sign in here\n{cite}\nAbout us"
    v, kept = judge(PageSignals(blocks=blocks, gap_text=gap, gap_after=1))
    phrase = next(e for e in v.evidence if e.signal == "medium_phrase")
    assert "'Subscribers only' in the page right after the text's last paragraph" in phrase.detail
    assert v.status == "truncated" and kept == blocks
    # only the dropped part counts: after the next kept block, the gap is the page's own
    later = f"{cite}\nSubscribers only\nAbout us"
    v, _ = judge(PageSignals(blocks=blocks, gap_text=later, gap_after=1))
    assert all(e.signal != "medium_phrase" for e in v.evidence)
    plain, _ = judge(PageSignals(blocks=blocks))
    assert all(e.signal != "medium_phrase" for e in plain.evidence)
