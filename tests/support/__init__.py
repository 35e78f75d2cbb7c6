"""Helpers shared by the test suite (the loopback HTTP server lives in ``support.server``)."""

from __future__ import annotations

from .server import CORPUS_DIR, LoopbackServer, Reply, Request

__all__ = ["CORPUS_DIR", "LoopbackServer", "Reply", "Request"]
