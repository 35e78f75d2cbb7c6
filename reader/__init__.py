"""reader: a desktop reading list that knows when an article is not all there."""

from __future__ import annotations

__version__ = "0.1.0"
