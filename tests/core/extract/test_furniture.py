"""Page furniture (consent banners, image file names) is not the article, even where
readability would take it for one."""

from __future__ import annotations

import lxml.html
from readability import Document

from reader.core.extract.furniture import drop_consent_banners
from reader.core.extract.html import analyse_html

SENTENCE = "about the river and the stone wall, which stood for years near the town, and the mill."
BANNER = (
    "This site uses cookies, pixels and similar tools, to measure, improve and personalise "
    "our pages for you. Manage settings, or accept all of them."
)


def page(banner_class: str = "consent-banner") -> str:
    paras = "".join(f"<p>Sentence {i} {SENTENCE}</p>" for i in range(8))
    return (
        "<html lang='en'><head><title>The mill</title></head><body class='has-cookie-banner'>"
        f"<div class='media promo'><div class='media promo'>{paras}</div></div>"
        f"<div class='{banner_class}'><p>{BANNER}</p><button>Accept</button></div>"
        "</body></html>"
    )


def test_readability_alone_takes_the_banner_for_the_article() -> None:
    # the case this module exists for: bare readability-lxml picks the banner's sentence
    summary = Document(page()).summary()
    assert "uses cookies" in lxml.html.fromstring(summary).text_content()


def test_the_article_is_read_and_the_banner_is_not() -> None:
    for name in ("consent-banner", "cookie_notice", "gdpr", "cc-window cookies"):
        text = analyse_html(page(name), url="https://example.com/mill").text
        assert "Sentence 7 about the river" in text, name
        assert "uses cookies" not in text, name


def test_only_short_elements_named_as_banners_go() -> None:
    long_text = " ".join(["Cookies are small files a site stores in your browser."] * 20)
    doc = lxml.html.fromstring(
        "<html><body class='cookie-consent-open'>"
        "<div id='cookie-banner'><p>We use cookies.</p></div>"
        f"<div class='cookies-guide'><p>{long_text}</p></div>"
        "<div class='consent-modal'><h1>Your privacy</h1><p>Short.</p></div>"
        "<div class='fortune-cookie-recipes'><p>Bake them.</p></div>"
        "<div class='cookiecutter'><p>A project template.</p></div>"
        "</body></html>"
    )
    assert drop_consent_banners(doc) == 1
    html = lxml.html.tostring(doc, encoding="unicode")
    assert "We use cookies" not in html
    for kept in (
        "cookie-consent-open",
        "Cookies are small files",
        "Your privacy",
        "A project template",
    ):
        assert kept in html


def test_an_image_file_name_left_as_a_paragraph_is_not_text() -> None:
    paras = "".join(f"<p>Sentence {i} {SENTENCE}</p>" for i in range(6))
    html = (
        "<html lang='en'><head><title>The mill</title></head><body><article>"
        "<p>skimming scheme seized cash and cards.jpg</p><figure><img src='/a.png'>"
        "<figcaption>IMG_2041.JPEG</figcaption></figure>"
        f"{paras}<p>The photo is at example.com/mill.jpg, said the mayor.jpg</p></article>"
        "</body></html>"
    )
    article = analyse_html(html, url="https://example.com/mill")
    assert "cards.jpg" not in article.text and "IMG_2041" not in article.text
    assert "cards.jpg" not in article.html
    assert article.text.startswith("Sentence 0")
    # a sentence that mentions a file is text (it has more than a file name's words)
    assert "said the mayor.jpg" in article.text
