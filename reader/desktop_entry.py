"""``reader install-desktop``: the freedesktop menu entry and the icon, in the user's XDG dirs.

Qt-free: plain files under ``$XDG_DATA_HOME`` (default ``~/.local/share``):
``applications/reader.desktop`` and ``icons/hicolor/scalable/apps/reader.svg``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from reader.core.resources import resource_path


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or not absolute."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".local/share"


def launch_command() -> str:
    """How the menu starts reader: this install's console script, else this Python."""
    script = Path(sys.executable).with_name("reader")
    found = str(script) if script.is_file() else shutil.which("reader")
    if found:
        return shlex.quote(found)
    return f"{shlex.quote(sys.executable)} -m reader"


def desktop_file(command: str) -> str:
    """The shipped .desktop file, with Exec pointing at ``command``."""
    lines = resource_path("ui", "reader.desktop").read_text(encoding="utf-8").splitlines()
    out = [f"Exec={command}" if line.startswith("Exec=") else line for line in lines]
    return "\n".join(out) + "\n"


def install(root: Path | None = None) -> dict[str, Path]:
    """Write the entry and the icon; returns where each went."""
    base = root or data_home()
    entry = base / "applications" / "reader.desktop"
    icon = base / "icons" / "hicolor" / "scalable" / "apps" / "reader.svg"
    entry.parent.mkdir(parents=True, exist_ok=True)
    icon.parent.mkdir(parents=True, exist_ok=True)
    tmp = entry.with_suffix(".tmp")
    tmp.write_text(desktop_file(launch_command()), encoding="utf-8")
    os.replace(tmp, entry)
    shutil.copyfile(resource_path("ui", "icons", "reader.svg"), icon)
    tool = shutil.which("update-desktop-database")
    if tool:  # refreshes the menu's cache where the tool exists
        subprocess.run([tool, str(entry.parent)], check=False, capture_output=True, timeout=30)
    return {"desktop file": entry, "icon": icon}
