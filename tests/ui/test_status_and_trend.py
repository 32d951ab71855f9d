"""What the window shows: the failure banner, the trend chart and table, a restart."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.desktop import build_window
from store.actions import Direction
from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory, shown_lines, table_rows, wait_for_trend


def test_failing_writes_show_a_banner_keep_swipes_and_write_the_snapshot_once_on_recovery(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window(demo=True)
    assert window.demo is not None
    window.demo.set_expanded(True)
    assert not window.banner.isVisible()
    qtbot.mouseClick(window.demo.fail_button, Qt.MouseButton.LeftButton)
    assert vs.faults.on

    for _ in range(25):
        qtbot.keyClick(window.deck, Qt.Key.Key_Right)
    vs.settle()
    assert window.banner.isVisible()
    assert "disk I/O error" in window.banner.text
    assert window.status.value("swipes") == 25
    assert window.status.value("unsaved") == 25
    assert window.status.value("pending") == 1
    assert window.status.value("failed") >= 1
    assert vs.rows() == []

    qtbot.keyClick(window.deck, Qt.Key.Key_Left)  # still accepted while writes fail
    assert window.status.value("swipes") == 26

    qtbot.mouseClick(window.demo.fail_button, Qt.MouseButton.LeftButton)
    assert not vs.faults.on
    with qtbot.waitSignal(window.trend.refreshed, raising=True):
        vs.settle()
    assert vs.keys() == ["swipes:000025"]
    assert window.status.value("snapshots") == 1
    assert not window.banner.isVisible()
    assert window.status.value("pending") == 0
    assert window.status.value("unsaved") == 0
    assert window.trend.model.rowCount() == 1


def test_a_read_only_database_is_named_in_the_banner(qtbot: QtBot, vs: VirtualSession) -> None:
    vs.session.degraded = "the database '/data/t.sqlite3' cannot be written"
    window = build_window(vs.session, vs.faults, animation_ms=0)
    qtbot.addWidget(window)
    window.show()
    assert window.banner.isVisible()
    assert window.banner.text == (
        "⚠  Nothing you swipe in this window is saved. "
        "The database '/data/t.sqlite3' cannot be written"
    )


def test_a_recorded_snapshot_adds_a_point_to_each_line_and_a_row_to_the_table(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    vs.swipe(25, direction=Direction.RIGHT)
    vs.settle()
    window = open_window()
    lines = shown_lines(window)
    assert window.trend.model.rowCount() == 1
    assert lines and all(line.count() == 1 for line in lines)

    with qtbot.waitSignal(window.trend.refreshed, raising=True) as refreshed:
        for _ in range(25):
            qtbot.keyClick(window.deck, Qt.Key.Key_Up)
        vs.settle()
    assert refreshed.args[0].kind == "refresh"
    assert window.trend.model.rowCount() == 2
    assert window.trend.model.row_at(0).window_key == "swipes:000050"  # newest first
    lines = shown_lines(window)
    # The deck learns, so the window's swipes may bring tags the first snapshot lacks: their
    # lines start at the new point; every other line gains one.
    in_first = {aggregate.tag for aggregate in window.trend.model.row_at(1).payload.tags}
    assert any(line.name() in in_first for line in lines)
    for line in lines:
        assert line.count() == (2 if line.name() in in_first else 1), line.name()
    assert window.trend.chart.shown_markers()["SWIPE_THRESHOLD"] == sum(
        line.count() for line in lines
    )


def test_the_snapshot_table_model_passes_the_qt_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, vs: VirtualSession, open_window: WindowFactory
) -> None:
    vs.swipe(60, every=0.2)
    vs.session.job.request_snapshot()
    vs.settle()
    window = open_window()
    assert window.trend.model.rowCount() == 3
    qtmodeltester.check(window.trend.model)


def test_restarting_on_the_same_database_shows_the_same_profile_and_trend(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    first = open_window()
    for index in range(60):
        qtbot.keyClick(first.deck, (Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Up)[index % 3])
        vs.advance(0.2)
    vs.settle()
    wait_for_trend(qtbot, first)
    top_before = first.status.top_tags.text()
    rows_before = table_rows(first)
    assert len(rows_before) == 2
    first.close()

    vs.restart()
    second = open_window()
    assert second.status.value("swipes") == 60
    assert second.status.value("unsaved") == 0
    assert second.status.top_tags.text() == top_before
    assert table_rows(second) == rows_before
    assert [line.count() for line in shown_lines(second)] == [2] * len(shown_lines(first))
    assert second.deck.current_card is not None
    # The deck learns: it goes on from the profile the history left, not from a fixed order.
    assert second.deck.learns and second.deck.pick is not None
    assert second.deck.why_label.text() == second.deck.pick.why.text


def test_jump_to_before_midnight_brings_a_day_rollover_ten_seconds_later(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window(demo_clock=True)
    assert window.demo is not None and window.demo.jump_button is not None
    for _ in range(3):
        qtbot.keyClick(window.deck, Qt.Key.Key_Right)
    vs.advance(5)
    window.demo.set_expanded(True)
    qtbot.mouseClick(window.demo.jump_button, Qt.MouseButton.LeftButton)
    local = vs.clock.now().astimezone(vs.clock.zone())
    assert (local.hour, local.minute, local.second) == (23, 59, 50)
    vs.advance(9)
    assert vs.rows() == []
    with qtbot.waitSignal(window.trend.refreshed, raising=True):
        vs.advance(2)
    assert vs.keys() == ["day:2026-01-20"]
    assert "Day rollover" in window.status.last_snapshot.text()
