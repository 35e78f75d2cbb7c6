"""A Firefox-format cookies.sqlite for the browser sign-in tests."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path


def firefox_cookies(path: Path, rows: list[tuple[str, str, str, int]]) -> None:
    """A Firefox-format cookies.sqlite (the moz_cookies table as Firefox writes it)."""
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE moz_cookies (id INTEGER PRIMARY KEY, originAttributes TEXT NOT NULL "
        "DEFAULT '', name TEXT, value TEXT, host TEXT, path TEXT, expiry INTEGER, "
        "lastAccessed INTEGER, creationTime INTEGER, isSecure INTEGER, isHttpOnly INTEGER, "
        "inBrowserElement INTEGER DEFAULT 0, sameSite INTEGER DEFAULT 0, rawSameSite INTEGER "
        "DEFAULT 0, schemeMap INTEGER DEFAULT 0, isPartitionedAttributeSet INTEGER DEFAULT 0, "
        "CONSTRAINT moz_uniqueid UNIQUE (name, host, path, originAttributes))"
    )
    now = int(time.time())
    for name, value, host, expiry in rows:
        db.execute(
            "INSERT INTO moz_cookies(name, value, host, path, expiry, lastAccessed, "
            "creationTime, isSecure, isHttpOnly) VALUES (?, ?, ?, '/', ?, ?, ?, 0, 1)",
            (name, value, host, now + expiry, now * 10**6, now * 10**6),
        )
    db.commit()
    db.close()
