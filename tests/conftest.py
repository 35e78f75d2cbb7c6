"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from support.fixtures import FIXTURES_DIR, corpus
from support.memkeyring import MemoryKeyring
from support.paysite import PaySite
from support.server import LoopbackServer


@pytest.fixture(scope="session", autouse=True)
def _private_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The user's own config and data dirs (site recipes, updated rules) never leak in."""
    base = tmp_path_factory.mktemp("user-dirs")
    saved = {k: os.environ.get(k) for k in ("XDG_CONFIG_HOME", "XDG_DATA_HOME")}
    os.environ["XDG_CONFIG_HOME"] = str(base / "config")
    os.environ["XDG_DATA_HOME"] = str(base / "data")
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus (``../shared/corpus`` next to the repository); skips when absent."""
    return corpus()


@pytest.fixture(scope="session")
def http_server_session() -> Iterator[LoopbackServer]:
    """One loopback HTTP server for the whole run, serving tests/fixtures and test endpoints."""
    with LoopbackServer(FIXTURES_DIR) as server:
        yield server


@pytest.fixture
def http_server(http_server_session: LoopbackServer) -> Iterator[LoopbackServer]:
    """The loopback server; routes added with ``add_route`` vanish after the test."""
    http_server_session.reset()
    yield http_server_session
    errors = list(http_server_session.errors)
    http_server_session.reset()
    if errors:
        pytest.fail("a loopback route handler failed:\n" + "\n".join(errors), pytrace=False)


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


@pytest.fixture(autouse=True)
def _fail_on_logged_errors(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """An ERROR logged during a test fails it, unless the test is marked ``log_errors_expected``."""
    yield
    if request.node.get_closest_marker("log_errors_expected"):
        return
    errors = [r for when in ("setup", "call") for r in caplog.get_records(when) if r.levelno >= 40]
    if errors:
        lines = "\n".join(f"{r.name}: {r.getMessage()}" for r in errors)
        pytest.fail(f"unexpected errors were logged:\n{lines}", pytrace=False)
