"""The trend loader: reads run on a worker thread, results arrive on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from ui.snapshot_loader import SnapshotLoader


def test_reads_run_off_the_gui_thread_and_their_results_arrive_on_it(qtbot: QtBot) -> None:
    gui = threading.get_ident()
    read_on: list[int] = []
    delivered_on: list[QThread] = []

    def load(request: object) -> object:
        read_on.append(threading.get_ident())
        return f"rows for {request}"

    loader = SnapshotLoader(load)
    loader.loaded.connect(lambda *_: delivered_on.append(QThread.currentThread()))
    with qtbot.waitSignal(loader.loaded, raising=True) as blocker:
        loader.request("7d")
    assert blocker.args == ["7d", "rows for 7d"]
    assert read_on and read_on[0] != gui
    assert delivered_on == [loader.thread()]
    assert loader.close()


def test_requests_of_one_kind_during_a_read_coalesce_into_one_more_with_the_latest(
    qtbot: QtBot,
) -> None:
    release = threading.Event()
    calls: list[object] = []

    def load(request: object) -> object:
        calls.append(request)
        release.wait(5)
        return request

    loader = SnapshotLoader(load)
    results: list[object] = []
    loader.loaded.connect(lambda request, result: results.append(result))
    loader.request("first")
    for name in ("second", "third", "fourth"):
        loader.request(name)
    release.set()
    qtbot.waitUntil(lambda: bool(results) and not loader.busy)
    assert calls == ["first", "fourth"]
    assert results == ["fourth"]  # the stale first result is dropped
    assert loader.close()


def test_requests_of_different_kinds_all_run_in_the_order_asked(qtbot: QtBot) -> None:
    release = threading.Event()
    calls: list[object] = []

    def load(request: object) -> object:
        calls.append(request)
        release.wait(5)
        return request

    loader = SnapshotLoader(load)
    results: list[object] = []
    loader.loaded.connect(lambda request, result: results.append(result))
    loader.request("chart")
    loader.request(3)  # another type: another kind
    loader.request(("page", 1))
    release.set()
    qtbot.waitUntil(lambda: len(results) == 3 and not loader.busy)
    assert calls == results == ["chart", 3, ("page", 1)]
    assert loader.close()


def test_a_failing_read_is_reported_in_one_line_and_the_next_request_works(
    qtbot: QtBot,
) -> None:
    outcomes = iter([RuntimeError("database is locked\nmore detail"), "rows"])

    def load(request: object) -> object:
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    loader = SnapshotLoader(load)
    with qtbot.waitSignal(loader.failed, raising=True) as failed:
        loader.request()
    assert failed.args == ["RuntimeError: database is locked"]
    with qtbot.waitSignal(loader.loaded, raising=True):
        loader.request()
    assert loader.close()
