"""The trend loader: rows read on a worker thread, delivered on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from store.snapshot_rows import SnapshotRow
from ui.snapshot_loader import SnapshotLoader


def test_rows_are_read_off_the_gui_thread_and_delivered_on_it(qtbot: QtBot) -> None:
    gui = threading.get_ident()
    read_on: list[int] = []
    delivered_on: list[QThread] = []

    def load_rows() -> list[SnapshotRow]:
        read_on.append(threading.get_ident())
        return []

    loader = SnapshotLoader(load_rows)
    loader.loaded.connect(lambda _rows: delivered_on.append(QThread.currentThread()))
    with qtbot.waitSignal(loader.loaded, raising=True) as blocker:
        loader.request()
    assert blocker.args == [[]]
    assert read_on and read_on[0] != gui
    assert delivered_on == [loader.thread()]
    assert loader.close()


def test_requests_during_a_load_coalesce_into_one_more_load(qtbot: QtBot) -> None:
    release = threading.Event()
    calls: list[int] = []

    def load_rows() -> list[SnapshotRow]:
        calls.append(len(calls))
        release.wait(5)
        return []

    loader = SnapshotLoader(load_rows)
    results: list[object] = []
    loader.loaded.connect(results.append)
    loader.request()
    for _ in range(5):
        loader.request()
    release.set()
    qtbot.waitUntil(lambda: bool(results) and not loader.busy)
    assert loader.loads == 2
    assert len(results) == 1  # the stale first result is dropped
    assert loader.close()


def test_a_failing_load_is_reported_and_the_next_request_works(qtbot: QtBot) -> None:
    outcomes = iter([RuntimeError("database is locked\nmore detail"), []])

    def load_rows() -> list[SnapshotRow]:
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    loader = SnapshotLoader(load_rows)
    with qtbot.waitSignal(loader.failed, raising=True) as failed:
        loader.request()
    assert failed.args == ["RuntimeError: database is locked"]
    with qtbot.waitSignal(loader.loaded, raising=True):
        loader.request()
    assert loader.close()
