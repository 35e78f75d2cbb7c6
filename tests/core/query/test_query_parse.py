"""The query language's grammar: what each form parses to, and errors that point at the token."""

from __future__ import annotations

import pytest

from reader.core.query import And, Field, Not, Or, QueryError, Text, parse


def test_words_phrases_or_and_minus() -> None:
    assert parse("syria OR harbour") == Or((Text("syria"), Text("harbour")))
    assert parse('"islamic state" -raqqa') == And(
        (Text("islamic state", phrase=True), Not(Text("raqqa")))
    )
    assert parse("a AND NOT b") == And((Text("a"), Not(Text("b"))))
    assert parse("(a OR b) c") == And((Or((Text("a"), Text("b"))), Text("c")))
    assert parse("a b OR c") == Or((And((Text("a"), Text("b"))), Text("c")))


def test_filters_are_normalised() -> None:
    assert parse("site:LeMonde.fr") == Field("site", "lemonde.fr")
    assert parse('tag:"Long Reads"') == Field("tag", "Long Reads")
    assert parse("status:Truncated state:archived is:starred") == And(
        (Field("status", "truncated"), Field("state", "archived"), Field("is", "favourite"))
    )
    assert parse('source:"le monde"') == Field("source", "le monde")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("added:2024", "2024-01-01", "2025-01-01"),
        ("added:2024-02", "2024-02-01", "2024-03-01"),
        ("added:2024-12", "2024-12-01", "2025-01-01"),
        ("added:2024-02-28", "2024-02-28", "2024-02-29"),
        ("added:>2024-01", "2024-02-01", None),
        ("added:>=2024-01", "2024-01-01", None),
        ("added:<2024-01", None, "2024-01-01"),
        ("added:<=2024-01", None, "2024-02-01"),
        ("published:2023-01..2023-03", "2023-01-01", "2023-04-01"),
        ("published:2023..", "2023-01-01", None),
        ("published:..2023-06", None, "2023-07-01"),
    ],
)
def test_dates_become_half_open_bounds(text: str, low: str | None, high: str | None) -> None:
    node = parse(text)
    assert isinstance(node, Field)
    assert (node.low, node.high) == (low, high)


def test_search_as_you_type_prefixes_the_last_word_only() -> None:
    assert parse("garden", prefix_last=True) == Text("garden", prefix=True)
    assert parse("essay gard", prefix_last=True) == And((Text("essay"), Text("gard", prefix=True)))
    assert parse('"a phrase"', prefix_last=True) == Text("a phrase", phrase=True)
    assert parse("x -word", prefix_last=True) == And((Text("x"), Not(Text("word"))))
    assert parse("garden") == Text("garden")


@pytest.mark.parametrize("text", ["", "   ", "!!", "-", "OR", "AND", "NOT", "( )", '"'])
def test_nothing_to_search_for(text: str) -> None:
    assert parse(text) is None


def test_typing_is_forgiven() -> None:
    assert parse("dogs OR") == Text("dogs")
    assert parse('"unclosed phrase') == Text("unclosed phrase", phrase=True)
    assert parse("(a OR b") == Or((Text("a"), Text("b")))
    assert parse("a -") == Text("a")


@pytest.mark.parametrize(
    ("text", "bad", "message"),
    [
        ("harbour sit:lemonde", "sit:lemonde", 'unknown filter "sit:"'),
        ("state:maybe", "state:maybe", "state: is one of unread, reading"),
        ("status:paywalled", "status:paywalled", "status: is one of free, truncated"),
        ("is:read", "is:read", "is: is one of"),
        ("added:last-week", "added:last-week", "added: takes a date"),
        ("published:2024-13", "published:2024-13", "published: takes a date"),
        ("a ) b", ")", 'a ")" without its "("'),
        ("tag:", "tag:", "tag: needs a value"),
        ("https://example.com", "https://example.com", 'unknown filter "https:"'),
    ],
)
def test_errors_point_at_the_bad_token(text: str, bad: str, message: str) -> None:
    with pytest.raises(QueryError) as info:
        parse(text)
    err = info.value
    assert message in err.message
    assert text[err.start : err.end] == bad
    lines = str(err).splitlines()
    assert lines[1].strip() == text
    assert lines[2].index("^") - lines[1].index(text[0]) == err.start
    assert lines[2].count("^") == len(bad)


def test_a_colon_in_quotes_is_text() -> None:
    assert parse('"re:invent"') == Text("re:invent", phrase=True)
