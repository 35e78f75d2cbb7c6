"""The paywall verdict: each signal on small pages, marker removal, and the dev-corpus bar."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from support.fixtures import SEED

from reader.core.resources import load_json
from reader.core.verdict.markers import fold, markers
from reader.core.verdict.model import PageSignals, judge

ROOT = Path(__file__).resolve().parents[3]

LOREM = (
    "The council met on Tuesday evening to discuss the new budget, and members argued "
    "for several hours about how the money for schools, roads and parks should be shared "
    "between the districts before they agreed on a compromise."
)


def body(n_paragraphs: int) -> list[str]:
    """Plain article paragraphs that end naturally (about 40 words each)."""
    return [f"{LOREM} Paragraph {i + 1} ends here." for i in range(n_paragraphs)]


def page(inner: str, head: str = "") -> lxml.html.HtmlElement:
    """A parsed page around some body HTML."""
    return lxml.html.document_fromstring(
        f"<html><head>{head}</head><body><main>{inner}</main></body></html>"
    )


def article_ld(**extra: Any) -> dict[str, Any]:
    """A NewsArticle JSON-LD object."""
    return {"@context": "https://schema.org", "@type": "NewsArticle", **extra}


def paid_part(selector: str, flag: Any = False) -> dict[str, Any]:
    """A hasPart entry declaring a paid element."""
    return {"@type": "WebPageElement", "isAccessibleForFree": flag, "cssSelector": selector}


def details(verdict: Any) -> str:
    """All evidence details as one string."""
    return " | ".join(f"{e.signal}: {e.detail}" for e in verdict.evidence)


# --- the seed -----------------------------------------------------------------------------


def seed_blocks() -> list[str]:
    """The syndicated Le Monde text dump, split into paragraphs."""
    text = SEED.read_text(encoding="utf-8")
    return [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def test_seed_is_truncated_with_85_percent_missing() -> None:
    blocks = seed_blocks()
    verdict, kept = judge(PageSignals(blocks=blocks, language="en"))
    assert verdict.status == "truncated"
    assert verdict.needs_full_text
    assert verdict.missing_fraction == pytest.approx(0.85)
    assert verdict.missing_method == "percent_phrase"
    assert verdict.confidence >= 0.9
    assert "You have 85% of this article left to read" in details(verdict)
    last = "You have 85% of this article left to read. The rest is for subscribers only."
    assert blocks[-1] == last
    assert last not in kept
    assert kept == blocks[:-1]
    assert kept[-1].endswith("whose agenda is neither Syrian nor international.")


def test_seed_evidence_is_json_ready() -> None:
    verdict, _ = judge(PageSignals(blocks=seed_blocks(), language="en"))
    dumped = json.dumps(verdict.to_dict(), ensure_ascii=False)
    assert "85% of this article left to read" in dumped


# --- percent phrases ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "lang", "fraction"),
    [
        ("Il vous reste 57,09 % de cet article à lire.", "fr", 0.5709),
        (
            "Il vous reste 57.09% de cet article à lire. La suite est réservée aux abonnés.",
            "fr",
            0.5709,
        ),
        ("Il vous reste 62\u00a0% à découvrir.", "fr", 0.62),
        ("Sie haben noch 40 % dieses Artikels vor sich.", "de", 0.40),
        ("Te queda el 70% de este artículo por leer.", "es", 0.70),
        ("Ti resta da leggere il 55% di questo articolo.", "it", 0.55),
        ("Pozostało jeszcze 89% artykułu", "pl", 0.89),
        ("Du har 30 % kvar av artikeln.", "sv", 0.30),
        ("YOU HAVE 85% OF THIS ARTICLE LEFT TO READ", "en", 0.85),
    ],
)
def test_percent_phrase_gives_missing_fraction(line: str, lang: str, fraction: float) -> None:
    verdict, kept = judge(PageSignals(blocks=[*body(3), line], language=lang))
    assert verdict.status == "truncated", details(verdict)
    assert verdict.missing_fraction == pytest.approx(fraction)
    assert verdict.missing_method == "percent_phrase"
    assert line not in kept
    assert len(kept) == 3


def test_percent_phrase_in_tail_text() -> None:
    signals = PageSignals(
        blocks=body(4), tail_text="Il vous reste 75% de cet article à lire. Abonnez-vous"
    )
    verdict, _ = judge(signals)
    assert verdict.status == "truncated"
    assert verdict.missing_fraction == pytest.approx(0.75)
    assert "the text right after the article" in details(verdict)


def test_percent_phrase_after_a_repeat_of_the_opening_is_a_hidden_template() -> None:
    blocks = body(16)
    tail = "Related stories. " + blocks[0] + " You have 80% of this article left to read."
    verdict, _ = judge(PageSignals(blocks=blocks, tail_text=tail))
    assert verdict.status != "truncated", details(verdict)


# --- strong / medium / weak phrases -------------------------------------------------------


@pytest.mark.parametrize(
    "tail",
    [
        "Subscribe to continue reading. Already a subscriber? Log in",
        "Bereits Abonnent/in? Anmelden Jetzt diesen Artikel lesen! Gleich können Sie weiterlesen!",
        "Suscríbete para seguir leyendo. Ya soy suscriptor",
        "Abbonati per continuare a leggere",
        "Assine para continuar lendo",
        "Dit artikel is exclusief voor abonnees",
        "Artykuł dostępny tylko dla subskrybentów",
        "Denne artikkelen er kun for abonnenter",
        "この記事は会員限定です",
        "Votre abonnement n’autorise pas la lecture de cet article",
    ],
)
def test_strong_phrase_right_after_the_body_flags(tail: str) -> None:
    verdict, _ = judge(PageSignals(blocks=body(3), tail_text=tail))
    assert verdict.status == "truncated", details(verdict)
    assert any(e.signal == "strong_phrase" for e in verdict.evidence)


def test_strong_phrase_far_down_the_tail_needs_a_short_body() -> None:
    far = ("Most read. " * 60) + "Subscribe to continue reading"
    long_verdict, _ = judge(PageSignals(blocks=body(15), tail_text=far))
    assert long_verdict.status != "truncated"
    ignored, _ = judge(PageSignals(blocks=body(3), tail_text=("Most read. " * 150) + far))
    assert ignored.status != "truncated"


def test_strong_phrase_after_long_natural_body_is_a_wall_not_a_cut() -> None:
    verdict, _ = judge(
        PageSignals(blocks=body(30), tail_text="This article is for subscribers only.")
    )
    assert verdict.status == "paywalled_full", details(verdict)


@pytest.mark.parametrize(
    "tail",
    [
        "Subscribe now | Log in | Newsletter",
        "Jetzt abonnieren Anmelden",
        "Abonnez-vous Se connecter",
        "Suscríbete Iniciar sesión",
        "Abbonati Accedi",
        "Already a subscriber? Sign in",
    ],
)
def test_weak_phrases_alone_never_flag(tail: str) -> None:
    for blocks in (body(10), body(2), [LOREM[:120] + "..."]):
        verdict, _ = judge(PageSignals(blocks=blocks, tail_text=tail))
        assert verdict.status != "truncated", (tail, details(verdict))


def test_weak_phrase_in_last_block_is_not_evidence() -> None:
    verdict, kept = judge(PageSignals(blocks=[*body(5), "Subscribe"]))
    assert verdict.status == "free"
    assert kept == body(5)


def test_medium_phrase_marks_a_wall_not_a_cut() -> None:
    blocks = [*body(20), "Create a FREE account to continue reading"]
    verdict, kept = judge(PageSignals(blocks=blocks))
    assert verdict.status == "paywalled_full", details(verdict)
    assert kept == body(20)


def test_phrases_compare_after_normalisation() -> None:
    line = "ＴＨＥ\u00a0REST   is for\tsubscribers only"
    verdict, kept = judge(PageSignals(blocks=[*body(2), line]))
    assert verdict.status == "truncated"
    assert line not in kept
    assert fold("Vous n’êtes\u00a0PAS abonné") == "vous n'êtes pas abonné"


# --- marker removal -----------------------------------------------------------------------


def test_marker_lines_are_removed_and_quoted() -> None:
    blocks = [
        *body(2),
        "Subscribe to continue reading",
        "Bereits Abonnent/in? Anmelden",
    ]
    verdict, kept = judge(PageSignals(blocks=blocks))
    assert kept == body(2)
    removed = [e.detail for e in verdict.evidence if e.signal == "marker_line"]
    assert any("Subscribe to continue reading" in d for d in removed)
    assert any("Bereits Abonnent/in? Anmelden" in d for d in removed)


def test_paragraphs_that_mention_subscribers_are_kept() -> None:
    mention = (
        "The paper announced that the rest is for subscribers only from next year, a "
        "decision that angered many readers who had followed the investigation for months."
    )
    short_mention = "Subscribers only? Not quite, said the editor."
    blocks = [*body(6), short_mention, mention, *body(2)]
    verdict, kept = judge(PageSignals(blocks=blocks))
    assert kept == blocks
    assert verdict.status != "truncated", details(verdict)


def test_marker_line_at_the_top_is_removed() -> None:
    blocks = ["Article réservé aux abonnés", *body(12)]
    verdict, kept = judge(PageSignals(blocks=blocks))
    assert kept == body(12)
    assert verdict.status == "paywalled_full"


# --- structured data ----------------------------------------------------------------------


def test_haspart_selector_missing_means_truncated() -> None:
    doc = page("<p>Only a short teaser of the story is here.</p><div class='promo'>x</div>")
    ld = article_ld(
        isAccessibleForFree=False,
        hasPart={
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".paywall",
        },
    )
    signals = PageSignals(
        blocks=["Only a short teaser of the story is here."], doc=doc, jsonld=[ld]
    )
    verdict, _ = judge(signals)
    assert verdict.status == "truncated", details(verdict)
    assert "'.paywall'" in details(verdict)
    assert "matches nothing" in details(verdict)


def test_haspart_selector_present_with_text_means_full() -> None:
    paragraphs = body(12)
    inner = "<div class='paywall'>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div>"
    ld = article_ld(
        isAccessibleForFree="False",
        hasPart=[
            {"@type": "WebPageElement", "isAccessibleForFree": "False", "cssSelector": ".paywall"}
        ],
    )
    signals = PageSignals(
        blocks=paragraphs,
        doc=page(inner),
        jsonld=[ld],
        meta={"article:content_tier": "locked"},
        tail_text="Subscribe to continue reading",
    )
    verdict, _ = judge(signals)
    assert verdict.status == "paywalled_full", details(verdict)
    assert any(e.signal == "haspart_present" and e.weight < 0 for e in verdict.evidence)


def test_haspart_missing_but_long_body_is_a_stale_selector() -> None:
    ld = article_ld(
        isAccessibleForFree=False,
        hasPart={
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".paywall",
        },
    )
    paragraphs = body(25)
    doc = page("".join(f"<p>{p}</p>" for p in paragraphs))
    verdict, _ = judge(PageSignals(blocks=paragraphs, doc=doc, jsonld=[ld]))
    assert verdict.status == "paywalled_full", details(verdict)


def test_unparsable_jsonld_still_counts_as_a_wall() -> None:
    broken = '{"@type":"NewsArticle","image":"<img src="x">","isAccessibleForFree":"false"}'
    doc = page("<p>x</p>", head=f'<script type="application/ld+json">{broken}</script>')
    verdict, _ = judge(PageSignals(blocks=body(20), doc=doc))
    assert verdict.status == "paywalled_full"
    assert "unparsed" in details(verdict)


def test_wall_markup_with_long_natural_body_is_paywalled_full() -> None:
    ld = article_ld(isAccessibleForFree=False)
    verdict, _ = judge(
        PageSignals(blocks=body(20), jsonld=[ld], meta={"article:content_tier": "metered"})
    )
    assert verdict.status == "paywalled_full"
    assert not verdict.needs_full_text


def test_free_markup_is_negative_evidence() -> None:
    verdict, _ = judge(PageSignals(blocks=body(8), jsonld=[article_ld(isAccessibleForFree=True)]))
    assert verdict.status == "free"
    assert any(e.signal == "free_markup" and e.weight < 0 for e in verdict.evidence)


def test_wordcount_gives_missing_fraction() -> None:
    blocks = [*body(1), "Subscribe to continue reading"]
    ld = article_ld(wordCount=1000)
    verdict, _ = judge(PageSignals(blocks=blocks, jsonld=[ld]))
    assert verdict.status == "truncated", details(verdict)
    assert verdict.missing_method == "jsonld_wordcount"
    words = sum(len(b.split()) for b in body(1))
    assert verdict.missing_fraction == pytest.approx(1 - words / 1000, abs=0.001)


def test_implausible_wordcount_is_ignored() -> None:
    blocks = [*body(3), "Subscribe to continue reading"]
    verdict, _ = judge(PageSignals(blocks=blocks, jsonld=[article_ld(wordCount=10**7)]))
    assert verdict.status == "truncated"
    assert verdict.missing_method is None


@pytest.mark.parametrize(
    ("meta", "ld"),
    [
        ({"twitter:label1": "Reading time", "twitter:data1": "12 min read"}, {}),
        ({}, {"timeRequired": "PT12M"}),
    ],
)
def test_reading_time_gives_missing_fraction(meta: dict[str, str], ld: dict[str, Any]) -> None:
    blocks = [*body(1), "Subscribe to continue reading"]
    verdict, _ = judge(PageSignals(blocks=blocks, meta=meta, jsonld=[article_ld(**ld)]))
    assert verdict.status == "truncated"
    assert verdict.missing_method == "reading_time"
    assert 0.5 < (verdict.missing_fraction or 0) < 1


def test_reading_time_that_fits_the_text_gives_no_fraction() -> None:
    blocks = [*body(5), "Subscribe to continue reading"]
    meta = {"twitter:label1": "Reading time", "twitter:data1": "1 min read"}
    verdict, _ = judge(PageSignals(blocks=blocks, meta=meta))
    assert verdict.status == "truncated"
    assert verdict.missing_fraction is None


# --- text shape ---------------------------------------------------------------------------


def test_teaser_shape_with_a_wall_flags() -> None:
    blocks = ["The mayor said on Monday that the plan would be ready within weeks, and..."]
    verdict, _ = judge(PageSignals(blocks=blocks, meta={"article:content_tier": "locked"}))
    assert verdict.status == "truncated", details(verdict)
    assert any(e.signal == "teaser_shape" for e in verdict.evidence)


def test_teaser_shape_alone_does_not_flag() -> None:
    blocks = ["The mayor said on Monday that the plan would be ready within weeks, and…"]
    verdict, _ = judge(PageSignals(blocks=blocks))
    assert verdict.status != "truncated"


def test_teaser_shape_against_jsonld_wordcount() -> None:
    # The fitted weights judge this shape (ellipsis, wall markup, text under the declared
    # wordCount) as a wall rather than a sure cut; the evidence must still show each part.
    blocks = [*body(5), "The rest of the story is only for the people who pay, and so..."]
    verdict, _ = judge(
        PageSignals(blocks=blocks, jsonld=[article_ld(wordCount=2000, isAccessibleForFree=False)])
    )
    assert verdict.status in ("truncated", "unknown", "paywalled_full"), details(verdict)
    shown = {e.signal for e in verdict.evidence}
    assert {"teaser_shape", "jsonld_wordcount_low", "not_free_markup"} <= shown
    assert verdict.status != "truncated" or verdict.missing_method == "jsonld_wordcount"


def test_scrambled_text_in_the_paid_element_flags() -> None:
    scrambled = (
        "Bjagybpvymp Tfcfh dr Hqsemx ahp Oogu iah fudvs Kvd gof gqnxvdzczdo rxnq mhe Wwfc "
        "vthwk Ujzc mrl duezohzewkey Tzkd xm Kprc paxobb Ag qfusr mrnwttp Snca jht vw Wjdpyy"
    )
    lead = "The graffiti on the old bridge has been cleaned, the city said on Friday."
    inner = (
        f"<p>{lead}</p><section class='paid-content'>" + f"<p>{scrambled}</p>" * 8 + "</section>"
    )
    ld = article_ld(
        isAccessibleForFree="False",
        hasPart={
            "@type": "WebPageElement",
            "isAccessibleForFree": "False",
            "cssSelector": ".paid-content",
        },
    )
    signals = PageSignals(
        blocks=[lead, *[scrambled] * 8],
        doc=page(inner),
        jsonld=[ld],
        meta={"article:content_tier": "locked"},
    )
    verdict, _ = judge(signals)
    assert verdict.status == "truncated", details(verdict)
    assert any(e.signal == "obfuscated_text" for e in verdict.evidence)


def test_plain_free_article() -> None:
    verdict, kept = judge(PageSignals(blocks=body(10), language="en"))
    assert verdict.status == "free"
    assert verdict.missing_fraction is None
    assert kept == body(10)


def test_empty_input_is_unknown() -> None:
    verdict, kept = judge(PageSignals(blocks=[]))
    assert verdict.status == "unknown"
    assert kept == []


def test_doc_is_not_modified() -> None:
    inner = "<p>Teaser.</p><div class='tp-modal'>Subscribe to continue reading</div>"
    doc = page(inner)
    before = lxml.html.tostring(doc)
    ld = article_ld(
        isAccessibleForFree=False,
        hasPart={
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".paywall",
        },
    )
    judge(PageSignals(blocks=["Teaser."], doc=doc, jsonld=[ld]))
    assert lxml.html.tostring(doc) == before


# --- the marker file ----------------------------------------------------------------------


def test_markers_cover_the_languages() -> None:
    data = load_json("paywall", "markers.json")
    langs = data["languages"]
    for lang in ("fr", "en", "de", "es", "it", "pt", "nl", "pl", "sv", "no", "da", "ja"):
        assert lang in langs, lang
        for strength in ("S", "M", "W"):
            assert langs[lang].get(strength), (lang, strength)
        for src in langs[lang].get("percent", []):
            assert "(?P<pct>" in src
            re.compile(src)
    assert markers().strength["S"].pattern


def test_markers_name_no_sites() -> None:
    raw = json.dumps(load_json("paywall", "markers.json"), ensure_ascii=False)
    assert not re.search(
        r"\b[\w-]+\.(?:com|fr|de|es|it|co\.uk|ch|pl|nl|se|no|dk|jp|org|net)\b", raw
    )
    assert "www." not in raw and "http" not in raw


def test_strong_phrase_at_the_top_is_a_wall_not_a_cut() -> None:
    blocks = ["Cet article est réservé aux abonnés", *body(12)]
    verdict, kept = judge(PageSignals(blocks=blocks, language="fr"))
    assert verdict.status == "paywalled_full", details(verdict)
    assert kept == body(12)
