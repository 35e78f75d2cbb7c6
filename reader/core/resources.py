"""Find files under ``resources/`` in a source checkout, an editable install or a wheel."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def resources_dir() -> Path:
    """The directory holding reader's data files.

    A built wheel carries them inside the package (``reader/resources``); a source
    checkout or an editable install has them at the project root (``resources/``).
    """
    for candidate in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"):
        if (candidate / "MANIFEST").is_file():
            return candidate
    raise FileNotFoundError(f"reader's resources/ directory was not found near {_PACKAGE_DIR}")


def resource_path(*parts: str) -> Path:
    """Path of one resource file, e.g. ``resource_path("paywall", "markers.json")``."""
    return resources_dir().joinpath(*parts)


@cache
def load_json(*parts: str) -> Any:
    """Parse a JSON resource once per process."""
    with resource_path(*parts).open(encoding="utf-8") as fh:
        return json.load(fh)


def any_of(patterns: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive regex for a data file's list of patterns (never matches if empty)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!x)x", re.IGNORECASE)
