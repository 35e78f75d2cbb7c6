"""A guard against a reference-counting bug of PySide6 6.12.0 on CPython 3.11.

PySide6-Essentials 6.12.0 ships one abi3 wheel; under CPython 3.11 each call of a
C++ function that returns ``void`` releases a reference to ``None`` it never took.
Before Python 3.12 (PEP 683) ``None`` is an ordinary refcounted object, so after some
tens of thousands of such calls (painting a table makes thousands a second) the
interpreter aborts with "none_dealloc: deallocating None". PySide6 6.11.3 does not do
this. The proper fix is a dependency pin (``PySide6-Essentials!=6.12.0``); this module
detects the bug at start-up and, only when it is present, gives ``None`` a reference
count no session can use up, which is what Python 3.12 does for every program.
"""

from __future__ import annotations

import ctypes
import logging
import sys

logger = logging.getLogger(__name__)

_PROBE_CALLS = 64
_HEADROOM = 1 << 48  # decrements the process can survive: effectively immortal


def none_refcount_leaks() -> bool:
    """True when void PySide6 calls release references to None (the 6.12.0 bug)."""
    if sys.version_info >= (3, 12):
        return False  # None is immortal: nothing to lose
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBE_CALLS):
        probe.setObjectName("probe")  # returns void
    return sys.getrefcount(None) < before - _PROBE_CALLS // 2


def protect_none_refcount() -> bool:
    """Apply the guard (once) when the bug is present; True if None is guarded."""
    if sys.getrefcount(None) >= _HEADROOM // 2:
        return True  # guarded already
    if not none_refcount_leaks():
        return False
    # ob_refcnt is the first field of every object in a release build of CPython.
    ctypes.c_ssize_t.from_address(id(None)).value += _HEADROOM
    logger.info("PySide6 releases None on void calls: made None's refcount unreachable")
    return True
