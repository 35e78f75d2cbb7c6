"""A fresh clone, without ``../shared`` next to it, passes its tests.

The repository is copied into a temporary directory (where no ``../shared`` exists) and the
non-slow suite runs there. Lint is left out (it does not read the corpus and already runs here).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.fixtures import NO_CORPUS_REASON, REPO

CHILD = "READER_FRESH_CLONE_CHILD"
COPIED = ["reader", "resources", "tests", "benchmarks", "docs", "pyproject.toml", "README.md"]


@pytest.mark.slow
@pytest.mark.timeout(660)  # the nested run has its own 600 s limit; a loaded machine needs it
@pytest.mark.skipif(bool(os.environ.get(CHILD)), reason="already inside the fresh-clone run")
def test_the_suite_passes_in_a_copy_without_shared(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    clone.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", "*.png")
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, clone / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, clone / name)
    assert not (clone.parent / "shared").exists()
    env = {**os.environ, CHILD: "1", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-m", "not slow", "-p", "no:cacheprovider",
         "-rs", "--ignore=tests/test_lint.py", "tests"],
        cwd=clone, env=env, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    tail = out.stdout[-6000:] + out.stderr[-2000:]
    assert out.returncode == 0, tail
    summary = out.stdout.strip().splitlines()[-1]
    assert "failed" not in summary and "error" not in summary, summary
    assert int(re.search(r"(\d+) passed", summary)[1]) > 300, summary  # type: ignore[index]
    # the code under test is the copy's, not this checkout's
    probe = subprocess.run(
        [sys.executable, "-c", "import reader; print(reader.__file__)"],
        cwd=clone, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert probe.stdout.strip().startswith(str(clone)), probe.stdout
    # every skip that mentions the corpus gives the one clear reason
    for line in out.stdout.splitlines():
        if line.startswith("SKIPPED") and "corpus" in line:
            assert f"{NO_CORPUS_REASON} {clone.parent}" in line, line
