"""ftr-site-config rules: parsing, what is refused, the compiled file, lookup and overrides."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from support.fixtures import CORPUS_DIR

from reader.cli import main
from reader.core import site_rules
from reader.core.site_rules import SiteRule, parse_rules, rules_for, split_extra_field

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"
FTR_DIR = CORPUS_DIR.parent / "sites" / "ftr-site-config"
# fragments of every spoofing line in the fixture: none may reach a SiteRule or a compiled file
SPOOF_WORDS = ("googlebot", "bingbot", "facebookexternalhit", "firefox", "nymuc", "bonnier",
               "paywall=off", "t.co", "text/html", "user-agent", "crawler")  # fmt: skip


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Empty config and data dirs for the user; the loaded table is forgotten around the test."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    site_rules.reload()
    yield tmp_path
    site_rules.reload()


def test_parse_every_directive_we_keep() -> None:
    rule = parse_rules((FIXTURES / "example.com.txt").read_text(), host="example.com")
    assert rule.title == ('//h1[@class="headline"]',)
    assert rule.body == ('//div[@id="story"]', "//article")
    assert rule.strip == ("//div[contains(@class, 'related')]",)
    assert rule.strip_id_or_class == ("share-tools", "newsletter")
    assert rule.strip_image_src == ("/tracking-pixel",)
    assert (rule.prune, rule.tidy, rule.autodetect_on_failure) == (False, False, True)
    assert rule.single_page_link == ('//a[@rel="print"]/@href',)
    assert rule.requires_login is True
    assert rule.login_uri == "https://example.com/login"
    assert (rule.login_username_field, rule.login_password_field) == ("email", "password")
    assert rule.not_logged_in_xpath == ('//div[@class="paywall"]',)
    assert rule.test_url == ("https://example.com/2024/01/story.html",)
    # extra fields stay raw; splitting happens at the first "=" only
    assert rule.login_extra_fields[0] == "remember=1"
    name, value = split_extra_field(rule.login_extra_fields[1])
    assert name == "csrf_token"
    assert (
        value
        == "@=xpath('//input[@id=\"csrf\"]/@value', request_html('https://example.com/login'))"
    )
    # comments, find/replace, parametrised and unknown directives leave nothing behind
    assert "commented-out" not in repr(rule)
    assert "amp-img" not in repr(rule) and "blockquote" not in repr(rule)
    assert "something" not in repr(rule)


def test_values_may_hold_colons_and_missing_values_are_skipped() -> None:
    rule = parse_rules("body: //a[starts-with(@href, 'https://x')]\nstrip:\nlogin_uri:   \n")
    assert rule.body == ("//a[starts-with(@href, 'https://x')]",)
    assert rule.strip == () and rule.login_uri is None
    assert parse_rules("requires_login: maybe").requires_login is False


def test_spoofing_rules_are_ignored_not_even_stored(tmp_path: Path) -> None:
    rule = parse_rules((FIXTURES / "spoofing.example.txt").read_text(), host="spoofing.example")
    assert rule.body == ("//article",)
    assert rule.to_dict() == {"body": ["//article"]}
    text = repr(rule).lower()
    for word in SPOOF_WORDS:
        assert word not in text, word
    # and compiled: nothing of it reaches the data file
    src = tmp_path / "checkout"
    shutil.copytree(FIXTURES, src)
    out = tmp_path / "out.json.gz"
    site_rules.write_compiled(site_rules.compile_dir(src), out)
    blob = gzip.decompress(out.read_bytes()).decode().lower()
    assert "//article" in blob and "share-tools" in blob
    for word in (*SPOOF_WORDS, "http_header", "cookie"):
        assert word not in blob, word


def test_the_shipped_file_holds_no_spoofing_and_most_sites() -> None:
    origin, table = site_rules._compiled(Path("/nonexistent"), site_rules.shipped_path())
    assert origin == "shipped"
    assert len(table) > 1900
    blob = gzip.decompress(site_rules.shipped_path().read_bytes()).decode().lower()
    for word in ("googlebot", "http_header", "user-agent", "slurp", "facebookexternalhit"):
        assert word not in blob, word
    assert table["lemonde.fr"]["requires_login"] is True


def test_the_shipped_file_is_the_compiled_checkout() -> None:
    if not FTR_DIR.is_dir():
        pytest.skip(f"ftr-site-config checkout not found at {FTR_DIR}")
    rebuilt = site_rules.compile_dir(FTR_DIR)
    assert rebuilt == site_rules.read_compiled(site_rules.shipped_path())


def test_lookup_exact_www_and_wildcards(dirs: Path) -> None:
    nyt = rules_for("https://www.nytimes.com:443/2024/01/01/world/x.html")
    assert nyt is not None and nyt.host == "nytimes.com" and nyt.body
    assert rules_for("NYTimes.com.") == nyt
    blog = rules_for("someone.blogspot.com")
    assert blog is not None and blog.host == ".blogspot.com"
    # ".blogspot.com" is for subdomains only, as in ftr
    assert rules_for("blogspot.com") is None
    assert rules_for("no-such-site.invalid") is None
    assert rules_for("") is None and rules_for("not a url at all") is None


def test_user_recipe_wins_and_merges(dirs: Path) -> None:
    recipes = dirs / "config" / "reader" / "sites"
    recipes.mkdir(parents=True)
    (recipes / "127.0.0.1.txt").write_text(
        "requires_login: yes\nlogin_uri: http://127.0.0.1:8123/login\n"
        "http_header(user-agent): Googlebot\n"
    )
    (recipes / "lemonde.fr.txt").write_text("body: //div[@id='mine']\nlogin_uri: https://me/\n")
    local = rules_for("http://127.0.0.1:8123/article")
    assert local is not None and local.origin == "user" and local.requires_login
    assert local.login_uri == "http://127.0.0.1:8123/login"
    assert "googlebot" not in repr(local).lower()
    lm = rules_for("https://www.lemonde.fr/a")
    assert lm is not None and lm.origin == "user"
    assert lm.body[0] == "//div[@id='mine']" and len(lm.body) > 1  # the shipped ones follow
    assert lm.login_uri == "https://me/"
    assert lm.login_username_field == "email"  # from the shipped rule
    # a file far too big to be a recipe is not read
    (recipes / "huge.example.txt").write_text("body: //article\n" + "#" * 300_000)
    assert rules_for("huge.example") is None


def test_sites_update_overrides_the_shipped_file(
    dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert rules_for("example.com") is None
    assert main(["sites", "update", str(FIXTURES)]) == 0
    assert "3 sites" in capsys.readouterr().out
    rule = rules_for("www.example.com")
    assert isinstance(rule, SiteRule) and rule.origin == "updated"
    assert rule.body == ('//div[@id="story"]', "//article")
    assert rules_for("sub.wild.example").body == ("//main",)
    assert rules_for("nytimes.com") is None  # the update replaces the table, not adds to it
    # a broken update is refused and changes nothing
    assert main(["sites", "update", str(dirs / "missing")]) == 1
    assert "not a directory" in capsys.readouterr().err
    empty = dirs / "empty"
    empty.mkdir()
    assert main(["sites", "update", str(empty)]) == 1
    site_rules.reload()
    assert rules_for("example.com") == rule


def test_sites_show(dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sites", "show", "https://www.lemonde.fr/x"]) == 0
    out = capsys.readouterr().out
    assert "host: lemonde.fr" in out and "not_logged_in_xpath: " in out
    assert main(["sites", "show", "nothing.invalid"]) == 0
    assert "no site rules" in capsys.readouterr().out
