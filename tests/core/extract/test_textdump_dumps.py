"""Real text dumps (tests/fixtures/textdumps, copied from the corpus's textdumps/more)."""

from __future__ import annotations

import json

import pytest
from support.fixtures import FIXTURES_DIR

from reader.core.extract.dump_lines import normalise
from reader.core.extract.textdump import analyse_text

DUMPS = FIXTURES_DIR / "textdumps"
LABELS = json.loads((DUMPS / "labels.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("label", LABELS, ids=[x["file"] for x in LABELS])
def test_a_real_dump_keeps_the_article_and_nothing_else(label: dict[str, object]) -> None:
    art = analyse_text((DUMPS / str(label["file"])).read_text(encoding="utf-8"))
    text = normalise(art.text)
    assert text.startswith(normalise(str(label["body_first_words"])))
    assert text.endswith(normalise(str(label["body_last_words"])))
    for junk in label["junk_lines"]:  # type: ignore[attr-defined]
        assert normalise(junk) not in text
    assert (art.paywall.status == "truncated") is label["truncated"]
    if label["published"]:
        assert art.meta.published == label["published"]


def test_a_wall_notice_glued_to_the_last_sentence_is_split_off() -> None:
    art = analyse_text((DUMPS / "fr-lemonde-1.txt").read_text(encoding="utf-8"))
    assert art.text.endswith("Telle qu’il la conçoit.")
    assert "Lecture restreinte" not in art.text
    assert "Temps de Lecture" not in art.text  # the inline 'Publié le …' line is cut out
    assert art.text.startswith("Editorial. Les partenaires sociaux")


def test_a_truncation_note_leaves_the_cut_word_and_the_verdict_sees_it() -> None:
    art = analyse_text((DUMPS / "en-bloomberg-1.txt").read_text(encoding="utf-8"))
    assert art.text.endswith("people familiar with the matter said.\n\nStock exc")
    assert "chars]" not in art.text
    assert art.paywall.status == "truncated"


def test_captions_read_also_video_blurbs_and_app_promos_are_cut() -> None:
    para = (
        "The council voted on Tuesday to close the old bridge to cars from next spring, "
        "after engineers found cracks in two of its piers during the summer inspection."
    )
    dump = "\n".join(
        [
            "City News",
            "Bridge to close to cars",
            "Share this article",
            "12 March 2024",
            para,
            "Read also: Why the city's bridges are ageing",
            "The mayor said the closure would last about eighteen months. " * 2,
            "Engineers inspect the bridge on Monday. Photo: Jane Smith",
            "01:45 - Source: City TV",
            "Lire aussi | Les ponts de la ville",
            "A temporary ferry will run every twenty minutes while the work goes on. " * 2,
            "Download the City News app for the latest updates",
            "© 2024 City News. All rights reserved.",
        ]
    )
    art = analyse_text(dump)
    assert art.text.startswith("The council voted on Tuesday")
    assert art.text.rstrip().endswith("while the work goes on.")
    for junk in ("Read also", "Photo: Jane Smith", "Source: City TV", "Lire aussi", "app", "©"):
        assert junk not in art.text
    assert art.meta.title == "Bridge to close to cars"
    assert art.meta.published == "2024-03-12"


def test_the_title_is_not_repeated_as_the_first_line() -> None:
    title = "Harbour works finish before the winter storms"
    para = "The harbour authority said the new breakwater was finished on Monday. " * 3
    art = analyse_text(f"{title}\n\n{title}\n\n{para}\n\n{para}")
    assert art.meta.title == title
    assert not art.text.startswith(title)


def test_a_short_closing_sentence_after_the_last_paragraph_is_kept() -> None:
    para = "Officials said the arrests were ordered late on Tuesday, according to reports. " * 3
    art = analyse_text(
        f"{para}\n\n{para}\n\nAbout the author\n\nThe prosecutor’s office has not yet commented."
    )
    assert art.text.endswith("The prosecutor’s office has not yet commented.")


def test_text_wrapped_at_a_wide_column_is_rejoined() -> None:
    first = [
        "The harbour authority said on Monday that the new breakwater would be finished before",
        "the winter storms, after two years of delays caused by a shortage of granite and a long",
        "dispute with the contractor over the cost of the foundations.",
    ]
    second = [
        "Fishermen welcomed the news but said the delays had already cost them two full seasons",
        "of work in the outer harbour.",
    ]
    art = analyse_text("\n".join(first) + "\n\n" + "\n".join(second) + "\n")
    assert art.text.count("\n\n") == 1
    assert "finished before the winter storms" in art.text
    assert "seasons of work in the outer harbour." in art.text


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("2 Nov 2023", "2023-11-02"),
        ("Publié le 30 octobre 2022 à 10h00", "2022-10-30"),
        ("2024年7月1日", "2024-07-01"),
        ("Veröffentlicht am 01.07.2024, 10:00 Uhr", "2024-07-01"),
        ("Publiceret 1. juli 2024 kl. 10.00", "2024-07-01"),
        ("Actualizado el 1 de julio de 2024 a las 10:00", "2024-07-01"),
        ("Aggiornato il 1 luglio 2024 alle 10:00", "2024-07-01"),
    ],
)
def test_a_stated_date_line_becomes_published(line: str, iso: str) -> None:
    para = "The harbour authority said the new breakwater was finished on Monday morning. " * 3
    art = analyse_text(f"City News\nHarbour works finish early\n{line}\n\n{para}\n\n{para}")
    assert art.meta.published == iso
    assert line not in art.text
