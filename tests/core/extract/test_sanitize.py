"""The sanitiser: an allow-list of elements and attributes, and only safe links."""

from __future__ import annotations

import lxml.html
import pytest

from reader.core.extract.sanitize import (
    TAGS,
    clean_fragment,
    is_safe_link,
    without_remote,
)


def cleaned(html: str, base: str | None = "https://news.example/a/story") -> str:
    return lxml.html.tostring(clean_fragment(html, base), encoding="unicode")


@pytest.mark.parametrize(
    "href",
    [
        "file:///etc/passwd",
        "smb://evil.example/share",
        "ms-msdt:/id PCWDiagnostic",
        "search-ms:query=x&crumb=location:\\\\evil\\s",
        "vscode://file/etc/passwd",
        "my-app+custom.scheme://open",
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
    ],
)
def test_dangerous_links_become_plain_text(href: str) -> None:
    out = cleaned(f'<p>see <a href="{href}">the file</a> now</p>')
    assert "<a" not in out
    assert "the file" in out
    assert "href" not in out


@pytest.mark.parametrize(
    "href", ["https://x.example/a", "http://x.example/b", "mailto:editor@news.example"]
)
def test_http_https_and_mailto_links_stay(href: str) -> None:
    out = cleaned(f'<p><a href="{href}">ok</a></p>')
    assert f'href="{href}"' in out


def test_relative_links_are_made_absolute_and_without_a_base_dropped() -> None:
    assert 'href="https://news.example/a/other"' in cleaned('<p><a href="other">x</a></p>')
    assert 'src="https://news.example/i.png"' in cleaned('<p><img src="/i.png"></p>')
    assert "href" not in cleaned('<p><a href="other">x</a></p>', base=None)


def test_malformed_tag_names_and_unknown_elements_do_not_survive() -> None:
    out = cleaned(
        "<p>a<scr<script>ipt>alert(1)</script>b</p>"
        '<p><foo src="https://evil.example/x" onclick="x()">t</foo></p>'
        "<p><svg><script>alert(2)</script></svg><math><mi>z</mi><script>alert(3)</script></math></p>"
        "<p><iframe src='https://evil.example'></iframe><button>Subscribe</button></p>"
    )
    tags = {el.tag for el in lxml.html.fragment_fromstring(out).iter()}
    assert tags <= TAGS
    assert "<script" not in out and "alert(2)" not in out and "alert(3)" not in out
    assert "z" in out  # MathML keeps its text, not its tags
    assert "src=" not in out and "onclick" not in out
    assert "Subscribe" not in out and "evil" not in out


def test_only_listed_attributes_survive() -> None:
    out = cleaned(
        '<p style="color:red" class="x" id="y" onmouseover="x()" data-x="1">'
        '<img src="https://i.example/a.png" alt="A" width="10" srcset="https://evil/1x" '
        'onerror="x()" loading="lazy"><td colspan="2">c</td></p>'
    )
    for bad in ("style", "class", "id=", "onmouseover", "data-x", "srcset", "onerror", "loading"):
        assert bad not in out
    assert 'alt="A"' in out and 'width="10"' in out


def test_userinfo_is_dropped_from_links_and_images() -> None:
    out = cleaned(
        '<p><a href="https://alice:s3cr3t@x.example/a">a</a>'
        '<img src="http://bob:hunter2@i.example/p.png"></p>',
        base="https://carol:pw9@news.example/",
    )
    assert "s3cr3t" not in out and "hunter2" not in out and "pw9" not in out
    assert 'href="https://x.example/a"' in out and 'src="http://i.example/p.png"' in out


def test_data_images_stay_but_not_data_links() -> None:
    png = "data:image/png;base64,iVBORw0KGgo="
    out = cleaned(f'<p><img src="{png}"><img src="data:text/html,x"><a href="{png}">l</a></p>')
    assert out.count("data:") == 1 and f'<img src="{png}">' in out


@pytest.mark.parametrize("page", ["", "   ", "<title>x", "<head><meta charset=utf-8></head>"])
def test_pages_without_a_body_give_an_empty_div(page: str) -> None:
    assert cleaned(page).startswith("<div>")


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://a.example/", True),
        ("HTTP://a.example/", True),
        ("mailto:x@y.example", True),
        ("file:///etc/passwd", False),
        ("ms-msdt:x", False),
        ("#section", False),
        ("/relative", False),
        ("java\nscript:alert(1)", False),
    ],
)
def test_is_safe_link(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe


def test_without_remote_replaces_remote_images_with_placeholders() -> None:
    html = cleaned(
        '<p>a<img src="https://i.example/a.png" alt="A chart">b'
        '<img src="data:image/gif;base64,R0lGOD=">c<img src="http://i.example/b.png"></p>'
    )
    out = without_remote(html)
    assert "https://i.example" not in out and "http://i.example" not in out
    assert '<span class="remote-image">[image: A chart]</span>b' in out
    assert '<span class="remote-image">[image]</span>' in out
    assert "data:image/gif" in out
    assert out.startswith("<div>") and "a" in out


def test_without_remote_leaves_no_way_to_load_anything() -> None:
    out = without_remote('<div><p style="background:url(https://t.example/x)">t</p></div>')
    assert "t.example" not in out
