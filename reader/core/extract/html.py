"""HTML page → readable article: one parse, metadata, readability on a pruned tree, verdict.

readability-lxml spends most of its time re-parsing and cleaning the page (twice when its
first, ruthless pass finds too little). We parse once with lxml, read the metadata, prune
what readability would throw away anyway, and hand it a copy of that tree.
"""

from __future__ import annotations

import contextvars
import copy
import logging
import re
from collections.abc import Sequence
from typing import Any

import lxml.etree
import lxml.html
import readability.readability as _rr
from readability import Document
from readability.readability import REGEXES, Unparseable

from reader.core.errors import ExtractionError
from reader.core.extract import after_article, bylines, guard, metadata, site_content, text_stats
from reader.core.extract.furniture import drop_consent_banners, drop_file_names
from reader.core.extract.sanitize import clean_fragment
from reader.core.intake.decoding import sniff_binary
from reader.core.models import Article, Metadata, UserMark
from reader.core.site_rules import SiteRule, rules_for, site_key
from reader.core.verdict import model as paywall
from reader.core.verdict.site_evidence import add_site_evidence

logger = logging.getLogger(__name__)
logging.getLogger("readability.readability").setLevel(logging.CRITICAL)

_PARSER_OPTIONS = {"encoding": "utf-8", "remove_comments": True, "remove_pis": True}
_DROP_TAGS = {"script", "style", "link", "noscript", "template", "canvas"}
_BLOCK_TAGS = frozenset(
    (
        "p h1 h2 h3 h4 h5 h6 li blockquote pre dt dd figcaption caption tr td th div section "
        "article header footer aside ul ol dl table figure br hr main details summary address"
    ).split()
)
_WS = re.compile(r"\s+")

# readability measures text with clean(): three regex passes over every element's whole
# text, again for each link-density check; that is most of its run time. Inside our own
# calls it gets " ".join(text.split()), which keeps the commas and, but for odd mixes of
# tabs and spaces, the length (each whitespace run becomes one character either way).
# The switch is a ContextVar, so other callers in the process, other threads included,
# still get readability's own.
_FAST_CLEAN = contextvars.ContextVar("reader_fast_clean", default=False)
_readability_clean = _rr.clean


def _clean(text: str) -> str:
    if _FAST_CLEAN.get():
        guard.tick()  # readability calls this for every element it measures
        return " ".join(text.split())
    return str(_readability_clean(text))


if getattr(_rr.clean, "__module__", "") != __name__:
    _rr.clean = _clean


class _PreparsedDocument(Document):  # type: ignore[misc]
    """readability's Document fed from an already parsed and pruned tree."""

    def __init__(self, make_tree: Any) -> None:
        super().__init__("", min_text_length=25, retry_length=250)
        self._make_tree = make_tree

    def _parse(self, input: Any) -> Any:
        # Called once per pass; the rare lenient second pass gets a fresh copy.
        doc = self._make_tree()
        drop_hidden(doc)
        return doc


def drop_hidden(doc: Any) -> None:
    """Remove elements marked hidden or display:none, in place (as readability does)."""
    hidden = [
        el
        for el in doc.xpath("(//body)[1]/descendant::*[@hidden or @style]")  # never <body>
        if el.get("hidden") is not None or REGEXES["displayNoneRe"].search(el.get("style"))
    ]
    for el in hidden:
        el.drop_tree()


def parse(html: str | bytes) -> Any:
    """Parse a page into an lxml document; raise ExtractionError when there is nothing.

    The bytes are repaired first (control characters, elements with too many attributes,
    too many tags: see :mod:`guard`); a page nested deeper than libxml2 or the extraction
    can follow is flattened (its divs, spans and tables dropped, its paragraphs kept).
    """
    data = html.encode("utf-8", "replace") if isinstance(html, str) else html
    if not data.strip(b" \t\r\n\x00"):
        raise ExtractionError("the page is empty")
    if sniff_binary(data):  # the same test as for downloads and files
        raise ExtractionError("this is binary data, not a web page")
    data = guard.repair(data)
    for flatten in (None, False, True):
        if flatten is not None:
            logger.info("the page nests too deeply: reading it without its layout tags")
            data = guard.flatten(data, harder=flatten)
        # a parser per page: its error log tells whether libxml2 stopped at the depth limit
        parser = lxml.html.HTMLParser(huge_tree=True, **_PARSER_OPTIONS)
        try:
            doc = lxml.html.document_fromstring(data, parser=parser)
        except (lxml.etree.ParserError, ValueError) as exc:
            raise ExtractionError(f"the page could not be parsed as HTML: {exc}") from exc
        if doc is None:
            raise ExtractionError("the page is empty")
        if not guard.too_deep(doc, parser):
            return doc
    raise ExtractionError("the page nests its elements too deeply to be read")


_PRUNED = (*_DROP_TAGS, lxml.etree.Comment, lxml.etree.ProcessingInstruction)
_HANDLER_XPATH = (  # one pass over the tree (a union of paths would make one per path)
    "//*[@*[starts-with(name(), 'on') or starts-with(name(), '{')]"
    " or (self::a and starts-with(normalize-space(@href), 'javascript:'))]"
)


def _is_jsonld(el: Any) -> bool:
    return bool(el.tag == "script" and el.get("type") == "application/ld+json")


def prune(doc: Any) -> None:
    """Remove what never belongs to an article (scripts, styles, handlers), in place.

    JSON-LD scripts are kept: the paywall judge resolves their selectors against the page.
    """
    # iter() filters by tag in C, ten times faster than the same XPath on a big page
    doomed = [el for el in doc.iter(*_PRUNED) if not _is_jsonld(el)]
    for el in doomed:
        el.drop_tree()
    for el in doc.xpath(_HANDLER_XPATH):
        attrib = el.attrib
        if any(n.startswith("{") for n in attrib):  # lxml can delete no attribute named '{'
            kept = [(n, v) for n, v in attrib.items() if not n.startswith(("{", "on"))]
            attrib.clear()
            attrib.update(kept)
        for name in [n for n in attrib if n.startswith("on")]:
            del attrib[name]
        if (attrib.get("href") or "").strip().lower().startswith("javascript:"):
            del attrib["href"]


def _readability_tree(doc: Any) -> Any:
    """A copy of the pruned page without JSON-LD or consent banners, ready for readability."""
    tree = copy.deepcopy(doc)
    for el in list(tree.iter("script")):
        el.drop_tree()
    drop_consent_banners(tree)
    return tree


def block_texts(el: Any) -> list[str]:
    """Whitespace-normalised text of each block of an element, in document order."""
    blocks: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            text = _WS.sub(" ", "".join(buf)).strip()
            if text:
                blocks.append(text)
            buf.clear()

    for event, node in lxml.etree.iterwalk(el, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                flush()
            if node.text and tag:
                buf.append(node.text)
        else:
            if tag in _BLOCK_TAGS:
                flush()
            if node.tail and node is not el:
                buf.append(node.tail)
    flush()
    return blocks


def _same(a: str, b: str) -> bool:
    return _WS.sub(" ", a).strip().casefold() == _WS.sub(" ", b).strip().casefold()


def _drop_blocks_from_html(fragment: Any, removed: list[str]) -> None:
    """Remove the elements whose text is exactly one of the removed marker blocks."""
    if not removed:
        return
    wanted = {_WS.sub(" ", r).strip().casefold() for r in removed}
    for el in list(fragment.iter()):
        guard.tick()
        if not isinstance(el.tag, str) or el is fragment:
            continue
        text = _WS.sub(" ", el.text_content()).strip().casefold()
        if text in wanted and el.getparent() is not None:
            el.drop_tree()


def _site_rule(url: str | None, meta: Metadata) -> SiteRule | None:
    """The site's ftr rules, by the page's URL or else the canonical URL it names."""
    for candidate in (url, meta.canonical_url):
        if candidate and candidate.startswith(("http://", "https://")):
            rule = rules_for(candidate)
            if rule is not None:
                return rule
    return None


def _summary(doc: Any, rule: SiteRule | None) -> str:
    """The article's HTML, as readability finds it in the page or in the site's body.

    A site's strip rules, then its body rule (when it selects enough text), shape
    readability's copy only: the paywall judge still sees the whole page.
    """
    make: Any = lambda: _readability_tree(doc)  # noqa: E731 (one fresh tree per pass)
    if rule is not None:
        base = _readability_tree(doc)
        site_content.apply_strip(base, rule)
        body = site_content.body_tree(base, rule)
        if body is not None:
            base = body
        make = lambda: copy.deepcopy(base)  # noqa: E731
    token = _FAST_CLEAN.set(True)
    try:
        return str(_PreparsedDocument(make).summary(html_partial=True))
    except Unparseable as exc:
        raise ExtractionError(f"no readable article found: {exc}") from exc
    finally:
        _FAST_CLEAN.reset(token)


def analyse_html(
    html: str | bytes,
    url: str | None = None,
    kind: str = "html",
    *,
    site_rules: bool = True,
    marks: Sequence[UserMark] = (),
) -> Article:
    """Extract the article, its metadata and the paywall verdict from one HTML page.

    ``marks`` are the user's marks on other pages (evidence when this page shares their
    wall); ``site_rules=False`` ignores the community's per-site rules (to measure them).

    Runs under a CPU-time budget (:func:`guard.cpu_budget`): a page that needs more gets an
    ExtractionError, like any page with nothing to read.
    """
    with guard.cpu_budget():
        return _analyse(html, url, kind, site_rules, marks)


def _analyse(
    html: str | bytes, url: str | None, kind: str, site_rules: bool, marks: Sequence[UserMark]
) -> Article:
    doc = parse(html)
    guard.check()
    pm = metadata.collect(doc)
    meta = metadata.build(pm, url)
    prune(doc)
    if doc.find("body") is None:
        if doc.find("frameset") is not None:
            raise ExtractionError(
                "this page is a frameset: its text is in its frames; save a frame's own address"
            )
        raise ExtractionError("no readable text found on the page (it has no body)")
    if len(html) > guard.BIG_PAGE:
        guard.cap_tree(doc)
    if not meta.byline:
        meta.byline = bylines.dom_byline(doc)
    rule = _site_rule(url, meta) if site_rules else None
    guard.check()
    summary = _summary(doc, rule if rule is not None and rule.has_extraction else None)
    guard.check()
    fragment = clean_fragment(_fragment_markup(summary), url)
    drop_file_names(fragment)
    blocks = block_texts(fragment)
    if not blocks:
        # readability kept nothing (a page that is all list or table): show the body's
        # text (without its consent banners) rather than refuse a page that plainly has
        # words on it
        body = _readability_tree(doc).find("body")
        if body is not None:
            fragment = clean_fragment(lxml.html.tostring(body, encoding="unicode"), url)
            blocks = block_texts(fragment)
    if blocks and meta.title and _same(blocks[0], meta.title):
        blocks = blocks[1:]
        for h in fragment.iter("h1", "h2"):
            if _same(h.text_content(), meta.title):
                h.drop_tree()
            break
    if not meta.byline:
        meta.byline = text_stats.byline_from_blocks(blocks[:3])
    if not meta.language:
        meta.language = text_stats.guess_language(" ".join(blocks[:20]))
    guard.check()
    tail, gap, gap_after = after_article.tail_text(doc, blocks, _BLOCK_TAGS)
    signals = paywall.PageSignals(
        blocks=blocks,
        doc=doc,
        jsonld=pm.jsonld,
        meta=pm.meta,
        language=meta.language,
        tail_text=tail,
        gap_text=gap,
        gap_after=gap_after,
    )
    host = site_key((url, meta.canonical_url), (meta.source, meta.site_name))
    add_site_evidence(signals, url, host, rule, marks)
    verdict, kept = paywall.judge(signals)
    removed = [b for b in blocks if b not in kept]
    _drop_blocks_from_html(fragment, removed)
    return finish(url, meta, kept, fragment, verdict, kind)


def _fragment_markup(summary: str) -> str:
    """readability's summary as a fragment: a whole document without a body holds nothing."""
    head = summary.lstrip()[:5].lower()
    if head == "<html" and "<body" not in summary[:4096].lower():
        return ""
    return summary


def finish(
    url: str | None,
    meta: Metadata,
    blocks: list[str],
    fragment: Any,
    verdict: Any,
    kind: str,
) -> Article:
    """Assemble an :class:`Article` from its parts (shared with the text-dump path)."""
    if not blocks:
        raise ExtractionError("no readable text found on the page")
    text = "\n\n".join(blocks)
    words, minutes = text_stats.count(text)
    if not meta.title:
        meta.title = text_stats.title_from_text(blocks[0])
    html_out = lxml.html.tostring(fragment, encoding="unicode", method="html")
    return Article(
        url=url,
        meta=meta,
        text=text,
        html=html_out,
        word_count=words,
        reading_minutes=minutes,
        paywall=verdict,
        kind=kind,
    )
