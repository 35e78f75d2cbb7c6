"""A site's ``body`` and ``strip`` rules (ftr-site-config), applied to a parsed page.

The XPath strings come from data (the community's files or a user's recipe), so each is
compiled once, and one that lxml refuses or that fails on a page is skipped, never raised.
"""

from __future__ import annotations

import copy
import logging
from functools import lru_cache
from typing import Any

import lxml.etree
import lxml.html

from reader.core.site_rules import SiteRule

logger = logging.getLogger(__name__)

_MIN_BODY_CHARS = 200  # a body rule that selects less text than this is a miss (stale rule)


@lru_cache(maxsize=4096)
def _compiled(expr: str) -> Any:
    try:
        return lxml.etree.XPath(expr)
    except lxml.etree.XPathError:
        logger.debug("site rule XPath refused: %s", expr)
        return None


def select(doc: Any, expr: str) -> list[Any]:
    """Elements an XPath selects (attributes and text are ignored); [] when it fails."""
    xp = _compiled(expr)
    if xp is None:
        return []
    try:
        found = xp(doc)
    except (lxml.etree.XPathError, ValueError, TypeError):
        return []
    if not isinstance(found, list):
        return []
    return [el for el in found if isinstance(el, lxml.etree._Element)]


def matches(doc: Any, expr: str) -> bool:
    """True when the XPath selects anything on the page (a node, or a true/non-empty value)."""
    xp = _compiled(expr)
    if xp is None:
        return False
    try:
        found = xp(doc)
    except (lxml.etree.XPathError, ValueError, TypeError):
        return False
    return bool(found)


def _tokens(values: tuple[str, ...]) -> set[str]:
    """strip_id_or_class values as bare tokens (quotes dropped, as ftr does)."""
    return {t for v in values if (t := v.replace("'", "").replace('"', "").strip())}


def strip_expressions(rule: SiteRule) -> list[str]:
    """The site's strip and strip_image_src rules as one XPath each."""
    exprs = list(rule.strip)
    for src in rule.strip_image_src:
        s = src.replace("'", "").strip()
        if s:
            exprs.append(f"//img[contains(@src, '{s}')]")
    return exprs


def _by_token(tree: Any, tokens: set[str]) -> list[Any]:
    """Elements with one of ``tokens`` as a whole class or id token (one pass over the page).

    The same elements as ftr's ``contains(concat(' ', normalize-space(@class), ' '), ' T ')``
    (or @id) per token, without walking the page once per token.
    """
    if not tokens:
        return []
    found = []
    for el in tree.iter(lxml.etree.Element):
        cls, ident = el.get("class"), el.get("id")
        if (cls and not tokens.isdisjoint(cls.split())) or (
            ident and not tokens.isdisjoint(ident.split())
        ):
            found.append(el)
    return found


def apply_strip(tree: Any, rule: SiteRule) -> int:
    """Remove what the site's strip rules name, in place; returns how many elements went."""
    removed = 0
    groups = [select(tree, expr) for expr in strip_expressions(rule)]
    groups.append(_by_token(tree, _tokens(rule.strip_id_or_class)))
    for group in groups:
        for el in group:
            if el.getparent() is None or el.tag in ("html", "body"):
                continue
            el.drop_tree()
            removed += 1
    return removed


def body_tree(tree: Any, rule: SiteRule) -> Any | None:
    """A new document holding what the first matching ``body`` rule selects, or None.

    The rules are tried in order; the first that selects elements with enough text wins
    (several elements, e.g. a summary and the article, are kept in document order).
    """
    for expr in rule.body:
        found = select(tree, expr)
        if not found:
            continue
        # drop elements nested in another selected one (a union may name both)
        chosen = set(found)
        kept = [el for el in found if not any(a in chosen for a in el.iterancestors())]
        text = sum(len(" ".join(el.text_content().split())) for el in kept)
        if text < _MIN_BODY_CHARS:
            continue
        html = lxml.html.Element("html")
        body = lxml.etree.SubElement(html, "body")
        div = lxml.etree.SubElement(body, "div")
        for el in kept:
            div.append(_detached_copy(el))
        return html
    return None


def _detached_copy(el: Any) -> Any:
    dup = copy.deepcopy(el)
    dup.tail = None
    if dup.tag in ("html", "body"):
        dup.tag = "div"
    return dup
