"""Keeping the reader's place when the text changes under it (a better version arrived)."""

from __future__ import annotations


def reanchor(fraction: float, anchor: str | None, old_text: str, new_text: str) -> float:
    """The fraction of ``new_text`` where the reader was in ``old_text``.

    The anchor (the start of the paragraph at the top of the view) is found in the new text
    first; without one, the same amount of text read counts (a teaser is the article's start).
    """
    if fraction <= 0 or not new_text:
        return max(0.0, fraction)
    if anchor:
        key = anchor.strip()
        old_at = old_text.find(key)
        near = round(fraction * len(new_text)) if old_at < 0 else old_at
        hits: list[int] = []
        start = new_text.find(key)
        while start >= 0 and len(hits) < 50:
            hits.append(start)
            start = new_text.find(key, start + 1)
        if hits:
            at = min(hits, key=lambda h: abs(h - near))
            return min(1.0, max(0.0, at / len(new_text)))
    read = fraction * len(old_text)
    return min(1.0, max(0.0, read / len(new_text))) if read else fraction
