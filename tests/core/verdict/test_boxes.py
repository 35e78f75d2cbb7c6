"""Wall boxes at the end of a text: what counts as one, and where it may sit."""

from __future__ import annotations

from typing import Any

import lxml.html
from support.prose import LEAD, PARA

from reader.core.verdict.boxes import end_box, is_access_notice, is_box_text, page_box
from reader.core.verdict.markers import markers
from reader.core.verdict.model import PageSignals, judge


def test_a_price_offer_with_a_log_in_line_is_a_box() -> None:
    m = markers()
    assert is_box_text("First month for $1, cancel anytime. Have an account? Log in", m)
    assert is_box_text("Den ersten Monat für 1 €, jederzeit kündbar. Zugang sichern", m)
    assert not is_box_text("The tickets cost $1 more than last year.", m)  # no access word


def test_badges_on_related_links_are_not_a_box() -> None:
    tail = (
        "Most read\nMembers The tweet from the council reads like a manifesto\n"
        "Subscriber only Critics of the plan say the story is not over\n"
        "Premium Five things to know about the new lines"
    )
    assert end_box([LEAD, PARA], tail, markers()) is None


def test_a_newsletter_box_and_its_button_are_not_a_box() -> None:
    tail = "Sign up for our morning briefing in your inbox\nJoin now\nMore stories\nAbout us"
    assert end_box([LEAD, PARA], tail, markers()) is None


def test_the_box_spans_a_pitch_line_and_the_tail() -> None:
    blocks = [LEAD, PARA, "Become a member and keep reading", "First month for $1."]
    box = end_box(blocks, "See plans\nHave an account? Log in", markers())
    assert box is not None and (box.start, box.stop) == (2, 4)


def test_a_box_before_an_authors_note_is_found_and_removed() -> None:
    note = "Anna Berg writes about transport and cities for the paper."
    blocks = [LEAD, PARA, "Members only: join to read the rest of this story", note]
    v, kept = judge(PageSignals(blocks=blocks))
    assert v.status == "truncated", [(e.signal, e.detail) for e in v.evidence]
    assert kept == [LEAD, PARA, note]


def test_a_closing_paragraph_is_never_the_start_of_a_box() -> None:
    # "connections" once read as the French 'connect' access word; and a paragraph of the
    # text is not part of a box even when a real box follows it
    blocks = [LEAD, PARA]
    box = end_box(blocks, "Register or log in to continue reading", markers())
    assert box is not None and box.after and box.start == box.stop == len(blocks)


def test_a_box_the_extraction_dropped_after_the_last_paragraph_counts() -> None:
    # readability kept the captions after the box but not the box itself; the page text
    # right after the last paragraph still holds it
    blocks = [LEAD, PARA, "Photo: Anna Berg", "Step 2", "The new line opens in May."]
    gap = "Members get the whole story: join today\nJoin now\nPhoto: Anna Berg"  # no known phrase
    v, kept = judge(PageSignals(blocks=blocks, gap_text=gap, gap_after=1))
    box = next(e for e in v.evidence if e.signal == "wall_box")
    assert "after the text's last paragraph" in box.detail
    assert v.status == "truncated" and kept == blocks
    plain, _ = judge(PageSignals(blocks=blocks))
    assert all(e.signal != "wall_box" for e in plain.evidence)


def test_an_affiliate_disclosure_after_the_text_is_not_a_box() -> None:
    # "readers" is a reading word and "Registration" an access word, but this is a
    # disclosure and a footer
    tail = (
        "Note to readers: if you purchase something through one of our affiliate links we "
        "may earn a commission.\nDisclaimer\nRegistration on or use of this site constitutes "
        "acceptance of our User Agreement\nAbout us"
    )
    assert end_box([LEAD, PARA], tail, markers()) is None
    # the same words as a pitch are still a box
    pitch = "Note to readers: purchase a subscription to read on.\nAbout us"
    assert end_box([LEAD, PARA], pitch, markers()) is not None


def test_an_offer_under_a_related_stories_heading_is_not_a_box() -> None:
    # the reading word came from the heading of the related links, the access word from an
    # advertisement after the first of them
    for tail in (
        "Artikel und Videos zum Thema\nGegen Peking: Tibeter protestieren vor dem Hauptquartier\n"
        "Spitzensport live im Stream. Jetzt anmelden! Jederzeit monatlich kündbar.",
        "Related articles\nThe council's plan for the new lines is delayed again\n"
        "Every match live on our partner's channel. Sign up now!",
    ):
        assert end_box([LEAD, PARA], tail, markers()) is None, tail


def test_a_box_of_six_short_pieces_ends_with_its_log_in_line() -> None:
    tail = (
        "Want to read the whole story? Pick the package that suits you\n"
        "Support independent journalism.\nStart now\nAlready a reader? Log in\nAbout us"
    )
    box = end_box([LEAD, PARA], tail, markers())
    assert box is not None and box.after and box.text.endswith("Log in")


def _page(banner: str, article_header: str) -> Any:
    return lxml.html.document_fromstring(
        f"<html><body><header>{banner}<a href='/'>Home</a></header><main><article>"
        f"<header><h1>Title</h1><p>{LEAD}</p>{article_header}</header></article></main>"
        "<footer><a href='/about'>About us</a></footer></body></html>"
    )


def test_a_box_after_the_standfirst_in_the_articles_header_is_in_the_page() -> None:
    box = "<div class='c-barrier'><h3>Want to read on?</h3><a href='/join'>Log in</a></div>"
    assert page_box(_page("", box), markers()) == "Want to read on?Log in"
    # the same box in the page's banner (outside the article) is site chrome, not a wall
    assert page_box(_page(box, ""), markers()) is None


NOTICE = "This post is for paying members only.\nAlready have an account? Sign in"


def test_a_members_notice_without_a_reading_word_is_a_notice_not_a_box() -> None:
    m = markers()
    assert not is_box_text(NOTICE, m)  # no reading word, no price
    assert is_access_notice(["This post is for paying members only."], m)
    assert is_access_notice(["Nur für Mitglieder dieser Redaktion", "Anmelden"], m)
    assert end_box([LEAD, PARA], NOTICE, m) is None
    box = end_box([LEAD, PARA], NOTICE, m, notice=True)
    assert box is not None and box.after and box.text.startswith("This post is for paying")


def test_a_row_of_account_links_or_a_newsletter_pitch_is_no_notice() -> None:
    m = markers()
    assert not is_access_notice(["Log in", "Register", "My account"], m)  # links, no sentence
    assert not is_access_notice(["Members get our weekly newsletter first"], m)
    assert end_box([LEAD, PARA], "Log in\nRegister\nMy account\nAbout us", m, notice=True) is None
