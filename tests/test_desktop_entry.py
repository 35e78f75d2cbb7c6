"""``reader install-desktop`` puts the menu entry and the icon in the user's XDG data dir."""

from __future__ import annotations

import configparser
import json

from reader.cli import main as cli_main


def test_install_desktop_writes_the_entry_and_the_icon(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert cli_main(["install-desktop", "--json"]) == 0
    paths = json.loads(capsys.readouterr().out)
    entry = tmp_path / "share/applications/reader.desktop"
    icon = tmp_path / "share/icons/hicolor/scalable/apps/reader.svg"
    assert paths == {"desktop file": str(entry), "icon": str(icon)}
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.read_string(entry.read_text(encoding="utf-8"))
    section = parsed["Desktop Entry"]
    assert section["Type"] == "Application" and section["Icon"] == "reader"
    command = section["Exec"].split()[0]
    assert command.endswith("reader") or command.endswith(("python", "python3"))
    assert icon.read_text(encoding="utf-8").lstrip().startswith("<")
    assert cli_main(["install-desktop"]) == 0  # again: replaces, does not fail
    assert f"installed desktop file: {entry}" in capsys.readouterr().out
