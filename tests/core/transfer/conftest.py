"""Fixtures for the import/export tests: the fixture files and an Omnivore ZIP built from them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.service import Library
from reader.core.storage import Storage

IMPORT_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "import"


def omnivore_zip(target: Path) -> Path:
    """Zip tests/fixtures/import/omnivore/ the way Omnivore's export lays it out."""
    buf = io.BytesIO()
    root = IMPORT_DIR / "omnivore"
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(root.rglob("*")):
            if f.is_file():
                zf.write(f, f.relative_to(root).as_posix())
    target.write_bytes(buf.getvalue())
    return target


@pytest.fixture
def import_dir() -> Path:
    return IMPORT_DIR


@pytest.fixture
def omnivore(tmp_path: Path) -> Path:
    return omnivore_zip(tmp_path / "omnivore-export.zip")


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    s = Storage(tmp_path / "library.db")
    yield s
    s.close()


@pytest.fixture
def library(storage: Storage) -> Library:
    return Library(storage)
