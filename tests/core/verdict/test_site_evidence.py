"""Outside evidence: a site rule's not_logged_in_xpath, and the user's marks on the same site."""

from __future__ import annotations

from reader.core.extract.html import parse
from reader.core.models import UserMark
from reader.core.site_rules import page_host, parse_rules, site_key
from reader.core.verdict.site_evidence import rule_wall, site_evidence, user_marks

PAGE = (
    "<html><body><article><p>Lead paragraph.</p></article>"
    "<div class='gate'><p class='gate__login'>Log in to read on</p></div></body></html>"
)
BOX = "class:gate"


def mark(
    i: int, verdict: str, host: str = "news.example", sigs: tuple[str, ...] = (BOX,)
) -> UserMark:
    return UserMark(i, verdict, host, f"https://{host}/story-{i}", sigs)


def test_not_logged_in_xpath_is_strong_evidence() -> None:
    rule = parse_rules(
        "not_logged_in_xpath: //div[@class='nope']\n"
        "not_logged_in_xpath: //div[@class='gate']//p[@class='gate__login']\n",
        host="news.example",
    )
    [ev] = rule_wall(parse(PAGE), rule)
    assert ev.signal == "site_rule_wall" and ev.weight == 1.0
    assert "news.example" in ev.detail and "gate__login" in ev.detail
    assert rule_wall(parse("<p>free page</p>"), rule) == []
    assert rule_wall(None, rule) == []  # a text dump has no tree
    assert rule_wall(parse(PAGE), parse_rules("not_logged_in_xpath: //div[@bad\n")) == []


def test_marks_on_the_same_site_with_the_same_box_count() -> None:
    marks = [mark(1, "truncated"), mark(2, "truncated"), mark(3, "complete"),
             mark(4, "truncated", host="other.example"),
             mark(5, "truncated", sigs=("marker:something else",))]  # fmt: skip
    evs = {
        e.signal: e for e in user_marks("news.example", "https://news.example/new", [BOX], marks)
    }
    t = evs["user_marked_truncated"]
    assert t.detail == (
        "you marked 2 pages from news.example as truncated when this box was present (class:gate)"
    )
    assert abs(t.weight - 2 / 3) < 1e-9
    c = evs["user_marked_complete"]
    assert c.detail.startswith("you marked 1 page from news.example as complete")
    assert abs(c.weight - 1 / 3) < 1e-9
    many = [mark(i, "truncated") for i in range(7)]
    assert user_marks("news.example", None, [BOX], many)[0].weight == 1.0


def test_a_marker_line_and_the_pages_own_mark() -> None:
    line = "marker:the rest is for subscribers only"
    marks = [mark(1, "truncated", sigs=(line,))]
    [ev] = user_marks("news.example", "https://news.example/new", [line], marks)
    assert "when this line was present" in ev.detail
    # re-reading the marked page itself does not count its own mark
    assert user_marks("news.example", "https://news.example/story-1", [line], marks) == []
    assert user_marks("news.example", None, [], marks) == []
    assert user_marks("", None, [line], marks) == []


def test_site_evidence_combines_both() -> None:
    rule = parse_rules("not_logged_in_xpath: //div[@class='gate']\n", host="news.example")
    evs = site_evidence(parse(PAGE), None, "news.example", [BOX], [mark(1, "truncated")], rule)
    assert [e.signal for e in evs] == ["site_rule_wall", "user_marked_truncated"]


def test_site_key_falls_back_to_the_publisher_name() -> None:
    assert site_key(("reader:file/ab", None), ("  Le   Monde ", "Aggregator")) == "name:le monde"
    assert site_key(("https://www.lemonde.fr/x",), ("Le Monde",)) == "lemonde.fr"
    assert site_key((None,), (None, "")) == ""


def test_page_host() -> None:
    assert page_host(None, "reader:file/abc", "https://www.News.example:8443/x") == "news.example"
    assert page_host("http://127.0.0.1:8123/a") == "127.0.0.1"
    assert page_host(None, "") == ""
