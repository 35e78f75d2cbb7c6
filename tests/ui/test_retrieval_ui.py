"""Getting the rest from the app: Get full text (banner, background queue), the Subscriptions
dialog, Versions, Paste full text, a page dropped onto an item, the Sites view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton
from support.paysite import PaySite, page, paragraphs

from reader.ui.retrieval_dialogs import SignInDialog, SitesDialog, SubscriptionsDialog


def _teaser(library, site: PaySite, path: str = "/story"):
    library.retrieval.interval = 0.0
    item = library.add(site.url(path)).item
    assert item.needs_full_text
    return item


def _open(window, qtbot, item_id: int) -> None:
    assert window.list_panel.select_item(item_id)
    qtbot.waitUntil(lambda: window.reader.item is not None and window.reader.item.id == item_id)


def test_get_full_text_from_the_banner(
    make_window, library, qtbot, paysite, memory_keyring
) -> None:
    item = _teaser(library, paysite)
    library.set_progress(item.id, 0.5)
    library.add_tags(item.id, ["harbour"])
    library.retrieval.set_cookie("127.0.0.1", f"session={paysite.session}")
    window = make_window()
    _open(window, qtbot, item.id)
    assert window.sidebar and window.library.counts()["needs_full_text"] == 1
    banner = window.reader.banner
    assert banner.isVisible()
    sign_in = banner.findChild(QPushButton, "signIn")
    assert sign_in.isVisible() and sign_in.text() == "Sign in to 127.0.0.1…"
    banner.full_text_button.click()
    qtbot.waitUntil(lambda: not window.library.get(item.id).needs_full_text, timeout=20000)
    qtbot.waitUntil(lambda: not banner.isVisible())  # the open article follows at once
    after = window.library.get(item.id)
    assert after.paywall.status in ("free", "paywalled_full") and after.word_count > 1200
    assert after.tags == ["harbour"] and after.progress.fraction > 0
    assert window.library.counts()["needs_full_text"] == 0
    row = window.model.row_of(item.id)
    assert window.model.item_at(row).word_count == after.word_count  # the row is fresh
    qtbot.waitUntil(lambda: not window.retrieval.progress.isVisible())
    assert "signed in with your subscription → complete" in window.retrieval.reports[-1]


def test_queue_of_several_from_the_toolbar_shows_progress_and_resumes(
    make_window, library, qtbot, paysite, memory_keyring
) -> None:
    ids = [_teaser(library, paysite, p).id for p in ("/story", "/story2", "/story3")]
    library.retrieval.enqueue(ids[:1])  # left queued by an earlier session
    library.retrieval.set_cookie("127.0.0.1", f"session={paysite.session}")
    window = make_window()  # resumes the queue on start
    qtbot.waitUntil(lambda: not window.library.get(ids[0]).needs_full_text, timeout=20000)
    qtbot.waitUntil(lambda: not window.retrieval.running, timeout=20000)
    window.list_panel.table.selectAll()
    window.retrieval.update_enabled()
    assert window.retrieval.get_full_text_action.isEnabled()
    window.retrieval.get_full_text_action.trigger()
    assert window.retrieval.progress.isVisible()
    assert window.retrieval.progress.label.text().startswith("Getting full text: 0 of")
    qtbot.waitUntil(lambda: window.library.counts()["needs_full_text"] == 0, timeout=20000)
    qtbot.waitUntil(lambda: not window.retrieval.progress.isVisible())
    assert window.library.retrieval.pending() == []


def test_cancel_stops_the_queue(make_window, library, qtbot, paysite, memory_keyring) -> None:
    ids = [_teaser(library, paysite, p).id for p in ("/story", "/story2", "/story3")]
    library.retrieval.set_cookie("127.0.0.1", f"session={paysite.session}")
    window = make_window()
    window.library.retrieval.interval = 0.5  # slow enough to cancel in between
    window.retrieval.get_full_text(ids)
    window.retrieval.progress.cancel.click()
    qtbot.waitUntil(lambda: not window.retrieval.running, timeout=20000)
    assert window.library.counts()["needs_full_text"] >= 1
    assert window.library.retrieval.pending() == []


def test_subscriptions_dialog_keeps_secrets_in_keyring(qtbot, library, memory_keyring) -> None:
    dialog = SubscriptionsDialog(library.retrieval)
    qtbot.addWidget(dialog)
    assert dialog.empty.isVisibleTo(dialog) and dialog.table.rowCount() == 0
    sign_in = SignInDialog(library.retrieval, None, dialog)
    qtbot.addWidget(sign_in)
    sign_in.host.setText("lemonde.fr")
    sign_in.username.setText("me@example.org")
    sign_in.password.setText("correct horse")
    sign_in.save()
    assert sign_in.result() == SignInDialog.DialogCode.Accepted
    dialog.reload()
    cells = [dialog.table.item(0, c).text() for c in range(4)]
    assert cells[:3] == ["lemonde.fr", "username + password", "me@example.org"]
    assert memory_keyring.store == {("reader", "password:lemonde.fr"): "correct horse"}
    assert b"correct horse" not in library.storage.path.read_bytes()
    # a bad cookie is one clear line in the dialog, and nothing is stored
    bad = SignInDialog(library.retrieval, "bbc.co.uk", dialog)
    qtbot.addWidget(bad)
    bad.use_cookie.setChecked(True)
    bad.cookie.setText("sid=has space")
    bad.save()
    assert bad.error.isVisibleTo(bad) and "has space" not in bad.error.text()
    assert len(library.retrieval.credentials()) == 1
    dialog.table.selectRow(0)
    dialog.remove()
    assert dialog.table.rowCount() == 0 and memory_keyring.store == {}


def test_versions_menu_and_paste_full_text(
    make_window, library, qtbot, paysite, memory_keyring
) -> None:
    item = _teaser(library, paysite)
    window = make_window()
    _open(window, qtbot, item.id)
    mime = QMimeData()
    mime.setHtml(page("The harbour budget vote", paragraphs(7)).decode())
    QApplication.clipboard().setMimeData(mime)
    window.retrieval.update_enabled()
    window.retrieval.paste_action.trigger()
    qtbot.waitUntil(lambda: not window.library.get(item.id).needs_full_text, timeout=20000)
    assert len(window.library.list_ids()) == 1  # attached, not a second item
    menu = window.retrieval.versions_menu
    menu.aboutToShow.emit()
    actions = menu.actions()
    assert len(actions) == 2 and actions[1].isChecked() and "clipboard" in actions[1].text()
    actions[0].trigger()  # back to the teaser
    qtbot.waitUntil(lambda: window.library.get(item.id).paywall.status == "truncated")
    qtbot.waitUntil(window.reader.banner.isVisible)


@pytest.mark.parametrize("name", ["full.html", "full.md"])  # every file Open file… takes
def test_a_page_dropped_onto_an_item_attaches(
    make_window, library, qtbot, paysite, memory_keyring, tmp_path, name
) -> None:
    item = _teaser(library, paysite)
    full = tmp_path / name
    if name.endswith(".md"):
        full.write_text("The harbour budget vote\n\n" + "\n\n".join(paragraphs(7)))
    else:
        full.write_bytes(page("The harbour budget vote", paragraphs(7)))
    window = make_window()
    table = window.list_panel.table
    row = window.model.row_of(item.id)
    pos = table.visualRect(window.model.index(row, 1)).center()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(full))])
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(pos, *args)
    QApplication.sendEvent(table.viewport(), enter)
    assert enter.isAccepted()  # the row takes the file (the window would save a new item)
    # Qt delivers a Drop only inside a real drag session: hand it to the filter directly
    drop = QDropEvent(QPointF(pos), *args)
    assert window._attach_drops.eventFilter(table.viewport(), drop) and drop.isAccepted()
    qtbot.waitUntil(lambda: not window.library.get(item.id).needs_full_text, timeout=20000)
    assert window.library.list_ids() == [item.id]


def test_sites_view_has_a_bar_per_site(qtbot, library, paysite, memory_keyring) -> None:
    _teaser(library, paysite)
    library.retrieval.set_cookie("127.0.0.1", f"session={paysite.session}")
    dialog = SitesDialog(library.retrieval.domains())
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "127.0.0.1"
    assert dialog.table.item(0, 2).data(Qt.ItemDataRole.UserRole) == 1.0
    assert dialog.table.item(0, 3).text() == "cookie"


def test_browser_sign_in_and_archive_from_the_app(
    make_window, library, qtbot, paysite, memory_keyring, tmp_path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox
    from support.firefox import firefox_cookies

    from reader.ui import retrieval_dialogs

    profile = tmp_path / "cookies.sqlite"
    firefox_cookies(profile, [("session", paysite.session, "127.0.0.1", 3600)])
    first = _teaser(library, paysite, "/story")
    second = _teaser(library, paysite, "/story3")
    window = make_window()

    def pick_profile(dialog) -> int:  # the user picks the profile and ticks Remember
        dialog.profile.setText(str(profile))
        dialog.remember_box.setChecked(True)
        return 1

    monkeypatch.setattr(retrieval_dialogs.BrowserSignInDialog, "exec", pick_profile)
    _open(window, qtbot, first.id)
    window.retrieval.update_enabled()
    assert window.retrieval.browser_action.text() == "Use my &browser's sign-in for 127.0.0.1…"
    window.retrieval.browser_action.trigger()
    qtbot.waitUntil(lambda: not window.library.get(first.id).needs_full_text, timeout=20000)
    assert memory_keyring.store == {("reader", "cookie:127.0.0.1"): f"session={paysite.session}"}

    monkeypatch.setenv("READER_WAYBACK_API", paysite.url("/wayback/available"))
    asked: list[str] = []

    def agree(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", agree)
    memory_keyring.store.clear()  # no sign-in left: only the archive can help
    _open(window, qtbot, second.id)
    window.retrieval.update_enabled()
    window.retrieval.archive_action.trigger()
    qtbot.waitUntil(lambda: not window.library.get(second.id).needs_full_text, timeout=20000)
    assert "This tells 127.0.0.1 the address" in asked[0]
    assert paysite.archive_asked == [paysite.url("/story3")]
    assert "snapshot from 2023-11-03 is complete" in window.retrieval.reports[-1]


def test_login_recipe_from_the_sign_in_dialog(
    make_window, library, qtbot, paysite, memory_keyring, tmp_path, monkeypatch
) -> None:
    sites = tmp_path / "config" / "reader" / "sites"
    sites.mkdir(parents=True)
    (sites / "127.0.0.1.txt").write_text(paysite.recipe())
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    item = _teaser(library, paysite, "/story2")
    window = make_window()

    def fill_in(dialog) -> int:
        dialog.username.setText(paysite.username)
        dialog.password.setText(paysite.password)
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(SignInDialog, "exec", fill_in)
    _open(window, qtbot, item.id)
    window.retrieval.update_enabled()
    window.retrieval.sign_in_action.trigger()
    qtbot.waitUntil(lambda: not window.library.get(item.id).needs_full_text, timeout=20000)
    assert paysite.logins == [(True, ["csrf_token", "email", "password"])]
    assert window.library.retrieval.credentials()[0].username == paysite.username
