"""The page's text after the article: the tail, and the gap after the last paragraph."""

from __future__ import annotations

import lxml.html

from reader.core.extract.after_article import tail_text
from reader.core.extract.html import analyse_html

PARA = (
    "The committee met on Tuesday to discuss the proposal, which had been debated for months "
    "by residents, engineers and the council, and which many expected to pass without change. "
)
TAGS = ("p", "div", "h3", "article")


def test_the_gap_follows_the_last_paragraph_when_only_captions_or_a_note_follow() -> None:
    note = " ".join(["A note of the kind essays end with."] * 4)  # 32 words
    for after, gap_after in (
        (["Photo: Anna Berg"], 1),  # captions
        (["To cite this essay:", note], 1),  # a citation and a note: 37 words
        ([f"{note} {note} {note}"], None),  # a 96-word paragraph: the article's own end
    ):
        blocks = [PARA, PARA + "Again.", *after]
        body = "".join(f"<p>{b}</p>" for b in blocks[:2]) + "<div>Join to read on</div>"
        body += "".join(f"<p>{b}</p>" for b in after)
        doc = lxml.html.document_fromstring(f"<html><body><article>{body}</article></body></html>")
        _, gap, found = tail_text(doc, blocks, TAGS)
        assert found == gap_after, after
        if found is not None:
            assert gap.startswith("Join to read on")


def test_a_box_between_the_last_paragraph_and_a_closing_note_is_found() -> None:
    # readability drops the offer box; what follows it in the text is a citation and a
    # note of the kind essays end with, a paragraph long but not the article
    first = PARA
    second = (
        "Engineers told the meeting that the old bridge could carry traffic for five more "
        "years, but only if heavy lorries were kept off it and the council paid for repairs."
    )
    note = (
        "If you wish to answer or develop this essay, you are invited to send a text to the "
        "editors, who will read it with care and reply to every author as soon as they can."
    )
    html = (
        "<!doctype html><html lang='en'><head><title>Bridge plan | Town Times</title></head>"
        f"<body><article><h1>Bridge plan</h1><p>{first}</p><p>{second}</p>"
        "<div class='promo'><h3>Keep reading by joining our subscribers</h3>"
        "<p>Support independent journalism.</p><a href='/offers'>See plans</a></div>"
        "<p>To cite this essay:</p><p>Anna Berg, 'Bridge plan', Town Times, 15 May 2024.</p>"
        f"<p>{note}</p></article><footer>About us</footer></body></html>"
    )
    art = analyse_html(html, url="https://news.example.org/bridge")
    box = next(e for e in art.paywall.evidence if e.signal == "wall_box")
    assert "after the text's last paragraph" in box.detail
    assert note in art.text  # found, not removed: the note is the page's, not the wall's


def test_a_known_phrase_dropped_before_a_citation_is_evidence_at_the_end() -> None:
    # the box holds no reading word ("Subscribers only", a log-in line), so it is not a wall
    # box by shape; it is a known marker phrase, and it sits where the text stops
    second = (
        "Engineers told the meeting that the old bridge could carry traffic for five more "
        "years, but only if heavy lorries were kept off it and the council paid for repairs."
    )
    html = (
        "<!doctype html><html lang='en'><head><title>Bridge plan | Town Times</title></head>"
        f"<body><article><h1>Bridge plan</h1><p>{PARA}</p><p>{second}</p>"
        "<aside class='cta-panel'><p><strong>Subscribers only</strong></p>"
        "<a href='/join'>Already a member? Sign in here</a></aside>"
        "<p>To cite this essay:</p><p>Anna Berg, 'Bridge plan', Town Times, 15 May 2024.</p>"
        "</article><footer>About us</footer></body></html>"
    )
    art = analyse_html(html, url="https://news.example.org/bridge")
    phrase = next(e for e in art.paywall.evidence if e.signal == "medium_phrase")
    assert "'Subscribers only' in the page right after the text's last paragraph" in phrase.detail
    assert art.paywall.status == "truncated"
    assert "Subscribers only" not in art.text and "Anna Berg" in art.text
