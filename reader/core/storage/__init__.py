"""The library database: the only module of reader that talks to SQLite (via sqlite-utils).

``Storage(path)`` opens or creates a library file, applies the schema migrations and
offers synchronous, transactional operations on core model types. See :mod:`.schema`
for the tables.
"""

from __future__ import annotations

from reader.core.storage.items import ItemsMixin
from reader.core.storage.library import LibraryMixin
from reader.core.storage.marks import MarksMixin
from reader.core.storage.querying import QueryMixin
from reader.core.storage.retrieval import RetrievalMixin
from reader.core.storage.rows import fts_query, is_better
from reader.core.storage.transfer import ImportRow, RowOutcome, TransferMixin

__all__ = ["ImportRow", "RowOutcome", "Storage", "fts_query", "is_better"]


class Storage(ItemsMixin, LibraryMixin, MarksMixin, RetrievalMixin, QueryMixin, TransferMixin):
    """A reader library file: items, versions, tags and the full-text index."""
