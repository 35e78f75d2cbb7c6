"""Bytes to text: byte-order marks, declared charsets (WHATWG labels), sniffing; binary data."""

from __future__ import annotations

import codecs
import re

# Without a declared charset, windows-1252 wins over a guess that is barely less chaotic
# (charset-normalizer reads accented French as Baltic cp1257 by 0.07).
WESTERN_SLACK = 0.1
_MAGIC: tuple[bytes, ...] = (b"%PDF-", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"\xff\xd8\xff")
_MAGIC += (b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a", b"\x7fELF", b"OggS")
_MAGIC += (b"wOFF", b"wOF2")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# WHATWG decodes these labels with a superset (Python codec names on both sides).
# fmt: off
_SUPERSETS = {
    "ascii": "cp1252", "iso8859-1": "cp1252", "iso8859-9": "cp1254", "iso8859-11": "cp874",
    "tis-620": "cp874", "gb2312": "gb18030", "gbk": "gb18030", "euc_kr": "cp949",
    "shift_jis": "cp932", "big5": "big5hkscs", "utf-16": "utf-16-le", "utf-32": "utf-32-le",
}
# fmt: on
_NOT_DECODABLE = frozenset({"replacement", "x-user-defined"})
_TEXT_CONTROLS = b"\t\n\x0b\x0c\r\x1b"
_NOT_CONTROL = bytes(b for b in range(256) if b >= 0x20 or b in _TEXT_CONTROLS)
_DOC_CHARSET_RE = re.compile(  # <meta charset>, <meta http-equiv>, <?xml encoding?>
    rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)"
    rb"|^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([\w.:-]+)",
    re.IGNORECASE,
)


def _codec(label: str | None) -> str | None:
    """Python codec for a charset label, read with the WHATWG Encoding Standard's label table.

    A label that is no web label (``undefined``, ``idna``, ``utf-7``, ``base64``...) gives
    None, so the page's other declarations or sniffing decide. So do ``replacement`` (the
    standard's refusal of ISO-2022-KR and friends) and ``x-user-defined``.
    """
    import webencodings

    found = webencodings.lookup((label or "").strip().strip("\"'"))
    if found is None or found.name in _NOT_DECODABLE:
        return None
    name: str = found.codec_info.name
    return _SUPERSETS.get(name, name)


def _sniffed_codec(name: str | None) -> str | None:
    """Python codec for charset-normalizer's guess (a Python codec name), never UTF-7."""
    try:
        info = codecs.lookup(name or "")
    except LookupError:
        return None
    return None if info.name == "utf-7" else _SUPERSETS.get(info.name, info.name)


def _wide(encoding: str | None) -> bool:
    return bool(encoding) and encoding.startswith(("utf-16", "utf-32"))  # type: ignore[union-attr]


def header_codec(label: str | None, raw: bytes) -> str | None:
    """The codec a Content-Type charset names, unless it says UTF-16/32 of a body that is
    readable as ASCII (no NUL byte near its start): such a body is not UTF-16."""
    encoding = _codec(label)
    return None if _wide(encoding) and b"\x00" not in raw[:1024] else encoding


def _declared_in_document(head: bytes) -> str | None:
    """Charset from ``<meta charset>``, ``<meta http-equiv>`` or the XML declaration."""
    match = _DOC_CHARSET_RE.search(head)
    name = _codec((match.group(1) or match.group(2)).decode("ascii")) if match else None
    # a declaration readable as ASCII means the bytes are not UTF-16/32
    return "utf-8" if _wide(name) else name


def decode_html(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a page as (text, encoding): BOM, HTTP charset, <meta>, UTF-8, charset-normalizer."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(name, errors="replace"), name
    encoding = header_codec(declared, raw) or _declared_in_document(raw[:4096])
    if encoding:
        return raw.decode(encoding, errors="replace"), encoding
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = from_bytes(raw)
    best = matches.best()
    # like browsers, prefer windows-1252 when it is about as plausible as the winner
    western = next((m for m in matches if m.encoding == "cp1252"), None)
    if best is not None and western is not None and western.chaos <= best.chaos + WESTERN_SLACK:
        best = western
    encoding = (_sniffed_codec(best.encoding) if best is not None else None) or "utf-8"
    return raw.decode(encoding, errors="replace"), encoding


def sniff_binary(raw: bytes, *, encoding: str | None = None) -> bool:
    """True if ``raw`` looks like binary data (magic number, NUL bytes, many control bytes)."""
    sample = raw[:8192]
    wide = encoding if encoding and encoding.startswith(("utf-16", "utf-32")) else None
    for bom, name in _BOMS[1:]:
        if sample.startswith(bom):
            wide, sample = name, sample[len(bom) :]
    if wide:
        text = sample.decode(wide, errors="replace")
        controls = sum(ch < " " and ch not in "\t\n\x0b\x0c\r\x1b" for ch in text)
        return controls > 0.05 * max(len(text), 1)
    # a stray NUL is a blemish (parsing drops it); a few in every 200 bytes are binary data
    if sample.startswith(_MAGIC) or sample.count(b"\x00") > max(1, len(sample) // 200):
        return True
    return len(sample.translate(None, _NOT_CONTROL)) > 0.05 * len(sample)
