"""The article list model: Qt's model checks, lazy fetching, views, search and sorting."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from support.fixtures import SEED
from ui_helpers import add_articles

from reader.ui.article_model import (
    BATCH,
    FIRST_BATCH,
    ID_ROLE,
    PROGRESS,
    SITE,
    STATUS_ROLE,
    TITLE,
    TRUNCATED_ROLE,
    ArticleListModel,
)
from reader.ui.views import view_for_key


def test_model_passes_qtmodeltester(qtmodeltester, library):
    add_articles(library, 30)
    library.add(str(SEED))
    library.add_placeholder("https://example.org/saving")
    model = ArticleListModel(library)
    model.set_view(view_for_key("all"))
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)


def test_model_passes_qtmodeltester_while_fetching_more(qtmodeltester, library):
    add_articles(library, BATCH * 2 + 10)
    model = ArticleListModel(library)
    model.set_view(view_for_key("all"))
    qtmodeltester.check(model)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == BATCH * 2 + 10


def test_rows_are_fetched_in_batches(library):
    add_articles(library, FIRST_BATCH + BATCH + 50)
    model = ArticleListModel(library)
    model.set_view(view_for_key("all"))
    assert model.total == FIRST_BATCH + BATCH + 50
    assert model.rowCount() == FIRST_BATCH
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == FIRST_BATCH + BATCH
    model.fetchMore(QModelIndex())
    assert model.rowCount() == FIRST_BATCH + BATCH + 50
    assert not model.canFetchMore(QModelIndex())
    # newest first
    assert model.index(0, TITLE).data() == f"Article {FIRST_BATCH + BATCH + 49:05d}"


def test_truncated_badge_and_site_of_the_seed(library):
    item = library.add(str(SEED)).item
    model = ArticleListModel(library)
    model.set_view(view_for_key("needs_full_text"))
    assert model.rowCount() == 1
    assert model.index(0, TITLE).data(ID_ROLE) == item.id
    assert model.index(0, TITLE).data(TRUNCATED_ROLE) is True
    assert model.index(0, SITE).data().startswith("Le Monde")
    assert "About 85 % of this article is missing" in model.index(0, TITLE).data(
        Qt.ItemDataRole.ToolTipRole
    )


def test_search_filters_rows(library):
    add_articles(library, 20)
    library.add(str(SEED))
    model = ArticleListModel(library)
    model.set_view(view_for_key("all"))
    model.set_search("jihadists")
    assert model.total == 1
    assert model.item_at(0).source == "Le Monde"
    model.set_search("")
    assert model.total == 21


def test_sorting_by_title_and_back(library):
    add_articles(library, 5)
    model = ArticleListModel(library)
    model.set_view(view_for_key("all"))
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, TITLE).data() for r in range(3)] == [
        "Article 00000",
        "Article 00001",
        "Article 00002",
    ]
    model.sort(SITE, Qt.SortOrder.AscendingOrder)  # not a storage order: nothing changes
    assert model.order == ("title", False)


def test_saving_rows_and_failures(library):
    placeholder = library.add_placeholder("https://example.org/story")
    model = ArticleListModel(library)
    model.set_view(view_for_key("all"))
    model.set_saving(placeholder.id, True)
    assert model.index(0, PROGRESS).data(STATUS_ROLE) == "saving"
    model.set_saving(placeholder.id, False)
    library.mark_failed(placeholder.id, "HTTP 404 (client error)")
    model.refresh_item(placeholder.id)
    assert model.index(0, PROGRESS).data(STATUS_ROLE) == "failed"
    assert model.index(0, SITE).data() == "HTTP 404 (client error)"


def test_refresh_removes_and_prepends_rows_in_place(library, qtbot):
    ids = add_articles(library, 5)
    model = ArticleListModel(library)
    model.set_view(view_for_key("unread"))
    with qtbot.waitSignal(model.rowsRemoved):
        library.set_state(ids[2], "archived")
        model.refresh()
    assert model.total == 4
    with qtbot.waitSignal(model.rowsInserted):
        add_articles(library, 1, start=5)
        model.refresh()
    assert model.index(0, TITLE).data() == "Article 00005"
    assert model.total == 5
