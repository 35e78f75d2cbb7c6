"""A full version saved over a truncated item updates every view at once."""

from __future__ import annotations

from support.fixtures import TRUNCATED

from reader.ui.article_model import BADGE_ROLE, SITE, TIME

CANONICAL = (
    "https://aoc.media/opinion/2019/12/09/pour-le-neoliberalisme-la-retraite-est-un-archaisme/"
)
PARAGRAPH = (
    "La réforme des retraites oppose deux visions du travail et de la solidarité entre les "
    "générations, et le débat public en France en porte la trace depuis des décennies. "
)
FULL = f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Pour le néolibéralisme, la retraite est un archaïsme</title>
<link rel="canonical" href="{CANONICAL}">
<meta property="og:site_name" content="AOC full text">
</head><body><article><h1>Pour le néolibéralisme, la retraite est un archaïsme</h1>
{"".join(f"<p>{n}. {PARAGRAPH * 3}</p>" for n in range(40))}
</article></body></html>"""


def test_a_full_version_refreshes_the_row_and_the_reader(make_window, library, qtbot):
    item = library.add(str(TRUNCATED)).item
    assert item.needs_full_text and item.canonical_url == CANONICAL
    window = make_window()
    model = window.model
    assert window.list_panel.select_item(item.id)
    row = model.row_of(item.id)
    index = model.index(row, 0)
    assert index.data(BADGE_ROLE) == "truncated"
    before_time = model.index(row, TIME).data()
    assert window.reader.banner.isVisible()

    window.saver.save_html(FULL, CANONICAL)
    qtbot.waitUntil(lambda: not library.get(item.id).needs_full_text, timeout=10000)
    qtbot.waitUntil(lambda: model.index(model.row_of(item.id), 0).data(BADGE_ROLE) == "")
    row = model.row_of(item.id)
    assert model.index(row, SITE).data().startswith("AOC full text")
    assert model.index(row, TIME).data() != before_time
    assert not window.reader.banner.isVisible()
    assert window.reader.browser.toPlainText().count("La réforme des retraites") >= 30
    assert window.sidebar._rows["needs_full_text"].text(1) == ""
