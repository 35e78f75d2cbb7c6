"""The sidebar's views: which storage filters each one means. Qt-free."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TAG_PREFIX = "tag:"


@dataclass(frozen=True)
class View:
    """One entry of the sidebar."""

    key: str
    label: str
    filters: dict[str, Any] = field(default_factory=dict)
    count_key: str | None = None
    order: str = "added"  # the order it opens with
    descending: bool = True


VIEWS: tuple[View, ...] = (
    View("all", "All", {}, "all"),
    View("unread", "Unread", {"state": "unread"}, "unread"),
    View(
        "continue",
        "Continue reading",
        {"in_progress": True},
        "in_progress",
        order="recent_progress",
    ),
    View("finished", "Finished", {"state": "finished"}, "finished"),
    View("archived", "Archived", {"state": "archived"}, "archived"),
    View("favourites", "Favourites", {"favourite": True}, "favourites"),
    View("needs_full_text", "Needs full text", {"needs_full_text": True}, "needs_full_text"),
    View("failed", "Failed saves", {"status": "failed"}, "failed"),
)
HIDDEN_WHEN_EMPTY = ("failed",)

_BY_KEY = {view.key: view for view in VIEWS}


def tag_view(tag: str) -> View:
    """The view of one tag."""
    return View(TAG_PREFIX + tag, tag, {"tag": tag})


def view_for_key(key: str) -> View:
    """The view a saved key names (unknown keys fall back to All)."""
    if key.startswith(TAG_PREFIX) and len(key) > len(TAG_PREFIX):
        return tag_view(key[len(TAG_PREFIX) :])
    return _BY_KEY.get(key, VIEWS[0])
