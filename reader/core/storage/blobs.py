"""How pages and derived HTML are kept on disk: zstd, and raw pages without their scripts.

A raw page is kept so that extraction can run again offline. Extraction never reads a
script (other than JSON-LD), a ``<style>`` sheet or a comment — ``extract.html.prune``
drops them before anything looks at the tree — yet on news pages they are more than half
the bytes. :func:`pack_page` removes them (a tag-aware scan: a ``<script`` inside an
attribute value or a comment is not mistaken for one) and compresses the rest with zstd.
Older rows hold zlib blobs; :func:`unpack` reads both.
"""

from __future__ import annotations

import re
import zlib
from functools import cache
from typing import Any

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
PAGE_LEVEL = 9  # ~1 ms for a reduced news page; 19 would save 4 % at 30x the time
HTML_LEVEL = 6

# Each match: a run of text and ordinary tags to keep (possessive, so never re-scanned),
# then optionally a comment, a script or a style element. Quoted attribute values may hold
# '>' and '<script'; no part can run past a '<' outside quotes, and a quoted value is
# bounded, so the scan stays linear on hostile input.
_QUOTED = 1 << 16
_ATTRS = rb"(?:[^<>\"']++|\"[^\"]{0,%d}\"|'[^']{0,%d}')*+" % (_QUOTED, _QUOTED)
_TAG = rb"(?:<(?!(?:script|style)\b)|</)[a-zA-Z][^\s/<>]*+" + _ATTRS + rb">"
_SCAN = re.compile(
    rb"(?P<keep>(?:[^<]++|" + _TAG + rb"|<(?!(?:script|style)\b|!--))*+)"
    rb"(?:(?P<comment><!--.*?(?:-->|\Z))"
    rb"|(?P<element><(?P<name>script|style)\b(?P<attrs>" + _ATTRS + rb")>"
    rb".*?(?:</(?P=name)(?![\w-])[^<>]*+>|\Z)))?",
    re.IGNORECASE | re.DOTALL,
)
_JSON_LD = re.compile(rb"""type\s*=\s*["']?\s*application/ld\+json""", re.IGNORECASE)
_LOOKS_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE)


@cache
def _zstd() -> Any:
    import zstandard

    return zstandard


def reduce_page(raw: bytes) -> bytes:
    """``raw`` without comments, ``<style>`` and non-JSON-LD ``<script>`` elements.

    Anything that is not clearly HTML in an ASCII-compatible encoding is returned as is.
    """
    if not _LOOKS_HTML.search(raw[:4096]) or raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw
    return _SCAN.sub(_keep, raw)


def _keep(match: re.Match[bytes]) -> bytes:
    element = match.group("element")
    name = (match.group("name") or b"").lower()
    if element is not None and name == b"script" and _JSON_LD.search(match.group("attrs")):
        return match.group("keep") + element  # JSON-LD: metadata and the verdict read it
    return match.group("keep")


def pack_page(raw: bytes | None) -> bytes | None:
    """A raw page as stored: reduced (see :func:`reduce_page`) and zstd-compressed."""
    if raw is None:
        return None
    return bytes(_zstd().ZstdCompressor(level=PAGE_LEVEL).compress(reduce_page(raw)))


def pack_text(text: str) -> bytes:
    """Derived HTML as stored: zstd-compressed UTF-8."""
    return bytes(_zstd().ZstdCompressor(level=HTML_LEVEL).compress(text.encode("utf-8")))


def unpack(blob: bytes | None) -> bytes | None:
    """The bytes of a stored blob: zstd (today) or zlib (libraries before m004)."""
    if blob is None:
        return None
    if blob.startswith(ZSTD_MAGIC):
        return bytes(_zstd().ZstdDecompressor().decompress(blob))
    return zlib.decompress(blob)


def unpack_text(blob: bytes | None) -> str:
    """Inverse of :func:`pack_text` ('' for nothing stored)."""
    data = unpack(blob)
    return data.decode("utf-8") if data else ""
