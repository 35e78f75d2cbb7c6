"""Ways to break a web page, shared by the fuzz test and the hostile-set generator.

Each mutation is ``fn(page, at, size) -> page`` on bytes: ``at`` in [0, 1] says where (a
fraction of the page, snapped to a tag boundary when that matters), ``size`` how much (a
count, a length or a depth, used modulo what makes sense). The fuzz test draws ``(name, at,
size)`` triples with hypothesis; ``benchmarks/hostile_gen.py`` draws them with a seeded
``random.Random`` and larger sizes. Both go through :func:`apply`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

Mutation = Callable[[bytes, float, int], bytes]

# markup that must never reach the output alive (scripts, handlers, active or local URLs)
DANGEROUS = (
    b"<script>alert(1)</script>",
    b"<scr<script>ipt>alert(2)</script>",
    b'<img src=x onerror="alert(3)">',
    b'<svg onload="alert(4)"><circle r=1></svg>',
    b'<a href="javascript:alert(5)">click</a>',
    b'<a href="  JaVa\tScRiPt:alert(6)">tab</a>',
    b'<a href="&#106;avascript:alert(7)">entity</a>',
    b'<a href="vbscript:msgbox(8)">vb</a>',
    b'<iframe src="javascript:alert(9)"></iframe>',
    b'<object data="javascript:alert(10)"></object><embed src="x.swf">',
    b'<form action="javascript:alert(11)"><input onfocus="alert(12)" autofocus></form>',
    b'<a href="file:///etc/passwd">file</a> <a href="smb://host/share">smb</a>',
    b'<a href="ms-msdt:/id PCWDiagnostic">msdt</a> <a href="search-ms:query=x">search</a>',
    b'<a href="vscode://file/x">vscode</a> <a href="myapp://do">custom</a>',
    b'<a href="data:text/html,<script>alert(13)</script>">data</a>',
    b'<img src="javascript:alert(14)"> <img src="vbscript:x">',
    b'<p style="background:url(javascript:alert(15))" onclick="alert(16)">styled</p>',
    b'<base href="javascript:alert(17)//"><meta http-equiv="refresh" content="0;url=javascript:x">',
    b'<math><mi xlink:href="javascript:alert(18)">m</mi></math>',
    b'<details open ontoggle="alert(19)"><summary>s</summary></details>',
)
BAD_CHARSETS = (b"undefined", b"idna", b"utf-7", b"utf-16", b"x-user-defined", b"rot13", b"zlib")
BAD_URLS = (
    "http://[::1:bad/x",
    "http://[zz]/",
    "https://exa mple.com/\x00",
    "//[::1",
    "http://a:b",
)
JSONLD = (
    {"@type": "NewsArticle", "headline": "X", "wordCount": float("nan")},
    {"@type": "NewsArticle", "wordCount": float("inf"), "isAccessibleForFree": "False"},
    {"@type": ["NewsArticle", 3], "author": [{"name": ["x", {"name": None}]}], "headline": 7},
    {"@type": "NewsArticle", "datePublished": {"a": 1}, "image": [[]], "publisher": [1, "p"]},
    {"@graph": [{"@graph": [{"@type": "Article", "isPartOf": None}]}]},
)


def _cut(page: bytes, at: float) -> int:
    """A position in ``page``: ``at`` of the way in, moved to just before a ``<`` if one is near."""
    pos = int(len(page) * min(max(at, 0.0), 1.0))
    near = page.rfind(b"<", max(0, pos - 200), pos + 1)
    return near if near > 0 else pos


def _insert(page: bytes, at: float, snippet: bytes) -> bytes:
    pos = _cut(page, at)
    return page[:pos] + snippet + page[pos:]


def _in_head(page: bytes, snippet: bytes) -> bytes:
    pos = page.lower().find(b"</head>")
    return page[:pos] + snippet + page[pos:] if pos >= 0 else snippet + page


def truncate(page: bytes, at: float, size: int) -> bytes:
    """Cut the page off (a broken download or a paywall teaser), never to nothing."""
    return page[: max(_cut(page, 0.15 + 0.85 * at), 64)]


def control_chars(page: bytes, at: float, size: int) -> bytes:
    chars = bytes([1 + size % 31]) * (1 + size % 3) if size % 31 != 0 else b"\x7f\x0c\x0b"
    return _insert(page, at, chars)


def raw_bytes(page: bytes, at: float, size: int) -> bytes:
    """Invalid UTF-8 and odd bytes (lone continuation bytes, an overlong form, a BOM)."""
    pieces = (b"\x80\xbf", b"\xc0\xaf", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\xff\xfe", b"\xf4\x90")
    return _insert(page, at, pieces[size % len(pieces)] * (1 + size % 5))


def bad_entities(page: bytes, at: float, size: int) -> bytes:
    ents = (b"&#0;", b"&#xD800;", b"&#1114112;", b"&#99999999999999;", b"&#x1;", b"&#65535;")
    return _insert(page, at, b"<p>" + ents[size % len(ents)] * (1 + size % 4) + b"</p>")


def deep_nesting(page: bytes, at: float, size: int) -> bytes:
    tags = (b"<div>", b"<span>", b"<b>", b"<font>", b"<table><tr><td>", b"<ul><li>", b"<q>")
    depth = 200 + size * 7
    return _insert(page, at, tags[size % len(tags)] * depth)


def many_attributes(page: bytes, at: float, size: int) -> bytes:
    count = 300 + size * 40
    attrs = b" ".join(b"a%d=%d" % (i, i) for i in range(count))
    return _insert(page, at, b"<div " + attrs + b">x</div>")


def long_text(page: bytes, at: float, size: int) -> bytes:
    word = (b"word ", b"x", b"\xc3\xa9 ", b"\t\n ")[size % 4]
    return _insert(page, at, b"<p>" + word * (1000 + size * 500) + b"</p>")


def many_elements(page: bytes, at: float, size: int) -> bytes:
    tags = (b"<p>a</p>", b"<br>", b"<a href=#>l</a>", b"<td>", b"<i>", b"<li>")
    return _insert(page, at, tags[size % len(tags)] * (500 + size * 100))


def bad_charset(page: bytes, at: float, size: int) -> bytes:
    label = BAD_CHARSETS[size % len(BAD_CHARSETS)]
    if size % 2:
        meta = b'<meta http-equiv="Content-Type" content="text/html; charset=%s">' % label
        return _in_head(page, meta)
    return b'<meta charset="%s">' % label + page


def bad_links(page: bytes, at: float, size: int) -> bytes:
    url = BAD_URLS[size % len(BAD_URLS)].encode()
    kinds = (
        b'<link rel="canonical" href="%s">',
        b'<meta property="og:url" content="%s">',
        b'<meta property="og:image" content="%s">',
        b'<base href="%s">',
    )
    head = _in_head(page, kinds[size % len(kinds)] % url)
    return _insert(head, at, b'<a href="%s">bad link</a><img src="%s">' % (url, url))


def hostile_jsonld(page: bytes, at: float, size: int) -> bytes:
    """JSON-LD with NaN, odd types, deep nesting or a huge selector."""
    pick = size % (len(JSONLD) + 3)
    if pick < len(JSONLD):
        text = json.dumps(JSONLD[pick])
    elif pick == len(JSONLD):
        text = "[" * (2000 + size) + "]" * (2000 + size)
    elif pick == len(JSONLD) + 1:
        text = '{"a":' * (1500 + size) + "1" + "}" * (1500 + size)
    else:
        selector = " ".join([".paywall"] * (3000 + size)) + ", " + ":not(" * 200
        part = {"@type": "WebPageElement", "isAccessibleForFree": "False", "cssSelector": selector}
        text = json.dumps({"@type": "NewsArticle", "isAccessibleForFree": "False", "hasPart": part})
    return _in_head(page, b'<script type="application/ld+json">' + text.encode() + b"</script>")


def dangerous(page: bytes, at: float, size: int) -> bytes:
    return _insert(page, at, DANGEROUS[size % len(DANGEROUS)])


def structure(page: bytes, at: float, size: int) -> bytes:
    """Break the page's skeleton: no body, a frameset, an unclosed comment or script..."""
    low = page.lower()
    pick = size % 8
    if pick == 0:
        return page.replace(b"<body", b"<frameset").replace(b"</body>", b"</frameset>")
    if pick == 1:
        start, end = low.find(b"<body"), low.rfind(b"</body>")
        return page[:start] + page[end:] if 0 <= start < end else page[: low.find(b"</head>") + 7]
    if pick == 2:
        return _insert(page, at, b"<!--")
    if pick == 3:
        return _insert(page, at, b"<script>")
    if pick == 4:
        return _insert(page, at, b"<![CDATA[")
    if pick == 5:
        return _insert(page, at, b"<title>")
    if pick == 6:
        return _insert(page, at, b"</html></body><html><body>")
    return _insert(page, at, b"<textarea>")


def delete_range(page: bytes, at: float, size: int) -> bytes:
    pos = int(len(page) * at)
    return page[:pos] + page[pos + 1 + size * 37 :]


def duplicate_range(page: bytes, at: float, size: int) -> bytes:
    pos = int(len(page) * at)
    return page[:pos] + page[pos : pos + 1 + size * 53] * 2 + page[pos:]


MUTATIONS: dict[str, Mutation] = {
    f.__name__: f
    for f in (
        truncate, control_chars, raw_bytes, bad_entities, deep_nesting, many_attributes, long_text,
        many_elements, bad_charset, bad_links, hostile_jsonld, dangerous, structure, delete_range,
        duplicate_range,
    )
}  # fmt: skip


def apply(page: bytes, steps: Sequence[tuple[str, float, int]]) -> bytes:
    """``page`` with each ``(mutation, at, size)`` step applied in order."""
    for name, at, size in steps:
        page = MUTATIONS[name](page, at, size)
    return page
