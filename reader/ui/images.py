"""Loads remote images for the reader pane, only when the user allowed them.

Qt's network stack is asynchronous on the GUI thread, so no worker thread is needed.
Only image content types are accepted, and a size cap stops huge downloads.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

logger = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 10 * 1024 * 1024


class ImageLoader(QObject):
    """Fetches images by URL and reports them decoded."""

    loaded = Signal(QUrl, QImage)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._manager: QNetworkAccessManager | None = None  # created on first use
        self._replies: dict[str, QNetworkReply] = {}

    def request(self, url: QUrl) -> None:
        """Start fetching ``url`` unless it is already under way."""
        key = url.toString()
        if key in self._replies or url.scheme() not in ("http", "https"):
            return
        if self._manager is None:
            self._manager = QNetworkAccessManager(self)
        request = QNetworkRequest(url)
        request.setHeader(QNetworkRequest.KnownHeaders.UserAgentHeader, "reader")
        request.setTransferTimeout(30_000)
        reply = self._manager.get(request)
        self._replies[key] = reply
        reply.downloadProgress.connect(lambda received, _total: self._check_size(reply, received))
        reply.finished.connect(lambda: self._finished(key, url, reply))

    def abort_all(self) -> None:
        """Drop every download (the article changed or the app quits)."""
        for reply in list(self._replies.values()):
            reply.abort()

    @staticmethod
    def _check_size(reply: QNetworkReply, received: int) -> None:
        if received > MAX_IMAGE_BYTES:
            reply.abort()

    def _finished(self, key: str, url: QUrl, reply: QNetworkReply) -> None:
        self._replies.pop(key, None)
        reply.deleteLater()
        if reply.error() != QNetworkReply.NetworkError.NoError:
            logger.info("image %s not loaded: %s", key, reply.errorString())
            return
        kind = str(reply.header(QNetworkRequest.KnownHeaders.ContentTypeHeader) or "")
        if not kind.startswith("image/"):
            logger.info("image %s refused: content type %r", key, kind)
            return
        image = QImage.fromData(reply.readAll())
        if not image.isNull():
            self.loaded.emit(url, image)
