"""Fixtures for the retrieval tests: an in-memory keyring, the paywalled loopback site."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from support.memkeyring import MemoryKeyring
from support.paysite import PaySite


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """keyring's backend for the test is a real in-memory backend class."""
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def paysite() -> Iterator[PaySite]:
    """The paywalled site on loopback (a fresh one per test: its logs start empty)."""
    with PaySite() as site:
        yield site
