"""Sanitised article HTML: an allow-list of elements and attributes, safe links only.

nh3 (Ammonia, html5ever's parser) keeps only the elements and attributes listed here; a
malformed tag such as ``<scr<script>ipt>`` or an attribute on an unknown element cannot
survive, because nothing outside the lists is ever written out. Links keep only the http,
https and mailto schemes (anything else becomes plain text), images only http(s) and
``data:image/…``; URL userinfo (``user:password@``) is dropped everywhere. The result is
parsed back into an lxml element for the rest of the pipeline.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import lxml.etree
import lxml.html
import nh3

from reader.core.intake.urls import strip_userinfo

LINK_SCHEMES = ("http", "https", "mailto")
IMAGE_SCHEMES = ("http", "https")
_DATA_IMAGE = re.compile(r"^data:image/(?:png|jpeg|gif|webp|avif|bmp);", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_STRIP_FROM_URL = re.compile(r"[\x00-\x20\x7f]+")

TAGS = frozenset(
    (
        "a abbr address article aside b bdi bdo blockquote br caption cite code col colgroup "
        "dd del details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr "
        "i img ins kbd li main mark ol p pre q rp rt ruby s samp section small span strong "
        "sub summary sup table tbody td tfoot th thead time tr u ul var wbr"
        # MathML presentation markup (formulas; no attributes, so nothing active)
        " math mi mn mo ms mtext mspace mrow mfrac msqrt mroot msub msup msubsup munder mover"
        " munderover mtable mtr mtd mstyle mpadded mphantom menclose semantics annotation"
    ).split()
)
# Removed together with everything inside them (the others lose only their tags).
DROPPED_WITH_CONTENT = frozenset(
    (
        "script style noscript template iframe object embed applet param frame frameset "
        "noframes button input select option optgroup textarea datalist svg canvas "
        "audio video source track map area head title base link meta"
    ).split()
)
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
}
_URL_ATTRS = ("href", "src", "cite")


def scheme_of(url: str) -> str | None:
    """The lower-cased scheme of an absolute URL (control characters ignored), else None."""
    match = _SCHEME.match(_STRIP_FROM_URL.sub("", url))
    return match.group(1).lower() if match else None


def is_safe_link(url: str) -> bool:
    """True for a link reader may open or keep: an absolute http, https or mailto URL."""
    return scheme_of(url) in LINK_SCHEMES


def _safe_url(attr: str, tag: str, value: str) -> str | None:
    """The cleaned value of a URL attribute, or None to drop it."""
    value = value.strip()
    if tag == "img" and attr == "src" and _DATA_IMAGE.match(value):
        return value
    scheme = scheme_of(value)
    allowed = IMAGE_SCHEMES if tag == "img" else LINK_SCHEMES
    if scheme not in allowed:
        return None
    return strip_userinfo(value) if scheme != "mailto" else value


def clean_html(html: str, base_url: str | None = None) -> str:
    """The allow-listed form of an HTML fragment, as a string (relative URLs resolved)."""
    base = base_url if base_url and scheme_of(base_url) in ("http", "https") else None
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ATTRIBUTES,
        strip_comments=True,
        link_rel=None,
        url_schemes={"http", "https", "mailto", "data"},
        url_relative=("rewrite_with_base", strip_userinfo(base)) if base else "deny",
    )


_UNWRAP = "reader-unwrap"


def clean_fragment(html: str, base_url: str | None = None) -> Any:
    """readability's summary → an lxml ``<div>`` holding only allowed, inert content."""
    cleaned = clean_html(html, base_url) if html.strip() else ""
    fragment = lxml.html.fragment_fromstring(f"<div>{cleaned}</div>")
    for el in fragment.iter("a", "img", "blockquote", "q", "del", "ins"):
        for attr in _URL_ATTRS:
            value = el.get(attr)
            if value is None:
                continue
            safe = _safe_url(attr, el.tag, value)
            if safe is None:
                del el.attrib[attr]
            elif safe != value:
                el.set(attr, safe)
        if el.tag == "a" and el.get("href") is None:
            el.tag = _UNWRAP  # a link we will not follow is plain text (unwrapped below)
    # one strip_tags in C: drop_tag() on each of 40,000 sibling links was quadratic (15 s)
    lxml.etree.strip_tags(fragment, _UNWRAP)
    return fragment


def without_remote(html: str) -> str:
    """Sanitised article HTML with remote images replaced by text placeholders.

    For HTML handed to other programs (``show --format html --no-remote``, exports): a
    browser opening it fetches nothing. ``data:`` images stay; each remote ``<img>``
    becomes ``<span class="remote-image">[image: ALT]</span>``.
    """
    if not html.strip():
        return html
    fragment = lxml.html.fragment_fromstring(f"<div>{clean_html(html)}</div>")
    for img in list(fragment.iter("img")):
        src = (img.get("src") or "").strip()
        if _DATA_IMAGE.match(src):
            continue
        alt = " ".join((img.get("alt") or "").split())
        holder = lxml.html.fragment_fromstring(
            f'<span class="remote-image">[image{": " + html_lib.escape(alt) if alt else ""}]</span>'
        )
        holder.tail = img.tail
        img.getparent().replace(img, holder)
    inner = "".join(lxml.html.tostring(child, encoding="unicode") for child in fragment)
    return ((fragment.text and html_lib.escape(fragment.text)) or "") + inner
