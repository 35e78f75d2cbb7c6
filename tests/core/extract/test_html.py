"""The HTML pipeline: sanitised output, metadata, syndication, bad input."""

from __future__ import annotations

import json

import pytest

from reader.core.errors import ExtractionError
from reader.core.extract.html import analyse_html, block_texts, parse

PARA = (
    "The committee met on Tuesday to discuss the proposal, which had been debated for months "
    "by residents, engineers and the council, and which many expected to pass without change. "
)


def page(head: str = "", body: str = "", paragraphs: int = 6) -> str:
    paras = "".join(f"<p>{PARA} Paragraph {i}.</p>" for i in range(paragraphs))
    return (
        f"<!doctype html><html lang='en-GB'><head><title>Bridge plan approved | Town Times</title>"
        f"{head}</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Bridge plan approved</h1>{body}{paras}</article>"
        f"<footer>Copyright Town Times</footer></body></html>"
    )


def test_sanitised_html_has_nothing_active() -> None:
    body = (
        "<p onclick='steal()'>Click <a href='javascript:alert(1)'>here</a> and "
        "<a href='/more'>more</a>.</p><script>alert(1)</script><style>p{}</style>"
        "<iframe src='https://ads.example/x'></iframe><form><input name=q></form>"
        "<img src='/pic.jpg' alt='A bridge' onerror='x()'><object data='x.swf'></object>"
    )
    art = analyse_html(page(body=body), url="https://news.example.org/bridge")
    html = art.html.lower()
    for bad in (
        "<script",
        "<style",
        "<iframe",
        "<form",
        "<input",
        "onclick",
        "onerror",
        "javascript:",
        "<object",
    ):
        assert bad not in html, bad
    assert 'src="https://news.example.org/pic.jpg"' in art.html  # kept as a reference
    assert 'href="https://news.example.org/more"' in art.html
    assert "alert(1)" not in art.text


def test_text_and_counts() -> None:
    art = analyse_html(page(), url="https://news.example.org/bridge")
    assert art.text.startswith("The committee met")
    assert "Home" not in art.text and "Copyright" not in art.text
    assert art.text.count("\n\n") >= 5
    assert art.word_count == len(art.text.split())
    assert art.reading_minutes == max(1, -(-art.word_count // 230))


def test_metadata_from_json_ld_and_meta() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Town Times"},
            {
                "@type": "NewsArticle",
                "headline": "Bridge plan approved after long debate",
                "author": [{"@type": "Person", "name": "Ann Lee"}, {"name": "Bo Chen"}],
                "datePublished": "2024-03-05T08:30:00+01:00",
                "publisher": {"@type": "Organization", "name": "Town Times Ltd"},
                "image": {"url": "https://cdn.example.org/lead.jpg"},
            },
        ],
    }
    head = (
        f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
        "<meta property='og:site_name' content='Town Times'>"
        "<link rel='canonical' href='/2024/bridge'>"
    )
    art = analyse_html(page(head=head), url="https://news.example.org/bridge?x=1")
    m = art.meta
    assert m.title == "Bridge plan approved after long debate"
    assert m.byline == "Ann Lee, Bo Chen"
    assert m.site_name == "Town Times"
    assert m.publisher == "Town Times Ltd"
    assert m.published == "2024-03-05T08:30:00+01:00"
    assert m.canonical_url == "https://news.example.org/2024/bridge"
    assert m.language == "en"
    assert m.lead_image == "https://cdn.example.org/lead.jpg"
    assert m.source is None


def test_metadata_fallbacks_title_tag_and_time() -> None:
    art = analyse_html(page(body="<time datetime='2022-01-09'>9 Jan</time>"), url=None)
    assert art.meta.title == "Bridge plan approved"
    assert art.meta.published == "2022-01-09"
    assert not art.text.startswith("Bridge plan approved")  # the title is not repeated in the text


def test_syndication_from_is_based_on() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Syria's French jihadists",
        "isBasedOn": {
            "@type": "NewsArticle",
            "url": "https://www.lemonde.fr/en/international/article/2023/11/02/x.html",
            "datePublished": "2023-11-02",
            "publisher": {"name": "Le Monde"},
        },
    }
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    art = analyse_html(page(head=head), url="https://aggregator.example.com/a/1")
    assert art.meta.source == "Le Monde"
    assert art.meta.source_published == "2023-11-02"
    assert art.meta.source_url.startswith("https://www.lemonde.fr/en/")


def test_syndication_from_cross_host_canonical() -> None:
    head = "<link rel='canonical' href='https://original.example.net/story/42'>"
    art = analyse_html(page(head=head), url="https://reposts.example.com/s/42")
    assert art.meta.source_url == "https://original.example.net/story/42"
    assert art.meta.source == "original.example.net"
    # A canonical on the same site (or a sub-domain) is not syndication.
    same = analyse_html(
        page(head="<link rel='canonical' href='https://example.com/s/42'>"),
        url="https://m.example.com/s/42",
    )
    assert same.meta.source is None


@pytest.mark.parametrize("html", ["", "   \n ", b"\x00\x00\x00"])
def test_empty_pages_are_refused(html: str | bytes) -> None:
    with pytest.raises(ExtractionError):
        analyse_html(html)


def test_page_without_text_is_refused() -> None:
    with pytest.raises(ExtractionError):
        analyse_html("<html><body><div><img src='a.png'></div></body></html>")


def test_block_texts_split_on_blocks_not_inline() -> None:
    doc = parse("<div><p>One <b>bold</b> word</p><ul><li>a</li><li>b</li></ul>tail<br>end</div>")
    assert block_texts(doc.find(".//div")) == ["One bold word", "a", "b", "tail", "end"]


def test_cjk_reading_time() -> None:
    zh = "<p>" + "我们今天讨论这个问题的时候大家都很认真地听着。" * 60 + "</p>"
    art = analyse_html(f"<html><body><article>{zh * 3}</article></body></html>")
    assert art.meta.language == "zh"
    assert art.word_count > 3000  # characters count one each
    assert art.reading_minutes == -(-art.word_count // 500)


def test_byline_written_in_the_page_and_dublin_core() -> None:
    body = "<div class='article-byline'>By <a rel='author' href='/ann'>Ann Lee</a></div>"
    assert analyse_html(page(body=body)).meta.byline == "Ann Lee"
    head = (
        "<meta property='og:title twitter:title' content='A title'>"
        "<meta property='dc:creator twitter:site_name' content='Creator Name'>"
        "<meta name='author' content='Someone Else'>"
    )
    meta = analyse_html(page(head=head)).meta
    assert meta.byline == "Creator Name"
    assert meta.title == "A title"


def test_json_ld_headline_that_is_not_the_title_is_ignored() -> None:
    ld = {"@type": "Article", "headline": "constitutional monarchy in Oceania"}
    head = (
        f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
        "<meta property='og:title' content='New Zealand'>"
    )
    assert analyse_html(page(head=head)).meta.title == "New Zealand"


@pytest.mark.parametrize(
    ("head", "url", "title"),
    [
        # DC.title holds the newspaper's name, og:title the article's
        (
            "<meta name='DC.title' content='Die Tagespost'>"
            "<meta property='og:title' content='Warum wir jetzt Demut brauchen'>",
            "https://www.die-tagespost.de/leben/demut",
            "Warum wir jetzt Demut brauchen",
        ),
        # og:title is the site's application name; the page's heading names the article
        (
            "<meta name='application-name' content='News Now - Latest News'>"
            "<meta property='og:title' content='News Now - Latest News'>",
            None,
            "Bridge plan approved",
        ),
    ],
)
def test_a_title_that_is_only_the_sites_name_gives_way(
    head: str, url: str | None, title: str
) -> None:
    assert analyse_html(page(head=head), url=url).meta.title == title


def test_japanese_members_only_teaser_is_flagged_and_its_markers_removed() -> None:
    html = (
        "<html lang='ja'><head><title>記事</title></head><body><article>"
        "<h1>名古屋で新しい駅ビルが開業</h1>"
        "<p>名古屋市中村区で二十日、新しい駅ビルが開業し、多くの買い物客でにぎわった。"
        "市によると、初日の来場者は約三万人にのぼった。</p>"
        "<p>駅ビルには飲食店や衣料品店など百二十店が入る。運営会社の担当者は…</p></article>"
        "<div class='paywall'><p>この記事は会員限定です。</p>"
        "<p>読者の方は、無料の会員登録で、この記事の続きが読めます。</p></div></body></html>"
    )
    art = analyse_html(html, "https://news.example.jp/article/1")
    assert art.paywall.status == "truncated"
    assert art.meta.language == "ja"
    assert "会員限定" not in art.text and "続きが読めます" not in art.text
    assert art.text.endswith("運営会社の担当者は…")


def test_fast_text_measure_only_inside_our_pipeline() -> None:
    import readability.readability as rr

    from reader.core.extract import html as extract

    text = "  one,\n\n   two   three  \n"
    assert rr.clean(text) == "one,\ntwo three"  # readability's own, for everyone else
    token = extract._FAST_CLEAN.set(True)
    try:
        fast = rr.clean(text)
    finally:
        extract._FAST_CLEAN.reset(token)
    assert fast == "one, two three"
    assert len(fast) == len(rr.clean(text)) and fast.count(",") == rr.clean(text).count(",")


@pytest.mark.parametrize(
    "box",
    [
        ["Keep reading with a 7-day free trial", "Subscribe to Platformer to keep reading"],
        ["The author made this story available to Medium members only."],
        ["Subscribe to The Times to read the full article."],
        ["Subscribe to The Economist today to continue reading"],
        ["Suscríbete para seguir leyendo", "Lee sin límites"],  # blocks must not run together
        ["Jetzt weiterlesen mit SZ Plus"],
        ["Thank you for your patience while we verify access."],
    ],
)
def test_subscribe_boxes_after_a_short_teaser_flag_it(box: list[str]) -> None:
    cta = "".join(f"<p>{line}</p>" for line in box)
    paras = f"<p>{PARA}</p>" * 2
    html = (
        "<html><body><nav><a href='/'>Home</a></nav><article><h1>Bridge plan approved</h1>"
        f"{paras}</article><div class='cta'>{cta}</div><footer>About us</footer></body></html>"
    )
    art = analyse_html(html, "https://news.example.com/a")
    assert art.paywall.status == "truncated", art.paywall.evidence
    assert art.paywall.needs_full_text
