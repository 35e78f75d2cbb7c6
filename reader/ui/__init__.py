"""The PySide6 desktop app: panels, models and dialogs over reader.core.service."""

from __future__ import annotations
