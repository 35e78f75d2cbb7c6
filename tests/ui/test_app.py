"""The real `reader` process: opens on a library and closes cleanly when told to."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_app_quits_cleanly_on_a_signal(tmp_path: Path, signum: int) -> None:
    db = tmp_path / "library.db"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "READER_DB": str(db),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / "config" / "reader").exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # the window is up once it has written its settings folder
        time.sleep(0.5)
        assert proc.poll() is None, proc.communicate()[1]
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert db.exists() and not Path(f"{db}-wal").exists()  # closed, WAL checkpointed
