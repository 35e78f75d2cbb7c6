"""Decoding pages without the network: charsets, byte-order marks, binary sniffing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.core.intake.fetch import decode_html, sniff_binary

RU = '<meta charset="windows-1251"><p>Привет</p>'
JA = '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>日本語</p>'
PL = '<?xml version="1.0" encoding="ISO-8859-2"?><p>Zażółć</p>'
WIDE = '<meta charset="utf-16"><p>é</p>'


@pytest.mark.parametrize(
    ("raw", "declared", "text", "encoding"),
    [
        ("<p>Grüße</p>".encode(), None, "<p>Grüße</p>", "utf-8"),
        ("<p>Grüße</p>".encode("cp1252"), "iso-8859-1", "<p>Grüße</p>", "cp1252"),
        (RU.encode("cp1251"), "utf-8", RU.encode("cp1251").decode("utf-8", "replace"), "utf-8"),
        (RU.encode("cp1251"), "no-such-charset", RU, "cp1251"),
        (RU.encode("cp1251"), "base64", RU, "cp1251"),
        (JA.encode("cp932"), None, JA, "cp932"),
        (PL.encode("iso-8859-2"), None, PL, "iso8859-2"),
        (WIDE.encode(), None, WIDE, "utf-8"),
        (b"\xef\xbb\xbf<p>\xc3\xa9</p>", "windows-1252", "<p>é</p>", "utf-8"),
        ("<p>é</p>".encode("utf-16"), None, "<p>é</p>", "utf-16-le"),
        ("<p>é</p>".encode("utf-16-be"), "utf-16be", "<p>é</p>", "utf-16-be"),
    ],
)
def test_decode_html(raw: bytes, declared: str | None, text: str, encoding: str) -> None:
    assert decode_html(raw, declared) == (text, encoding)


def test_decode_html_never_fails() -> None:
    text, encoding = decode_html(bytes(range(128, 256)) * 4)
    assert isinstance(text, str) and text
    assert encoding


@pytest.mark.parametrize(
    ("raw", "binary"),
    [
        (b"", False),
        (b"<html><body>plain \t text\r\n</body></html>", False),
        ("Grüße € “quotes”".encode("cp1252"), False),
        ("日本語のテキスト".encode("shift_jis"), False),
        ("<p>wide</p>".encode("utf-16"), False),
        (b"\x1b$B<html>ISO-2022-JP escapes</html>", False),
        (b"text with one NUL\x00 byte", False),  # a blemish, dropped when parsing
        (b"text\x00with\x00NULs", True),
        (b"<p>" + b"\x00ok " * 3000 + b"</p>", True),
        (b"\x89PNG\r\n\x1a\n", True),
        (b"%PDF-1.4 minimal", True),
        (b"PK\x03\x04zip", True),
        (bytes(range(1, 32)) * 10 + b"a" * 100, True),
    ],
)
def test_sniff_binary(raw: bytes, binary: bool) -> None:
    assert sniff_binary(raw) is binary


def test_sniff_binary_accepts_bomless_utf16_when_declared() -> None:
    raw = "<p>wide text</p>".encode("utf-16-le")
    assert sniff_binary(raw) is True
    assert sniff_binary(raw, encoding="utf-16-le") is False


def test_no_heavy_imports_for_local_decoding() -> None:
    code = (
        "import sys, reader.core.intake.fetch as f, reader.core.intake.urls as u\n"
        "f.decode_html(b'<meta charset=utf-8><p>x</p>')\n"
        "f.decode_html('<p>\\u00e9</p>'.encode(), 'utf-8')\n"
        "f.sniff_binary(b'abc'); u.canonicalize('https://e.test/?utm_source=x')\n"
        "print(sorted(m for m in ('httpx', 'charset_normalizer', 'brotli') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
