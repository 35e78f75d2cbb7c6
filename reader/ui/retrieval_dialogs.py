"""The dialogs of retrieval: Sign in to SITE, Use my browser's sign-in, Subscriptions, Sites."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.errors import ReaderError
from reader.core.retrieve.browser import BROWSERS, BrowserSource

if TYPE_CHECKING:
    from reader.core.retrieve.ledger import DomainRow
    from reader.core.retrieve.manager import Retrieval

METHOD_NAMES = {"cookie": "cookie", "password": "username + password", "browser": "browser"}
BROWSER_NAMES = {"firefox": "Firefox", "librewolf": "LibreWolf", "chrome": "Google Chrome",
                 "chromium": "Chromium", "brave": "Brave", "edge": "Microsoft Edge",
                 "vivaldi": "Vivaldi", "opera": "Opera"}  # fmt: skip


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


class SignInDialog(QDialog):
    """Your own subscription for one site: a cookie, or a username and password."""

    def __init__(
        self, retrieval: Retrieval, site: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.retrieval = retrieval
        self.setWindowTitle(f"Sign in to {site}" if site else "Add a subscription")
        self.host = QLineEdit(site or "", self)
        self.host.setPlaceholderText("lemonde.fr")
        self.host.setReadOnly(site is not None)
        self.use_password = QRadioButton("Username and password", self)
        self.use_cookie = QRadioButton("Cookie from a signed-in browser", self)
        self.use_password.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.use_password)
        group.addButton(self.use_cookie)
        self.username = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.cookie = QLineEdit(self)
        self.cookie.setEchoMode(QLineEdit.EchoMode.Password)
        self.cookie.setPlaceholderText("name=value; name2=value2")
        note = QLabel(
            "Reader keeps the secret only in your system keyring and sends it only to this "
            "site, over HTTPS. A password needs a login recipe for the site.",
            self,
        )
        note.setWordWrap(True)
        self.error = _error_label(self)
        form = QFormLayout()
        form.addRow("Site", self.host)
        form.addRow(self.use_password)
        form.addRow("Username", self.username)
        form.addRow("Password", self.password)
        form.addRow(self.use_cookie)
        form.addRow("Cookie", self.cookie)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.use_password.toggled.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        password = self.use_password.isChecked()
        self.username.setEnabled(password)
        self.password.setEnabled(password)
        self.cookie.setEnabled(not password)

    def save(self) -> None:
        """Store the secret in keyring (and host + username + method in the library)."""
        try:
            if self.use_password.isChecked():
                self.retrieval.set_password(
                    self.host.text(), self.username.text(), self.password.text()
                )
            else:
                self.retrieval.set_cookie(self.host.text(), self.cookie.text())
        except ReaderError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.password.clear()
        self.cookie.clear()
        self.accept()


class BrowserSignInDialog(QDialog):
    """Use my browser's sign-in for SITE: which browser (or profile), and whether to remember."""

    def __init__(self, site: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Use my browser's sign-in for {site}")
        intro = QLabel(
            f"Reader reads {site}'s cookies, and only that site's, from your browser, and "
            "uses them to fetch the article.",
            self,
        )
        intro.setWordWrap(True)
        self.browser = QComboBox(self)
        for key in BROWSERS:
            self.browser.addItem(BROWSER_NAMES.get(key, key), key)
        self.profile = QLineEdit(self)
        self.profile.setPlaceholderText("default profile")
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.profile, 1)
        row.addWidget(browse)
        self.remember_box = QCheckBox("Remember them (in the system keyring)", self)
        form = QFormLayout()
        form.addRow("Browser", self.browser)
        form.addRow("Firefox profile", row)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Get full text", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remember_box)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Firefox cookies database", "", "cookies.sqlite (cookies.sqlite);;All (*)"
        )
        if path:
            self.profile.setText(path)

    @property
    def remember(self) -> bool:
        """Keep the cookies in keyring for next time."""
        return self.remember_box.isChecked()

    def source(self) -> BrowserSource:
        """The browser (or Firefox profile) the user picked."""
        profile = self.profile.text().strip() or None
        return BrowserSource(str(self.browser.currentData()), profile)


class SubscriptionsDialog(QDialog):
    """Every saved credential (host, kind, username: never a secret), add and remove."""

    def __init__(self, retrieval: Retrieval, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.retrieval = retrieval
        self.setWindowTitle("Subscriptions")
        self.resize(620, 320)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["Site", "Sign-in", "Username", "Last worked"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel("No subscriptions yet. Add one to read your own subscription's "
                            "articles in full.", self)  # fmt: skip
        self.empty.setWordWrap(True)
        self.error = _error_label(self)
        add = QPushButton("Add…", self)
        add.clicked.connect(self.add)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.clicked.connect(self.remove)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        """Re-read the credentials' metadata."""
        infos = self.retrieval.credentials()
        self.table.setRowCount(len(infos))
        for r, c in enumerate(infos):
            cells = (c.host, METHOD_NAMES.get(c.method, c.method), c.username or "",
                     (c.last_ok_at or "")[:10] or "not yet")  # fmt: skip
            for col, text in enumerate(cells):
                self.table.setItem(r, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty.setVisible(not infos)
        self.remove_button.setEnabled(bool(infos))

    def add(self) -> None:
        """Add a subscription for a site the user names."""
        if SignInDialog(self.retrieval, None, self).exec():
            self.reload()

    def remove(self) -> None:
        """Forget the selected site's credentials (keyring and library)."""
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            return
        try:
            self.retrieval.delete_credentials(item.text())
        except ReaderError as exc:
            self.error.setText(str(exc))
            self.error.show()
        self.reload()


class ShareBarDelegate(QStyledItemDelegate):
    """A small horizontal bar: the share of a site's saves that were truncated."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        share = float(index.data(Qt.ItemDataRole.UserRole) or 0.0)
        rect: QRect = option.rect.adjusted(6, 6, -48, -6)  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = option.palette.mid().color()  # type: ignore[attr-defined]
        base.setAlpha(70)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(base)
        painter.drawRoundedRect(rect, 3, 3)
        if share > 0:
            filled = QRect(rect)
            filled.setWidth(max(3, round(rect.width() * share)))
            painter.setBrush(QColor("#c0504d"))
            painter.drawRoundedRect(filled, 3, 3)
        painter.setPen(option.palette.text().color())  # type: ignore[attr-defined]
        text_rect = option.rect.adjusted(rect.width() + 12, 0, 0, 0)  # type: ignore[attr-defined]
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, f"{round(share * 100)}%")
        painter.restore()


class SitesDialog(QDialog):
    """The Sites view: per site, items saved, share truncated, credentials, what worked."""

    def __init__(self, rows: list[DomainRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sites")
        self.resize(760, 420)
        self.table = QTableWidget(len(rows), 6, self)
        self.table.setHorizontalHeaderLabels(
            ["Site", "Saved", "Truncated", "Your sign-in", "Last worked", "Your marks"]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(2, 180)
        self.table.setItemDelegateForColumn(2, ShareBarDelegate(self.table))
        for r, row in enumerate(rows):
            worked = row.worked_route or (f"tried {row.last_route}" if row.last_route else "")
            marks = ", ".join(f"{n} {what}" for n, what in ((row.marked_truncated, "truncated"),
                              (row.marked_complete, "complete")) if n)  # fmt: skip
            cells = (row.domain, str(row.items), "", METHOD_NAMES.get(row.credentials or "", "")
                     if row.credentials else "—", worked or "—", marks or "—")  # fmt: skip
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if col == 1:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if col == 2:
                    cell.setData(Qt.ItemDataRole.UserRole, row.share_truncated)
                    cell.setToolTip(f"{row.truncated} of {row.items} truncated")
                self.table.setItem(r, col, cell)
        empty = QLabel("No sites yet: save an article first.", self)
        empty.setVisible(not rows)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        close.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(empty)
        layout.addWidget(close)
