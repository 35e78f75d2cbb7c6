"""Page furniture that never belongs to an article, whatever readability makes of it.

- Cookie and consent banners. Readability scores them like any paragraph, and on some
  pages a banner's sentence beats the article ("This site uses cookies. Manage settings or
  accept all." as the whole text). They are removed from readability's copy of the page
  only; the paywall judge still sees the page as it is.
- Image file names that a CMS leaves as a paragraph of their own ("cash and cards.jpg").
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


# no sentence punctuation before the extension: "said the mayor, holding IMG_1.jpg" is text
_FILE_NAME = re.compile(
    r"^[^\s,;:!?][^,;:!?]{0,120}\.(?:jpe?g|png|gif|webp|avif|tiff?|heic)$", re.I
)
FILE_NAME_WORDS = 12


def drop_file_names(fragment: Any) -> int:
    """Remove paragraphs and captions whose whole text is an image's file name; how many."""
    doomed = []
    for el in fragment.iter("p", "figcaption", "div", "span"):
        if len(el) and el.tag != "p":
            continue  # a container: its children are looked at on their own
        text = " ".join(el.text_content().split())
        if len(text.split()) <= FILE_NAME_WORDS and _FILE_NAME.match(text):
            doomed.append(el)
    for el in doomed:
        el.drop_tree()
    return len(doomed)
