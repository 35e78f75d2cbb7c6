"""The task runner: results on the GUI thread, errors reported, late results dropped."""

from __future__ import annotations

import threading

import pytest

from reader.ui.tasks import TaskRunner


def test_results_arrive_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    got = []
    with qtbot.waitSignal(runner.all_done):
        runner.submit(
            lambda x: (x * 2, threading.get_ident()),
            21,
            on_success=lambda r: got.append((r, threading.get_ident())),
        )
    [((value, worker), receiver)] = got
    assert value == 42
    assert worker != threading.get_ident()
    assert receiver == threading.get_ident()
    assert runner.active == 0


def test_errors_go_to_on_error(qtbot):
    runner = TaskRunner()
    errors = []

    def boom():
        raise ValueError("no")

    with qtbot.waitSignal(runner.all_done):
        runner.submit(boom, on_error=errors.append)
    assert isinstance(errors[0], ValueError)


def test_after_shutdown_late_results_are_ignored(qtbot, qapp):
    runner = TaskRunner()
    gate = threading.Event()
    got = []
    runner.submit(gate.wait, 5, on_success=got.append)
    assert runner.shutdown(timeout_ms=10) is False
    gate.set()
    assert runner.shutdown(timeout_ms=5000) is True
    qapp.processEvents()
    assert got == []
    with pytest.raises(RuntimeError):
        runner.submit(print)
