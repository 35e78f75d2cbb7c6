"""The project installs as a package: console script, python -m, resources in the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_python_dash_m_reader_prints_help() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "reader", "--help"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0
    assert "extract" in out.stdout and "add" in out.stdout


def test_resources_found_from_the_source_tree() -> None:
    from reader.core.resources import load_json, resources_dir

    assert (resources_dir() / "MANIFEST").is_file()
    assert "en" in load_json("paywall", "markers.json")["languages"]


@pytest.mark.slow
def test_wheel_carries_resources_and_finds_them(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0 and "No module named" in build.stderr:
        build = subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(tmp_path.glob("reader-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    for required in (
        "reader/resources/MANIFEST",
        "reader/resources/paywall/markers.json",
        "reader/resources/textdump/junk.json",
        "reader/resources/sites/ftr-site-config.json.gz",
        "reader/core/extract/html.py",
    ):
        assert required in names
    # Import the unpacked wheel (not the checkout) and load a resource through it.
    code = (
        "import reader.core.resources as r; "
        "print(r.resources_dir()); r.load_json('textdump', 'junk.json')"
    )
    out = subprocess.run(
        [sys.executable, "-S", "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(tmp_path / "site" / "reader" / "resources")
