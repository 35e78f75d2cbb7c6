"""reader.core stays Qt-free: checked by walking its imports and by ruff's banned-api rule."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "reader" / "core"
BANNED = ("PySide6", "reader.ui", "reader.app")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: p.name)
def test_core_module_imports_no_qt(path: Path) -> None:
    bad = [n for n in _imports(path) if n.startswith(BANNED)]
    assert not bad, f"{path.name} imports {bad}"


def test_ruff_bans_qt_in_core(tmp_path: Path) -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed")
    root = Path(__file__).resolve().parents[2]
    offender = root / "reader" / "core" / "_qt_probe_for_test.py"
    offender.write_text("from PySide6.QtCore import Qt\n\nprint(Qt)\n", encoding="utf-8")
    try:
        result = subprocess.run(
            [ruff, "check", "--select", "TID251", str(offender)],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        offender.unlink()
    assert result.returncode != 0
    assert "reader.core must stay Qt-free" in result.stdout


def test_importing_the_core_loads_no_qt() -> None:
    code = (
        "import sys, reader.core.service, reader.core.extract.html, reader.core.extract.textdump, "
        "reader.core.storage, reader.core.intake.fetch, reader.cli; "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
