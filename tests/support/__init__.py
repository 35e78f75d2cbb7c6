"""Helpers shared by the test suite (the loopback HTTP server lives in ``support.server``)."""

from __future__ import annotations

from .fixtures import CORPUS_DIR, FIXTURES_DIR
from .server import LoopbackServer, Reply, Request

__all__ = ["CORPUS_DIR", "FIXTURES_DIR", "LoopbackServer", "Reply", "Request"]
