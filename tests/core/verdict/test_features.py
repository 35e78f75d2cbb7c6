"""The new general signals, each on a small synthetic page, through the fitted weights."""

from __future__ import annotations

import random
from typing import Any

import lxml.html
import pytest
from support.prose import LEAD, PARA

from reader.core.models import Evidence, PaywallVerdict
from reader.core.verdict.features import FEATURES, extract, wall_signatures
from reader.core.verdict.model import PageSignals, judge, weights


def doc(inner: str, head: str = "") -> Any:
    """A parsed page around some body HTML."""
    return lxml.html.document_fromstring(
        f"<html><head>{head}</head><body><article>{inner}</article></body></html>"
    )


def details(v: PaywallVerdict) -> str:
    """Evidence as one string, for assertion messages."""
    return " | ".join(f"{e.weight:+.2f} {e.signal}: {e.detail}" for e in v.evidence)


def signal(v: PaywallVerdict, name: str) -> Evidence | None:
    """The evidence entry of one feature, if present."""
    return next((e for e in v.evidence if e.signal == name), None)


def test_short_body_next_to_a_login_box_is_truncated() -> None:
    box = "Log in or create an account to read this article"
    page = doc(
        f"<h1>Council backs the transport plan</h1><p>{LEAD}</p>"
        f"<div class='account-panel'><p>{box}</p><a href='/login'>Log in</a></div>"
    )
    v, kept = judge(PageSignals(blocks=[LEAD], doc=page, tail_text=f"{box} Log in"))
    assert v.status == "truncated", details(v)
    assert signal(v, "short_with_wall") is not None
    assert kept == [LEAD]


def test_cut_mid_sentence_before_a_register_box_is_truncated() -> None:
    cut = PARA[: PARA.index(" and the plan")]  # "... for years,"
    v, _ = judge(
        PageSignals(
            blocks=[LEAD, cut.rstrip(",")],
            tail_text="Register or log in to continue reading. Already registered? Sign in",
        )
    )
    assert v.status == "truncated", details(v)
    assert signal(v, "cut_before_box") is not None


def test_a_headline_and_a_members_notice_is_nothing_but_a_wall() -> None:
    lead = "The city council approved the new tram line on Tuesday after a long debate."
    notice = "This post is for paying members only.\nAlready have an account? Sign in"
    v, _ = judge(PageSignals(blocks=[lead], tail_text=notice))
    assert v.status == "truncated" and v.missing_fraction is None, details(v)
    assert signal(v, "wall_only") is not None and signal(v, "access_notice") is not None
    # a bare "Already a member? Log in" line is no notice: the same page is not flagged
    v, _ = judge(PageSignals(blocks=[lead], tail_text="Already a member? Log in"))
    assert v.status != "truncated", details(v)


@pytest.mark.parametrize(
    "tail",
    [
        "Sign up for our newsletter to read the best stories first. Subscribe",
        "Become a member of our community today. Already a member? Log in",
    ],
    ids=["newsletter box", "membership appeal"],
)
def test_a_long_free_article_with_a_newsletter_box_or_a_members_appeal_is_not_flagged(
    tail: str,
) -> None:
    blocks = [LEAD] + [PARA] * 14
    v, kept = judge(PageSignals(blocks=blocks, tail_text=tail))
    assert v.status == "free", details(v)
    assert kept == blocks


def test_a_cut_before_a_members_notice_is_evidence_of_a_wall() -> None:
    # no reading word, no price, no known phrase: only "members" and "sign in". The notice
    # is evidence for a cut with a fitted positive weight; how much it decides is the fit's
    # (here, with no other sign of a wall, the short cut text stays "unknown").
    cut = PARA[: PARA.index(" and the plan")].rstrip(",")
    notice = ["This post is for paying members only.", "Already have an account? Sign in"]
    v, _ = judge(PageSignals(blocks=[LEAD, cut, *notice]))
    assert v.status != "free", details(v)
    evidence = signal(v, "access_notice")
    assert evidence is not None and evidence.weight > 0, details(v)
    assert signal(v, "wall_box") is None


@pytest.mark.parametrize(
    ("tail", "count"),
    [("… [+2345 chars]", 2345), ("[+800 chars]", 800), ("1200 more characters", 1200)],
)
def test_chars_left_tail_gives_the_missing_share(tail: str, count: int) -> None:
    blocks = [LEAD, PARA + " The mayor then told reporters that"]
    v, kept = judge(PageSignals(blocks=blocks, tail_text=tail))
    assert v.status == "truncated", details(v)
    assert v.missing_method == "chars_left"
    body = sum(len(b) for b in kept)
    assert v.missing_fraction == pytest.approx(count / (count + body), abs=0.002)


def test_chars_left_glued_to_the_last_block_is_split_off() -> None:
    last = PARA + " The mayor then told reporters that… [+3084 chars]"
    v, kept = judge(PageSignals(blocks=[LEAD, last]))
    assert v.status == "truncated", details(v)
    assert kept[-1].endswith("told reporters that")
    assert "[+3084 chars]" not in " ".join(kept)


def _scramble(text: str, rng: random.Random) -> str:
    """Shift every letter by a few places, as obfuscated paid text does."""
    k = rng.randint(2, 5)
    return "".join(chr((ord(c) - 97 + k) % 26 + 97) if "a" <= c <= "z" else c for c in text.lower())


def test_scrambled_paid_paragraphs_mean_truncated_and_are_removed() -> None:
    rng = random.Random(3)
    scrambled = [_scramble(PARA, rng) for _ in range(4)]
    locked = [{"@type": "NewsArticle", "isAccessibleForFree": False}]
    v, kept = judge(PageSignals(blocks=[LEAD, PARA, *scrambled], jsonld=locked))
    assert v.status == "truncated", details(v)
    assert signal(v, "obfuscated_text") is not None
    assert kept == [LEAD, PARA]


def test_text_without_known_common_words_and_no_wall_is_not_scrambled() -> None:
    # an article in a language our common-word list lacks, after an English standfirst
    xhosa = (
        "Abantu abaninzi baye bathetha ngale ngxaki kwiintsuku ezidlulileyo, kwaye urhulumente "
        "uthembisa ukuba uza kuyisombulula kungekudala ukuze abantwana bafunde kakuhle "
        "ezikolweni zabo ezintsha."
    )
    blocks = [LEAD, *[xhosa] * 4]
    v, kept = judge(PageSignals(blocks=blocks))
    assert signal(v, "obfuscated_text") is None, details(v)
    assert v.status != "truncated" and kept == blocks


def test_word_salad_without_a_readable_lead_is_left_alone() -> None:
    salad = " ".join(["harbour council budget river school winter market railway"] * 6)
    v, kept = judge(PageSignals(blocks=["By A. Reporter", *[salad] * 6]))
    assert signal(v, "obfuscated_text") is None
    assert len(kept) == 7


def _locked_with_part(selector: str) -> dict[str, Any]:
    """JSON-LD of a paid article whose paid part is the element ``selector`` matches."""
    part = {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": selector}
    return {"@type": "NewsArticle", "isAccessibleForFree": False, "hasPart": part}


def _paid_column_page(paras: list[str], lead: str) -> tuple[Any, list[str], dict[str, Any]]:
    """A page whose whole paid column is in the HTML, declared by hasPart."""
    column = "".join(f"<p>{p}</p>" for p in paras)
    page = doc(f"<p>{lead}</p><div class='paywall'>{column}</div>")
    ld = _locked_with_part(".paywall")
    return page, [lead, *paras], ld


def test_a_paid_column_of_plain_words_is_not_called_scrambled_without_a_readable_lead() -> None:
    # Real words with no "the"/"and" anywhere on the page: nothing shows that this
    # language has common words, so their absence in the paid column proves nothing.
    salad = " ".join(["harbour council budget river school winter market railway"] * 7) + "."
    page, blocks, ld = _paid_column_page([salad] * 20, salad)
    v, kept = judge(PageSignals(blocks=blocks, doc=page, jsonld=[ld]))
    assert signal(v, "obfuscated_text") is None, details(v)
    assert v.status == "paywalled_full", details(v)
    assert kept == blocks


def test_a_scrambled_paid_column_after_a_readable_lead_is_truncated() -> None:
    rng = random.Random(5)
    page, blocks, ld = _paid_column_page([_scramble(PARA, rng) for _ in range(20)], LEAD)
    v, _ = judge(PageSignals(blocks=blocks, doc=page, jsonld=[ld]))
    assert signal(v, "obfuscated_text") is not None, details(v)
    assert v.status == "truncated", details(v)


@pytest.mark.parametrize(
    "notice",
    [
        "この記事は会員限定です。続きは会員登録でお読みいただけます。",
        "本文为会员专享，订阅后阅读全文",
        "이 기사는 유료회원 전용입니다",
    ],
    ids=["ja", "zh", "ko"],
)
def test_cjk_members_only_notice_after_a_lead(notice: str) -> None:
    v, _ = judge(PageSignals(blocks=[LEAD], tail_text=notice))
    assert v.status == "truncated", details(v)


def test_a_page_holding_nothing_but_a_wall_is_truncated_without_a_share() -> None:
    box = ["Subscribe for $1 a week", "Already a subscriber? Log in to read"]
    page = doc("<div class='paywall'>" + "".join(f"<p>{b}</p>" for b in box) + "</div>")
    v, _ = judge(PageSignals(blocks=box, doc=page))
    assert v.status == "truncated", details(v)
    assert v.missing_fraction is None
    assert v.status != "free"


def test_the_whole_column_in_the_html_stays_paywalled_full() -> None:
    column = "".join(f"<p>{PARA}</p>" for _ in range(14))
    page = doc(
        f"<p>{LEAD}</p><div class='paid-body'>{column}</div>"
        "<div class='paywall'>Subscribe to continue reading</div>"
    )
    ld = _locked_with_part(".paid-body")
    blocks = [LEAD] + [PARA] * 14
    v, kept = judge(PageSignals(blocks=blocks, doc=page, jsonld=[ld]))
    assert v.status == "paywalled_full", details(v)
    assert kept == blocks


def test_site_rule_and_user_marks_are_named_features() -> None:
    blocks = [LEAD] + [PARA] * 10  # long enough that the box alone does not make it cut
    box = "Members read on. Sign in"  # the marks are only given when the page has the box
    plain, _ = judge(PageSignals(blocks=blocks, tail_text=box))
    assert plain.status != "truncated", details(plain)
    ruled, _ = judge(
        PageSignals(
            blocks=blocks,
            tail_text=box,
            extra=[Evidence("user_marked_truncated", "you marked 3 pages with this box", 1.0)],
        )
    )
    assert ruled.status == "truncated", details(ruled)
    mark = signal(ruled, "user_marked_truncated")
    assert mark is not None and mark.weight > 0
    assert mark.detail == "you marked 3 pages with this box"
    told, _ = judge(
        PageSignals(
            blocks=[LEAD],
            tail_text="Subscribe to continue reading",
            extra=[Evidence("user_marked_complete", "you marked 2 pages complete", 1.0)],
        )
    )
    assert told.status != "truncated", details(told)
    other, _ = judge(PageSignals(blocks=blocks, extra=[Evidence("something_else", "x", 0.9)]))
    assert signal(other, "something_else") is not None
    assert signal(other, "something_else").weight == 0.0  # type: ignore[union-attr]


def test_every_feature_has_a_fitted_weight_and_contributions_add_up() -> None:
    w = weights()
    assert set(FEATURES) <= set(w.truncated.weights)
    v, _ = judge(PageSignals(blocks=[LEAD], tail_text="Subscribe to continue reading"))
    f = extract(PageSignals(blocks=[LEAD], tail_text="Subscribe to continue reading"))
    shown = {e.signal: e.weight for e in v.evidence if e.signal in FEATURES}
    assert shown == {k: round(w.truncated.weights[k] * x, 3) for k, x in f.values.items() if x > 0}


def test_wall_signatures_are_stable_keys() -> None:
    page = doc(f"<p>{LEAD}</p><div class='paywall box'>Subscribe to continue reading</div>")
    signals = PageSignals(blocks=[LEAD], doc=page, tail_text="Subscribe to continue reading")
    keys = wall_signatures(signals)
    assert "marker:subscribe to continue reading" in keys
    assert "class:box paywall" in keys
    v, _ = judge(signals)
    assert v.signatures == keys
    assert PaywallVerdict.from_dict(v.to_dict()).signatures == keys


def _wrapped_page(inside: str) -> str:
    """A paid article whose hasPart element (.paywall) wraps a lead and ``inside``."""
    import json

    ld = json.dumps(_locked_with_part(".paywall"))
    return (
        f"<html lang='en'><head><title>The mill</title><script type='application/ld+json'>{ld}"
        f"</script></head><body><div class='paywall'><article><h1>The mill</h1><p>{LEAD}</p>"
        f"</article>{inside}</div></body></html>"
    )


def test_a_paid_element_of_headlines_and_links_does_not_hold_the_column() -> None:
    from reader.core.extract.html import analyse_html

    links = "".join(
        f"<li><a href='/s{i}'>Council votes on the new river crossing plan {i}</a></li>"
        for i in range(40)
    )  # 360 words, none of them in a paragraph
    v = analyse_html(_wrapped_page(f"<ul>{links}</ul>"), url="https://example.com/a").paywall
    assert signal(v, "haspart_present") is None, details(v)
    assert v.status == "truncated", details(v)
    paras = "".join(f"<p>{PARA}</p>" for _ in range(8))
    v = analyse_html(_wrapped_page(paras), url="https://example.com/b").paywall
    assert signal(v, "haspart_present") is not None, details(v)


def test_a_paid_element_holding_only_the_teaser_does_not_make_it_complete() -> None:
    # a short text next to a wall box, and a hasPart element with 400+ words of paragraphs:
    # when those paragraphs are the text we read (the element wraps the teaser), the column
    # is not in the page and the text is cut; when the text lacks them, it is there
    from reader.core.verdict.model import decide
    from reader.core.verdict.page import PageFeatures

    values = {
        "not_free_markup": 1.0, "haspart_present": 1.0, "wall_box": 1.0, "wall_shape": 1.0,
        "short_body": 0.6, "short_with_wall": 0.6, "cut_before_box": 1.0,
        "cut_mid_sentence": 1.0,
    }  # fmt: skip
    teaser = PageFeatures(dict(values), {}, [LEAD, PARA], 140, part_full=True, part_beyond=20)
    assert decide(teaser, values).status == "truncated"
    column = PageFeatures(dict(values), {}, [LEAD, PARA], 140, part_full=True, part_beyond=420)
    assert decide(column, values).status == "paywalled_full"


def test_an_m_phrase_in_running_text_is_a_mention_not_a_wall() -> None:
    mention = (
        "The editor wrote that this content is reserved for subscribers from next spring, "
        "a change that many readers of the weekly edition have questioned in their letters."
    )
    f = extract(PageSignals(blocks=[LEAD, mention, PARA, PARA]))
    assert "medium_phrase" not in f.values, f.details
    line = extract(PageSignals(blocks=[LEAD, PARA, "This content is reserved for subscribers"]))
    assert line.values.get("medium_phrase") == 1.0, line.details
