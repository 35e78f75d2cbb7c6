"""Cookie and consent banners, which never belong to an article.

Readability scores them like any paragraph, and on some pages a banner's sentence beats
the article ("This site uses cookies. Manage settings or accept all." as the whole text).
They are removed from readability's copy of the page only; the paywall judge still sees
the page as it is.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

# candidates by a cheap substring test in C, then the name's own tokens are checked
_CANDIDATES = etree.XPath(
    "//*[contains(@class,'ookie') or contains(@id,'ookie') or contains(@class,'onsent')"
    " or contains(@id,'onsent') or contains(@class,'gdpr') or contains(@id,'gdpr')]"
)
_NAME = re.compile(
    r"(?:^|[-_\s])(?:consent|gdpr)"  # consent-banner, gdpr, onetrust-consent-sdk
    r"|(?:^|[-_\s])cookies?(?:$|\s|[-_]?(?:notice|banner|bar|consent|law|policy|popup|"
    r"dialog|modal|box|message|info|overlay|wall|container|alert|layer|hint|window|"
    r"notification|warning)(?:$|[-_\s]))",  # cookie_notice, cookies, not cookie-recipes
    re.IGNORECASE,
)
_NEVER = frozenset(("html", "body", "main", "article"))
MAX_WORDS = 150  # a banner is short; a longer element is a page about cookies


def drop_consent_banners(tree: Any) -> int:
    """Remove short elements named as cookie/consent banners, in place; how many."""
    dropped = 0
    for el in _CANDIDATES(tree):
        if not isinstance(el.tag, str) or el.tag in _NEVER or el.getparent() is None:
            continue
        name = f"{el.get('class', '')} {el.get('id', '')}"
        if not _NAME.search(name) or el.find(".//h1") is not None:
            continue
        if len(el.text_content().split()) > MAX_WORDS:
            continue
        el.drop_tree()
        dropped += 1
    return dropped
