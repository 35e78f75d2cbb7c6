"""URL rules: validation, canonical form, spotting URLs in text."""

from __future__ import annotations

import re

import pytest

from reader.core.errors import InvalidSourceError
from reader.core.intake.urls import (
    canonicalize,
    extract_urls,
    is_tracking_param,
    looks_like_url,
    strip_userinfo,
    validate_url,
)
from reader.core.resources import load_json


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/a",
        "http://example.com",
        "HTTPS://Example.COM/Path?q=1#frag",
        "http://127.0.0.1:8080/x",
        "http://[::1]:8000/",
        "https://medium.com/@someone/a-story",
    ],
)
def test_validate_url_accepts_http_and_https(text: str) -> None:
    assert validate_url(text) == text


def test_validate_url_strips_whitespace() -> None:
    assert validate_url("  https://example.com/a \n") == "https://example.com/a"


@pytest.mark.parametrize(
    ("text", "scheme"),
    [
        ("file:///etc/passwd", "file:"),
        ("javascript:alert(1)", "javascript:"),
        ("data:text/html,<p>hi</p>", "data:"),
        ("ftp://example.com/file.txt", "ftp:"),
        ("mailto:someone@example.com", "mailto:"),
        ("FILE:///etc/passwd", "file:"),
    ],
)
def test_validate_url_rejects_other_schemes_with_one_clear_message(text: str, scheme: str) -> None:
    with pytest.raises(InvalidSourceError) as info:
        validate_url(text)
    assert str(info.value) == (
        f"unsupported URL scheme '{scheme}' — only http and https can be saved"
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty URL"),
        ("   ", "empty URL"),
        ("http://", "no host"),
        ("https:///path", "no host"),
        ("http:example.com", "no host"),
        ("example.com/article", "must start with http:// or https://"),
        ("https://exa mple.com/", "spaces"),
        ("https://example.com/a\nb", "spaces or control characters"),
        ("https://example.com:99999/", "malformed URL"),
        ("http://[::1/", "malformed URL"),
        ("C:\\Users\\me\\page.html", "looks like a file path"),
    ],
)
def test_validate_url_explains_what_is_wrong(text: str, fragment: str) -> None:
    with pytest.raises(InvalidSourceError, match=re.escape(fragment)):
        validate_url(text)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM/Path", "https://example.com/Path"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com:80/a", "https://example.com:80/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a/", "https://example.com/a/"),
        ("https://example.com/a/?", "https://example.com/a/"),
        ("https://example.com/a?utm_source=x&id=3&utm_medium=y", "https://example.com/a?id=3"),
        ("https://example.com/a?UTM_Campaign=x&b=2&a=1", "https://example.com/a?b=2&a=1"),
        ("https://example.com/a?fbclid=1&gclid=2&dclid=3&msclkid=4", "https://example.com/a"),
        ("https://example.com/a?mc_cid=1&mc_eid=2&igshid=3&z=0", "https://example.com/a?z=0"),
        ("https://example.com/?_hsenc=1&_hsmi=2&mkt_tok=3&yclid=4", "https://example.com/"),
        ("https://example.com/?ref_src=tw&oly_enc_id=1&vero_id=2", "https://example.com/"),
        ("https://example.com/?q=a%20b&x=%2F&flag", "https://example.com/?q=a%20b&x=%2F&flag"),
        ("https://example.com/?q=1&&r=2", "https://example.com/?q=1&r=2"),
        ("https://example.com/?ref=home&page=2", "https://example.com/?ref=home&page=2"),
        ("https://Example.com:443/@x", "https://example.com/@x"),
        ("http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_canonicalize(url: str, expected: str) -> None:
    assert canonicalize(url) == expected


def test_canonicalize_is_idempotent() -> None:
    once = canonicalize("HTTP://Example.com:80/a/b/?utm_source=x&k=v#top")
    assert canonicalize(once) == once == "http://example.com/a/b/?k=v"


def test_canonicalize_rejects_what_validate_rejects() -> None:
    with pytest.raises(InvalidSourceError, match="unsupported URL scheme 'file:'"):
        canonicalize("file:///etc/passwd")


def test_tracking_params_come_from_the_resource_file() -> None:
    data = load_json("urls", "tracking-params.json")
    assert "utm_" in data["prefixes"]
    assert {"fbclid", "gclid", "mc_eid", "mkt_tok"} <= set(data["exact"])
    for name in data["exact"]:
        assert is_tracking_param(name)
        assert is_tracking_param(name.upper())
    assert is_tracking_param("utm_anything_at_all")
    assert not is_tracking_param("id")
    assert not is_tracking_param("page")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.com/a", True),
        ("  http://example.com/a?b=c  \n", True),
        ("HTTPS://EXAMPLE.COM", True),
        ("see https://example.com/a", False),
        ("https://example.com/a https://example.com/b", False),
        ("example.com", False),
        ("ftp://example.com/", False),
        ("javascript:alert(1)", False),
        ("https://", False),
        ("", False),
    ],
)
def test_looks_like_url(text: str, expected: bool) -> None:
    assert looks_like_url(text) is expected


def test_extract_urls_in_order_without_duplicates() -> None:
    text = """Reading list:
    - https://example.com/one, and also (https://example.com/two).
    - "http://example.org/three?x=1&y=2"
    - https://example.com/one#comments  (same article as the first)
    - https://example.com/one?utm_source=newsletter (same again)
    - <https://example.net/four>
    - ftp://example.com/not-this and javascript:alert(1)
    Last one ends a sentence: https://example.com/five.
    """
    assert extract_urls(text) == [
        "https://example.com/one",
        "https://example.com/two",
        "http://example.org/three?x=1&y=2",
        "https://example.net/four",
        "https://example.com/five",
    ]


def test_extract_urls_keeps_balanced_brackets_and_drops_trailing_punctuation() -> None:
    text = (
        "Wiki: https://en.wikipedia.org/wiki/Python_(programming_language); "
        "markdown [link](https://example.com/md) — and “https://example.com/quoted”!"
    )
    assert extract_urls(text) == [
        "https://en.wikipedia.org/wiki/Python_(programming_language)",
        "https://example.com/md",
        "https://example.com/quoted",
    ]


def test_extract_urls_from_text_without_urls() -> None:
    assert extract_urls("nothing to see here\nhttp:// and https:/broken") == []


@pytest.mark.parametrize(
    "url",
    ["http://alice:s3cr3t@host.example/story", "https://s3cr3t@host.example/", "http://:s3cr3t@h/"],
)
def test_a_url_with_userinfo_is_refused_without_echoing_the_secret(url: str) -> None:
    with pytest.raises(InvalidSourceError) as err:
        validate_url(url)
    message = str(err.value)
    assert "s3cr3t" not in message
    assert "reader credentials" in message


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://alice:s3cr3t@host.example/story", "http://host.example/story"),
        ("https://bob@x.org:8443/a?b=c@d", "https://x.org:8443/a?b=c@d"),
        ("//u:p@cdn.example/i.png", "//cdn.example/i.png"),
        ("https://medium.com/@someone/x", "https://medium.com/@someone/x"),
        ("mailto:a@b.example", "mailto:a@b.example"),
        ("/relative/@path", "/relative/@path"),
    ],
)
def test_strip_userinfo(url: str, expected: str) -> None:
    assert strip_userinfo(url) == expected


def test_other_error_messages_never_echo_userinfo() -> None:
    with pytest.raises(InvalidSourceError) as err:
        validate_url("http://alice:s3cr3t@host.example/a story")
    assert "s3cr3t" not in str(err.value)
