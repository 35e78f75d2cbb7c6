"""The query language of the search box, ``reader search``, ``list --query`` and ``export --query``.

``parse(text)`` gives a small tree (:mod:`.ast`) or raises :class:`QueryError`, which points at
the bad token; the storage compiles the tree to one SQL query.
"""

from reader.core.query.ast import And, Field, Node, Not, Or, Text
from reader.core.query.parse import FIELDS, QueryError, parse

__all__ = ["FIELDS", "And", "Field", "Node", "Not", "Or", "QueryError", "Text", "parse"]
