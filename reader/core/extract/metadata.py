"""Article metadata from JSON-LD, OpenGraph/meta tags and ``<time>`` elements."""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from reader.core.extract import dates
from reader.core.extract.bylines import clean_byline
from reader.core.intake.urls import strip_userinfo
from reader.core.models import Metadata

logger = logging.getLogger(__name__)

ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "report",
    "liveblogposting",
    "socialmediaposting",
    "posting",
    "webpage",
    "creativework",
}
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·•»:]\s+")
_DC_PREFIX = re.compile(r"^(?:dc|dcterms?)[:.]")
MAX_JSONLD_OBJECTS = 1000  # per script: the article is among the first few
MAX_JSONLD_DEPTH = 64  # real JSON-LD nests under 10 levels
_JSON_COMMENT = re.compile(r"^\s*(<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(-->|//\s*\]\]>|\]\]>)\s*$")


@dataclass
class PageMeta:
    """Raw metadata sources of one page, shared by the metadata reader and the paywall judge."""

    meta: dict[str, str] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    title_tag: str | None = None
    html_lang: str | None = None
    time_datetime: str | None = None
    h1: str | None = None
    doc: Any = None  # the parsed page (read-only): dates.publication_date may search it


def collect(doc: Any) -> PageMeta:
    """One pass over the head-ish elements of a parsed page."""
    pm = PageMeta(doc=doc)
    root = doc.getroottree().getroot() if hasattr(doc, "getroottree") else doc
    pm.html_lang = (root.get("lang") or root.get("xml:lang") or "").strip() or None
    for el in doc.iter("meta", "link", "title", "script", "time", "h1"):
        tag = el.tag
        if tag == "meta":
            key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
            content = el.get("content")
            if key and content is not None:
                for one in key.lower().split():
                    one = _DC_PREFIX.sub("dc.", one)
                    pm.meta.setdefault(one, content.strip())
        elif tag == "link":
            rel = (el.get("rel") or "").lower()
            href = el.get("href")
            if href:
                for r in rel.split():
                    pm.links.setdefault(r, href.strip())
        elif tag == "title":
            if pm.title_tag is None and el.text:
                pm.title_tag = " ".join(el.text.split())
        elif tag == "script":
            if (el.get("type") or "").strip().lower() == "application/ld+json":
                pm.jsonld.extend(_parse_jsonld(el.text or ""))
        elif tag == "time":
            if pm.time_datetime is None and el.get("datetime"):
                pm.time_datetime = el.get("datetime")
        elif tag == "h1" and pm.h1 is None:
            text = " ".join(el.text_content().split())
            if text:
                pm.h1 = text
    return pm


def _finite(text: str) -> float | None:
    """JSON numbers as floats, but none that is not finite (``1e999``)."""
    value = float(text)
    return value if math.isfinite(value) else None


def _load_json(raw: str, strict: bool = True) -> Any:
    """JSON without NaN or Infinity (they become null); ValueError when it is not JSON."""
    try:
        return json.loads(
            raw, parse_constant=lambda _name: None, parse_float=_finite, strict=strict
        )
    except RecursionError:  # nested deeper than the interpreter's stack
        raise ValueError("JSON nested too deeply") from None


def _too_deep(data: Any, limit: int = MAX_JSONLD_DEPTH) -> bool:
    """Whether JSON data nests deeper than ``limit`` (code reading it may recurse)."""
    stack = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return False


def _parse_jsonld(raw: str) -> list[dict[str, Any]]:
    """Every object in one JSON-LD script, with ``@graph`` and lists flattened."""
    raw = _JSON_COMMENT.sub("", raw.strip()).strip()
    if not raw:
        return []
    try:
        data = _load_json(raw)
    except ValueError:
        try:
            data = _load_json(re.sub(r",\s*([}\]])", r"\1", raw.replace("\n", " ")), strict=False)
        except ValueError:
            logger.debug("unparseable JSON-LD block skipped")
            return []
    if _too_deep(data):
        logger.debug("JSON-LD block nested too deeply skipped")
        return []
    out: list[dict[str, Any]] = []
    stack = [data]  # in reverse order: the next node is at the end
    while stack and len(out) < MAX_JSONLD_OBJECTS:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            graph = node.get("@graph")
            out.append(node)
            if isinstance(graph, list):
                stack.extend(reversed(graph))
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def article_object(jsonld: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON-LD object that describes the article itself (empty dict if none)."""
    best: dict[str, Any] = {}
    best_rank = 99
    for obj in jsonld:
        types = _types(obj)
        if not types & ARTICLE_TYPES:
            continue
        rank = 2 if types <= {"webpage", "creativework"} else 1 if "headline" not in obj else 0
        if rank < best_rank:
            best, best_rank = obj, rank
    return best


def _name(value: Any) -> str | None:
    """A person's or organisation's display name from a JSON-LD value."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def _url_of(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _url_of(value.get("url") or value.get("@id"))
    if isinstance(value, list) and value:
        return _url_of(value[0])
    return None


def _first(*values: str | None) -> str | None:
    for v in values:
        if v and v.strip():
            return " ".join(v.split())
    return None


def _letters(text: str) -> str:
    """Letters and digits only, case-folded: 'Die Tagespost' == 'die-tagespost'."""
    return "".join(c for c in text.casefold() if c.isalnum())


def _clean_title(title: str | None, site: str | None) -> str | None:
    """Drop a trailing or leading ' | Site name' from a <title>."""
    if not title:
        return None
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        if site and parts[-1].strip().lower() == site.strip().lower():
            return " - ".join(parts[:-1]).strip() or title
        if site and parts[0].strip().lower() == site.strip().lower():
            return " - ".join(parts[1:]).strip() or title
        longest = max(parts, key=len)
        if len(longest.split()) >= 4:
            return longest.strip()
    return title


def _absolute(url: str | None, base: str | None) -> str | None:
    """``url`` made absolute against ``base``, never with a ``user:password@`` part; None if
    it is not a URL at all (``http://[::1:bad/x``)."""
    if not url:
        return None
    try:
        url = urljoin(base, url) if base else url
        parts = urlsplit(url)
        _ = parts.hostname, parts.port  # both raise ValueError on a malformed authority
    except ValueError:
        logger.debug("malformed URL in the page's metadata ignored")
        return None
    return strip_userinfo(url)


def _is_url(text: str | None) -> bool:
    return bool(text) and text.startswith(("http://", "https://", "//"))  # type: ignore[union-attr]


def _language(pm: PageMeta, art: dict[str, Any]) -> str | None:
    for raw in (
        pm.html_lang,
        pm.meta.get("og:locale"),
        pm.meta.get("content-language"),
        art.get("inLanguage") if isinstance(art.get("inLanguage"), str) else None,
        pm.meta.get("language"),
        pm.meta.get("dc.language"),
    ):
        if raw:
            code = re.split(r"[-_]", raw.strip())[0].lower()
            if code.isalpha() and 2 <= len(code) <= 3:
                return code
    return None


def build(pm: PageMeta, url: str | None) -> Metadata:
    """Turn the raw sources into :class:`Metadata` (syndication included)."""
    meta, art = pm.meta, article_object(pm.jsonld)
    publisher = _name(art.get("publisher"))
    site_name = _first(meta.get("og:site_name"), publisher, meta.get("application-name"))
    headline = art.get("headline") if isinstance(art.get("headline"), str) else None
    if headline and not _agrees(headline, pm.title_tag or meta.get("og:title")):
        headline = None  # e.g. a description in the headline field
    candidates = [
        meta.get("dc.title"),
        headline,
        meta.get("og:title"),
        meta.get("twitter:title"),
        meta.get("parsely-title"),
        pm.h1 if pm.h1 and pm.title_tag and pm.h1.casefold() in pm.title_tag.casefold() else None,
        _clean_title(pm.title_tag, site_name),
        pm.h1,
    ]
    # a title that is only the site's name ('Die Tagespost' in DC.title) names no article
    host = _host(url)
    brands = {_letters(b) for b in (site_name, publisher, host) if b}
    brands |= {_letters(b.rsplit(".", 1)[0]) for b in (site_name, host) if b}  # without .de
    named = [t for t in candidates if t and _letters(t) not in brands]
    title = _first(*named) or _first(*candidates)
    author = _name(art.get("author")) or _name(art.get("creator"))
    meta_author = (
        meta.get("dc.creator")
        or meta.get("author")
        or meta.get("article:author")
        or meta.get("parsely-author")
    )
    if meta_author and _is_url(meta_author):
        meta_author = None
    byline = clean_byline(_first(author, meta_author, meta.get("byl"), meta.get("sailthru.author")))
    canonical = _absolute(_first(pm.links.get("canonical"), meta.get("og:url")), url)
    published = dates.publication_date(
        [
            art.get("datePublished") if isinstance(art.get("datePublished"), str) else None,
            meta.get("article:published_time"),
            meta.get("og:published_time"),
            meta.get("datepublished"),
            meta.get("pubdate"),
            meta.get("publishdate"),
            meta.get("date"),
            meta.get("dc.date"),
            meta.get("dc.date.issued"),
            meta.get("sailthru.date"),
            meta.get("parsely-pub-date"),
        ],
        pm.doc,
        url or canonical,
        fallback=pm.time_datetime,
    )
    image = _first(meta.get("og:image"), meta.get("twitter:image"), _url_of(art.get("image")))
    md = Metadata(
        title=title,
        byline=byline,
        site_name=site_name or host,
        publisher=publisher or site_name,
        canonical_url=canonical,
        published=published,
        language=_language(pm, art),
        lead_image=_absolute(image, url),
        description=_first(meta.get("og:description"), meta.get("description")),
    )
    _syndication(md, pm, art, url)
    return md


def _agrees(headline: str, title: str | None) -> bool:
    """Whether a JSON-LD headline shares most of its words with the page's title."""
    if not title:
        return True
    words = set(re.findall(r"\w+", headline.casefold()))
    if not words:
        return False
    return len(words & set(re.findall(r"\w+", title.casefold()))) >= 0.5 * len(words)


def _host(url: str | None) -> str | None:
    if not url or not url.startswith(("http://", "https://")):
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None


def _syndication(md: Metadata, pm: PageMeta, art: dict[str, Any], url: str | None) -> None:
    """Record the original publisher when the page reposts someone else's article."""
    based = art.get("isBasedOn") or art.get("isBasedOnUrl")
    source_org = art.get("sourceOrganization")
    source_url = (
        _url_of(based) or pm.meta.get("syndication-source") or pm.meta.get("original-source")
    )
    if isinstance(based, dict):
        md.source = _name(based.get("publisher")) or _name(based.get("author"))
        md.source_published = dates.to_iso(based.get("datePublished"))
    if source_org and not md.source:
        name = _name(source_org)
        if name and name != md.publisher:
            md.source = name
    host = _host(url)
    canonical_host = _host(md.canonical_url)
    if (
        not source_url
        and host
        and canonical_host
        and canonical_host != host
        and not canonical_host.endswith("." + host)
        and not host.endswith("." + canonical_host)
    ):
        source_url = md.canonical_url
    if source_url:
        md.source_url = _absolute(source_url, url)
        if not md.source:
            md.source = _host(md.source_url)
