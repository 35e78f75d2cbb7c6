"""The generalisation set: truncated and adversarial variants of real pages, as HTML and as text.

From every free and paywalled-full page:
- truncated variants: the article body cut after 1-4 paragraphs (sometimes mid-sentence),
  then a wall box in the page's language with a real container shape (subscribe box, login
  form, gradient overlay, members-only notice), or no box and only isAccessibleForFree=false;
- adversarial variants: the full article plus subscribe buttons, "subscriber only" badges on
  related links, cookie and newsletter boxes and footers (label = the source page's own);
- plain-text variants of both, as a select-all-and-copy gives them (menus, share line,
  related links, the marker, the footer);
- "hidden" variants (a share of the complete pages, as text): the copy carries the wall's
  template right after the article, as pages that hide it from subscribers give it (a real
  Le Monde dump does). Only articles of 400 words or more: a short complete article followed
  by a wall cannot be told from a teaser by its text. Not in the issue's adversarial family;
  reported apart.

Three phrase pools: "train" draws the wall text from resources/paywall/markers.json (what the
verdict reads), "fit" and "heldout" from the two halves (even / odd entries) of
benchmarks/data/heldout_walls.json, which the verdict never reads (any phrase its markers match
and any class name holding one of its wall-class fragments is dropped). The fit sees "train"
and "fit" variants; the generalisation figures use only "heldout" ones (phrases, shapes and
source sites all held out). ru and ar have no marker phrases in the verdict at all (only
the box vocabulary's single words: subscribe, log in, read). Deterministic for a given seed.

    python benchmarks/genset.py [--seed 7] [--out DIR]   # writes the variants, prints counts
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
from readability import Document

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.core.resources import load_json  # noqa: E402
from reader.core.verdict.dom import RAW_SELECTOR, compiled_selector  # noqa: E402
from reader.core.verdict.markers import fold, markers, search_all  # noqa: E402

HELDOUT = Path(__file__).resolve().parent / "data" / "heldout_walls.json"
SHAPES = ("subscribe", "login", "gradient", "members", "markup_only")
SHAPE_WEIGHTS = (3, 2, 2, 2, 1)
DECOR = ("header_cta", "related_badges", "newsletter", "cookie", "footer")
_WS = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MIN_PARA_WORDS = 8
HIDDEN_WALL_SHARE = 0.3  # complete text copies that carry the wall's hidden template
HIDDEN_MIN_WORDS = 400  # ... of articles this long (shorter ones cannot be told from a teaser)
COPY_MIN_SHARE = 0.5  # a complete copy holds at least this share of readability's article
STATS: dict[str, int] = {"copy_not_whole": 0}  # variants left out, for the report
TRUNCATED_MAX_SHARE = 0.6  # a truncated variant keeps at most this share of the article's words
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass
class Variant:
    """One generated page or text."""

    source: str  # file of the source page (corpus-relative)
    site: str
    lang: str
    kind: str  # html | text
    label: str  # truncated | free | paywalled_full
    family: str  # truncated | adversarial | hidden
    shape: str  # wall shape, or the decorations added
    pool: str  # train | heldout
    content: str


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


# --- phrase pools -------------------------------------------------------------------------


def _read_heldout() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(HELDOUT.read_text(encoding="utf-8"))
    return data


def _matched_by_verdict(phrase: str) -> bool:
    """True when the verdict's own marker lists match the phrase (it would not be held out)."""
    m = markers()
    text = fold(phrase)
    if m.percent.search(text):
        return True
    return any(search_all(m.strength[s], text) for s in ("S", "M"))


WALL_FIELDS = ("headline", "members", "cta", "login", "register")
DECOR_FIELDS = (
    "pitch", "badge", "newsletter", "cookie", "accept", "menu", "share", "related", "footer",
    "email",
)  # fmt: skip


@cache
def _split_heldout(
    part: int,
) -> tuple[dict[str, dict[str, list[str]]], dict[str, list[str]], list[str]]:
    """One half of the held-out file: part 1 (odd entries) evaluates, part 0 (even) fits."""
    data = _read_heldout()
    dropped: list[str] = []
    langs: dict[str, dict[str, list[str]]] = {}
    for lang, fields in data["languages"].items():
        out: dict[str, list[str]] = {}
        for name in (*WALL_FIELDS, *DECOR_FIELDS):
            keep = []
            for p in fields.get(name, []):
                if name in WALL_FIELDS and _matched_by_verdict(p):
                    dropped.append(f"{lang}:{name}:{p}")
                else:
                    keep.append(p)
            if name in WALL_FIELDS:  # the two halves never share a wall phrase
                half = keep[1::2] or keep[:1]
                out[name] = half if part else (keep[0::2] if len(keep) > 1 else [])
            else:
                out[name] = keep[part::2] or keep
        langs[lang] = out
    fragments = [f.lower() for f in markers().structural.get("wall_class_fragments") or ()]
    classes: dict[str, list[str]] = {}
    for shape, names in data["classes"].items():
        ok = [c for c in names if not any(f in c.lower() for f in fragments)]
        dropped += [f"class:{c}" for c in names if c not in ok]
        classes[shape] = ok[part::2] or ok
    return langs, classes, dropped


def heldout_pool() -> tuple[dict[str, dict[str, list[str]]], dict[str, list[str]], list[str]]:
    """(phrases per language, class names per shape, dropped entries) for evaluation only."""
    return _split_heldout(1)


def fit_pool() -> tuple[dict[str, dict[str, list[str]]], dict[str, list[str]]]:
    """The other half of the held-out file: the fit may see it, the verdict never reads it."""
    langs, classes, _ = _split_heldout(0)
    return langs, classes


@cache
def train_pool() -> tuple[dict[str, dict[str, list[str]]], dict[str, list[str]]]:
    """Phrases the verdict reads (markers.json), plus even decor entries: for fitting only."""
    data = _read_heldout()
    marker_langs = load_json("paywall", "markers.json")["languages"]
    langs: dict[str, dict[str, list[str]]] = {}
    for lang, m in marker_langs.items():
        decor = data["languages"].get(lang) or data["languages"]["en"]
        strong = [p for p in m.get("S", []) if "{" not in p]
        medium = [p for p in m.get("M", []) if "{" not in p]
        weak = m.get("W", [])
        out = {
            "headline": strong,
            "members": medium or strong,
            "cta": weak,
            "login": weak,
            "register": weak,
        }
        for name in DECOR_FIELDS:
            values = decor.get(name, [])
            out[name] = values[0::2] or values
        langs[lang] = out
    frags = [f for f in markers().structural.get("wall_class_fragments") or () if f.islower()]
    neutral = [
        "box",
        "cta-panel",
        "promo",
        "article-end",
        "notice",
    ]  # shapes the verdict cannot see
    shapes = ("subscribe", "login", "gradient", "members")
    classes = {s: [f"{f}-box" for f in frags] + neutral * max(1, len(frags) // 5) for s in shapes}
    return langs, classes


def pool_for(pool: str, lang: str) -> tuple[dict[str, list[str]], dict[str, list[str]]] | None:
    """Phrases and classes of one pool for a language (None when the pool has none)."""
    if pool == "heldout":
        langs, classes, _ = heldout_pool()
    elif pool == "fit":
        langs, classes = fit_pool()
    else:
        langs, classes = train_pool()
    phrases = langs.get(lang)
    if not phrases or not phrases.get("headline"):
        return None
    return phrases, classes


# --- the article in the page --------------------------------------------------------------


def _summary(html: str) -> tuple[int, str]:
    """(words, normalised text) of readability's article in a page ((0, "") when it fails)."""
    try:
        summary = Document(_CONTROL.sub("", html)).summary(html_partial=True)
        text = _norm(lxml.html.fragment_fromstring(summary, create_parent="div").text_content())
    except Exception:  # readability raises assorted errors on odd pages
        return 0, ""
    return _words(text), text


def _words(text: str) -> int:
    """Words, counting two CJK characters as one (their scripts put no spaces between)."""
    return len(text.split()) + len(_CJK.findall(text)) // 2


@cache
def _article_texts(html: str) -> frozenset[str]:
    """Texts of the article's paragraphs, as readability finds them (once per page)."""
    try:
        summary = Document(_CONTROL.sub("", html)).summary(html_partial=True)
        root = lxml.html.fragment_fromstring(summary, create_parent="div")
    except Exception:  # readability raises assorted errors on odd pages
        return frozenset()
    return frozenset(
        _norm(p.text_content()) for p in root.iter("p") if _long_enough(p.text_content())
    )


def article_paragraphs(doc: Any, html: str) -> list[Any]:
    """The article's <p> elements in the page, in order."""
    wanted = _article_texts(html)
    seen: set[str] = set()
    out = []
    for p in doc.iter("p"):
        text = _norm(p.text_content())
        if text in wanted and text not in seen:
            seen.add(text)
            out.append(p)
    if len(out) == 1 and len(out[0].findall("br")) >= 2:
        return _split_at_breaks(out[0])
    return out


_BR = re.compile(r"(?:\s*<br\s*/?>\s*)+", re.IGNORECASE)


def _split_at_breaks(p: Any) -> list[Any]:
    """An article that is one <p> of <br>-separated paragraphs (as on some Japanese news
    pages), made into one <p> per paragraph in the page, so that it can be cut like others."""
    inner = escape(p.text or "", quote=False) + "".join(
        lxml.html.tostring(c, encoding="unicode", with_tail=True) for c in p
    )
    parent, at = p.getparent(), p.getparent().index(p)
    tail = p.tail
    parent.remove(p)
    made = []
    for chunk in _BR.split(inner):
        if chunk.strip():
            new = lxml.html.fragment_fromstring(f"<p>{chunk}</p>")
            parent.insert(at + len(made), new)
            made.append(new)
    if made:
        made[-1].tail = tail
    return [q for q in made if _long_enough(q.text_content())]


def _long_enough(text: str) -> bool:
    """A real paragraph: enough words (or, in CJK scripts, characters)."""
    if _CJK.search(text):
        return len(_CJK.findall(text)) >= 25
    return len(text.split()) >= MIN_PARA_WORDS


def _cut_text(text: str, rng: random.Random) -> str:
    """The paragraph cut mid-sentence, sometimes with an ellipsis."""
    if _CJK.search(text) and len(text.split()) < 8:
        cut = text[: max(10, int(len(text) * rng.uniform(0.35, 0.7)))].rstrip("。、，！？")
        return cut + ("…" if rng.random() < 0.35 else "")
    words = text.split()
    at = max(4, int(len(words) * rng.uniform(0.35, 0.7)))
    cut = " ".join(words[:at]).rstrip(".,;:!?")
    return cut + ("…" if rng.random() < 0.35 else "")


def _pick(rng: random.Random, items: list[str]) -> str:
    return items[rng.randrange(len(items))] if items else ""


def wall_box(
    shape: str, ph: dict[str, list[str]], cls: dict[str, list[str]], rng: random.Random
) -> str:
    """HTML of a wall box of one shape."""
    c = escape(_pick(rng, cls.get(shape) or cls["subscribe"]))
    head, cta = escape(_pick(rng, ph["headline"])), escape(_pick(rng, ph["cta"]))
    login, pitch = escape(_pick(rng, ph["login"])), escape(_pick(rng, ph["pitch"]))
    if shape == "subscribe":
        return (
            f'<div class="{c}"><h3>{head}</h3><p>{pitch}</p>'
            f'<a class="btn" href="/offers">{cta}</a><p><a href="/account">{login}</a></p></div>'
        )
    if shape == "login":
        email, register = escape(_pick(rng, ph["email"])), escape(_pick(rng, ph["register"]))
        return (
            f'<div class="{c}"><p>{head}</p><form action="/account" method="post">'
            f'<input type="email" name="email" placeholder="{email}">'
            f'<input type="password" name="password"><button type="submit">{login}</button>'
            f'</form><a href="/join">{register}</a></div>'
        )
    if shape == "gradient":
        return (
            f'<div class="{c}"><div style="height:140px;margin-top:-140px;background:'
            f'linear-gradient(rgba(255,255,255,0),#fff)"></div><p><strong>{head}</strong></p>'
            f'<button type="button">{cta}</button></div>'
        )
    members = escape(_pick(rng, ph["members"]))
    return f'<aside class="{c}"><p><strong>{members}</strong></p><a href="/join">{cta}</a></aside>'


def _jsonld_not_free() -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "isAccessibleForFree": False}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _decor(name: str, ph: dict[str, list[str]], teasers: list[str], rng: random.Random) -> str:
    """HTML of one decoration for an adversarial (complete) page."""
    if name == "header_cta":
        menu = "".join(f'<a href="/s{i}">{escape(m)}</a> ' for i, m in enumerate(ph["menu"][:6]))
        return (
            f'<header class="site-header"><nav>{menu}<a class="btn-cta" href="/offers">'
            f'{escape(_pick(rng, ph["cta"]))}</a> <a href="/account">'
            f"{escape(_pick(rng, ph['login']))}</a></nav></header>"
        )
    if name == "related_badges":
        items = "".join(
            f'<li><span class="badge">{escape(_pick(rng, ph["badge"]))}</span> '
            f'<a href="/r{i}">{escape(t)}</a></li>'
            for i, t in enumerate(teasers)
        )
        head = escape(_pick(rng, ph["related"]))
        return f'<section class="related"><h3>{head}</h3><ul>{items}</ul></section>'
    if name == "newsletter":
        return (
            f'<div class="newsletter-signup"><p>{escape(_pick(rng, ph["newsletter"]))}</p>'
            f'<form action="/nl"><input type="email" '
            f'placeholder="{escape(_pick(rng, ph["email"]))}">'
            f'<button type="submit">{escape(_pick(rng, ph["cta"]))}</button></form></div>'
        )
    if name == "cookie":
        return (
            f'<div class="consent-banner"><p>{escape(_pick(rng, ph["cookie"]))}</p>'
            f'<button type="button">{escape(_pick(rng, ph["accept"]))}</button></div>'
        )
    links = "".join(f'<li><a href="/f{i}">{escape(f)}</a></li>' for i, f in enumerate(ph["footer"]))
    return f"<footer><ul>{links}</ul><p>© 2024</p></footer>"


def _teasers(texts: list[str], rng: random.Random) -> list[str]:
    """Related-link headlines: the openings of some of the page's own paragraphs."""
    picks = rng.sample(texts, min(3, len(texts))) if texts else []
    return [" ".join(t.split()[: rng.randint(6, 10)]) for t in picks]


def _fragment(html: str) -> Any:
    return lxml.html.fragment_fromstring(html)


def _container(paras: list[Any], last: Any) -> Any:
    """The nearest element that holds all the article's paragraphs, ``last`` among them.

    When that is the page's <body> (paragraphs spread over the page), or does not hold
    ``last``, it is ``last``'s parent: the cut then stays among the paragraph's siblings and
    never reaches the page's footer."""
    first = set(paras[0].iterancestors())
    node = paras[-1].getparent()
    while node is not None and node not in first:
        node = node.getparent()
    if node is None or node.tag in ("body", "html") or node not in set(last.iterancestors()):
        return last.getparent()
    return node


def _empty_paid_parts(doc: Any, html: str, kept: set[str]) -> None:
    """A wall empties the page's declared paid element (JSON-LD hasPart cssSelector) but for
    the teaser: paragraphs readability did not take for the article go too.

    Every cssSelector counts, also on a part this (free) page marks as accessible: the
    verdict asks what the page claims now, the generator where a wall would cut. On the
    corpus the two readings differ on 5 pages (a free page's `.restricted-area`, say)."""
    for selector in set(RAW_SELECTOR.findall(html)):
        xpath = compiled_selector(selector)  # the verdict's own reading of a selector
        try:
            elements = xpath(doc) if xpath is not None else []
        except (lxml.etree.XPathError, ValueError):
            continue
        for el in elements:
            _keep_only(el, kept)


def _keep_only(el: Any, kept: set[str]) -> None:
    """Remove every text of ``el`` but the kept paragraphs (and what holds them): loose text,
    <br>-separated lines and other tags go as well as the <p>s. A kept paragraph that is
    itself the paid element (NZZ's ``.nzzinteraction``) stays whole."""
    if el.tag == "p" and _norm(el.text_content()) in kept:
        return
    el.text = None
    for child in list(el):
        child.tail = None
        if child.tag == "p" and _norm(child.text_content()) in kept:
            continue
        if any(_norm(p.text_content()) in kept for p in child.iter("p")):
            _keep_only(child, kept)
        else:
            child.drop_tree()


def _insert_after(el: Any, html: str) -> None:
    el.addnext(_fragment(html))


def truncated_html(
    html: str, ph: dict[str, list[str]], cls: dict[str, list[str]], rng: random.Random
) -> tuple[str, str, list[str]] | None:
    """(page, shape, kept paragraph texts) for a truncated variant, or None when too short."""
    doc = lxml.html.document_fromstring(_CONTROL.sub("", html))
    paras = article_paragraphs(doc, html)
    if len(paras) < 2:
        return None
    k = min(rng.randint(1, 4), len(paras) - 1)
    last = paras[k - 1]
    body = _container(paras, last)
    for p in paras[k:]:
        if p.getparent() is not None:
            p.drop_tree()
    # a wall cuts the article's container, not only its <p>s: subheadings, lists, figures
    # and boxes after the cut go too (up to the container, never the page's own footer)
    node = last
    while node is not None and node is not body:
        for sib in list(node.itersiblings()):
            sib.drop_tree()
        node = node.getparent()
    kept = [_norm(p.text_content()) for p in paras[:k]]
    removed = [_norm(p.text_content()) for p in paras[k:]]
    _empty_paid_parts(doc, html, set(kept))
    if rng.random() < 0.45:
        kept[-1] = _cut_text(kept[-1], rng)
        for child in list(last):
            last.remove(child)
        last.text = kept[-1]
    shape = rng.choices(SHAPES, SHAPE_WEIGHTS)[0]
    if shape == "markup_only":
        head = doc.find("head")
        if head is None:
            return None
        head.append(_fragment(_jsonld_not_free()))
    else:
        _insert_after(last, wall_box(shape, ph, cls, rng))
    page = lxml.html.tostring(doc, encoding="unicode")
    # Cutting the <p>s must cut the article: pages whose text sits mostly in other elements
    # (lists, headings, a second copy) would give a "truncated" page that holds it all.
    before = _original_words(html)
    words, text = _summary(page)
    if before and words > TRUNCATED_MAX_SHARE * before:
        return None
    if any(p[:60] in text for p in removed[-2:]):
        return None  # the article's end is still in the page (a second copy, other tags)
    return page, shape, kept


@cache
def _original_words(html: str) -> int:
    return _summary(html)[0]


def adversarial_html(
    html: str, ph: dict[str, list[str]], rng: random.Random
) -> tuple[str, str, list[str]] | None:
    """(page, decorations, paragraph texts) for a complete page with wall-like decorations."""
    doc = lxml.html.document_fromstring(_CONTROL.sub("", html))
    paras = article_paragraphs(doc, html)
    body = doc.find("body")
    if not paras or body is None:
        return None
    texts = [_norm(p.text_content()) for p in paras]
    near = rng.choice(("related_badges", "newsletter"))
    others = rng.sample([d for d in DECOR if d != near], rng.randint(1, 3))
    chosen = [near, *others]
    for name in chosen:
        piece = _decor(name, ph, _teasers(texts, rng), rng)
        if name in ("related_badges", "newsletter"):
            _insert_after(paras[-1], piece)
        elif name == "header_cta":
            body.insert(0, _fragment(piece))
        else:
            body.append(_fragment(piece))
    return lxml.html.tostring(doc, encoding="unicode"), "+".join(chosen), texts


def as_text(
    title: str,
    paras: list[str],
    ph: dict[str, list[str]],
    rng: random.Random,
    wall: bool,
    hidden: bool = False,
) -> str:
    """What select-all-and-copy gives: menu, title, share line, body, marker, related, footer."""
    lines = list(ph["menu"][: rng.randint(3, 7)])
    lines += ["", title, _pick(rng, ph["share"]), ""]
    lines += [p + "\n" for p in paras]
    if wall:
        head = _pick(rng, ph["headline"] if rng.random() < 0.7 else ph["members"])
        lines += [head, _pick(rng, ph["pitch"]), _pick(rng, ph["cta"]), _pick(rng, ph["login"]), ""]
    else:
        if hidden:
            # the wall's template sits in every page (hidden for subscribers) and comes
            # along in the copy, right after the complete article
            lines += [_pick(rng, ph["headline"]), _pick(rng, ph["cta"]), ""]
        lines += [_pick(rng, ph["newsletter"]), _pick(rng, ph["cta"]), ""]
    lines.append(_pick(rng, ph["related"]))
    lines += [f"{_pick(rng, ph['badge'])} {t}" for t in _teasers(paras, rng)]
    lines += ["", *ph["footer"][: rng.randint(3, 8)], "© 2024"]
    return "\n".join(lines) + "\n"


def _title(html: str) -> str:
    m = re.search(r"<title[^>]*>(.*?)</title>", html, re.S | re.I)
    return (
        _norm(lxml.html.fromstring(m.group(1)).text_content()) if m and m.group(1).strip() else ""
    )


def variants_of(
    source: str,
    site: str,
    lang: str,
    label: str,
    html: str,
    seed: int,
    pools: tuple[str, ...],
    light: bool = False,
) -> list[Variant]:
    """Every variant of one page (truncated + adversarial, HTML + text, per pool).

    ``light`` keeps one truncated and one adversarial HTML variant per pool (for tests)."""
    out: list[Variant] = []
    if label == "truncated":
        return out
    title = _title(html)
    for pool in pools:
        got = pool_for(pool, lang)
        if got is None:
            continue
        ph, cls = got
        for i in range(1 if light else 2):
            rng = random.Random(f"{seed}:{source}:{pool}:t{i}")
            made = truncated_html(html, ph, cls, rng)
            if made is None:
                break
            page, shape, kept = made
            out.append(
                Variant(source, site, lang, "html", "truncated", "truncated", shape, pool, page)
            )
            if i == 0 and not light:
                text = as_text(title, kept, ph, rng, wall=True)
                out.append(
                    Variant(
                        source, site, lang, "text", "truncated", "truncated", "copy", pool, text
                    )
                )
        rng = random.Random(f"{seed}:{source}:{pool}:a")
        made = adversarial_html(html, ph, rng)
        if made is not None:
            page, decor, texts = made
            out.append(Variant(source, site, lang, "html", label, "adversarial", decor, pool, page))
            if light:
                continue
            text = as_text(title, texts, ph, rng, wall=False)
            # the copy is built from the article's <p>s: on a page whose text is mostly in
            # lists, tables or other tags it would be a fragment, not the complete article
            copied = sum(len(t.split()) for t in texts)
            if copied < COPY_MIN_SHARE * _original_words(html):
                STATS["copy_not_whole"] += 1
                continue
            out.append(
                Variant(source, site, lang, "text", label, "adversarial", "copy", pool, text)
            )
            long_enough = copied >= HIDDEN_MIN_WORDS
            if long_enough and rng.random() < HIDDEN_WALL_SHARE:
                text = as_text(title, texts, ph, rng, wall=False, hidden=True)
                out.append(Variant(source, site, lang, "text", label, "hidden", "copy", pool, text))
    _article_texts.cache_clear()  # one page at a time
    _original_words.cache_clear()
    return out


def main(argv: list[str] | None = None) -> int:
    """Write the generalisation set to a folder and print what it holds."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from paywall_eval import DEFAULT_CORPUS, decode_html, load_pages

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="write each variant as a file here")
    args = parser.parse_args(argv)
    _, _, dropped = heldout_pool()
    print(f"held-out entries dropped because the verdict reads them: {len(dropped)}")
    for d in dropped:
        print("  ", d)
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for page in load_pages(args.corpus):
        html = decode_html(page.path.read_bytes())
        for i, v in enumerate(
            variants_of(
                page.file,
                page.site,
                page.lang,
                page.label,
                html,
                args.seed,
                ("train", "fit", "heldout"),
            )
        ):
            counts[(v.pool, v.lang, v.kind, v.family)] += 1
            if args.out:
                ext = "html" if v.kind == "html" else "txt"
                name = f"{v.pool}-{v.family}-{v.lang}-{Path(v.source).stem}-{i}.{ext}"
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / name).write_text(v.content, encoding="utf-8")
    for key, n in sorted(counts.items()):
        print(*key, n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
