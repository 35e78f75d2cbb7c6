"""Finding a syndicated article on its original publisher's site, by title, through the search
page or the feed a recipe names (``search_url: https://site/search?q={title}``, ``feed_url:``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote_plus, urljoin

from reader.core.retrieve.domains import covers, host_of, site_of
from reader.core.retrieve.session import SiteSession

if TYPE_CHECKING:
    from reader.core.retrieve.routes import Context

MIN_TITLE_SIMILARITY = 0.6
_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text) if len(w) > 1}


def similarity(a: str, b: str) -> float:
    """Share of common words between two titles (Jaccard), 0..1."""
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _links_from_page(html: str, base: str) -> list[tuple[str, str]]:
    import lxml.etree
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    anchors = [a for a in doc.iter("a") if a.get("href")]
    return [(a.text_content(), urljoin(base, a.get("href"))) for a in anchors]


def _links_from_feed(xml: str) -> list[tuple[str, str]]:
    import lxml.etree

    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        root = lxml.etree.fromstring(xml.encode("utf-8"), parser)
    except (ValueError, lxml.etree.XMLSyntaxError):
        return []
    if root is None:
        return []
    out: list[tuple[str, str]] = []
    for entry in root.iter("{*}item", "{*}entry"):
        title = entry.findtext("{*}title") or ""
        link = entry.find("{*}link")
        href = None if link is None else (link.get("href") or (link.text or "").strip())
        if href:
            out.append((title, href))
    return out


def find_on_site(ctx: Context, site_url: str, title: str | None) -> str | None:
    """The URL of the article called ``title`` on the site, via the recipe's search or feed."""
    if not title:
        return None
    recipe = ctx.signin.recipe(site_url)
    if recipe is None or not (recipe.search_url or recipe.feed_url):
        return None
    site = site_of(host_of(site_url))
    session = SiteSession(site, limiter=ctx.limiter, options=ctx.options)
    if recipe.search_url:
        url = recipe.search_url.replace("{title}", quote_plus(title))
        links = _links_from_page(session.request_html(url), url)
    else:
        assert recipe.feed_url is not None
        links = _links_from_feed(session.request_html(recipe.feed_url))
    scored = [
        (similarity(text, title), href)
        for text, href in links
        if href.startswith(("http://", "https://")) and covers(site, host_of(href))
    ]
    best = max(scored, default=(0.0, ""))
    return best[1] if best[0] >= MIN_TITLE_SIMILARITY else None
