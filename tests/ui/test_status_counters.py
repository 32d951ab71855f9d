"""The status tiles agree with the table: totals where the table shows history, and the
counters that only cover this session say so."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from store.actions import SnapshotScheduled, TriggerType, WriteFailed, WriteRetried
from store.catalog import load_catalog
from store.effects import snapshot_effect
from store.reducer import create_reducer
from store.snapshot_rows import NewSnapshot
from tests.conftest import START
from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory, wait_for_trend
from ui.status_panel import StatusPanel


def caption_of(panel: StatusPanel, key: str) -> str:
    return panel.tiles[key].accessibleName()


def test_after_a_restart_the_snapshot_tile_counts_the_rows_the_table_shows(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    vs.swipe(60, every=0.2)
    vs.session.job.request_snapshot()
    vs.settle()
    vs.restart()
    window = open_window()
    assert window.trend.model.rowCount() == 3  # swipes:25, swipes:50, manual:60
    assert window.status.value("snapshots") == 3
    assert window.status.value("swipes") == 60
    assert "3 when this window opened, 0 saved since" in window.status.tiles["snapshots"].toolTip()

    for _ in range(15):
        qtbot.keyClick(window.deck, Qt.Key.Key_Right)
        vs.advance(0.1)
    vs.settle()
    wait_for_trend(qtbot, window)
    assert window.trend.model.rowCount() == 4
    assert window.status.value("snapshots") == 4
    assert "3 when this window opened, 1 saved since" in window.status.tiles["snapshots"].toolTip()


def test_the_counters_that_cover_only_this_session_say_so(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window()
    assert caption_of(window.status, "failed") == "Failed writes this session"
    for whole_history in ("swipes", "snapshots"):
        assert "session" not in caption_of(window.status, whole_history)


def test_counters_a_person_cannot_act_on_are_details_not_tiles(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window()
    shown = [key for key, tile in window.status.tiles.items() if tile.isVisible()]
    assert shown == ["swipes", "unsaved", "snapshots"]  # no failure, nothing to count
    assert "skipped" not in window.status.tiles
    tip = window.status.tiles["snapshots"].toolTip()
    assert "Checks this session at which no snapshot was due: 1" in tip  # the start's check
    for _ in range(3):
        qtbot.keyClick(window.deck, Qt.Key.Key_Right)
    vs.faults.fail_writes(True)
    vs.session.job.request_snapshot()
    vs.advance(1)
    assert window.status.tiles["failed"].isVisible()  # a failure is shown, counted
    assert window.status.value("failed") >= 1


def a_row_on_its_way(window_key: str) -> SnapshotScheduled:
    snapshot = NewSnapshot(
        trigger_type=TriggerType.SWIPE_THRESHOLD,
        window_key=window_key,
        profile_version=25,
        snapshot_date_local=START.date(),
        created_at=START,
        payload_json="{}",
        meta_json="{}",
    )
    return SnapshotScheduled(snapshot=snapshot, reason="test", at=START)


def test_a_row_on_its_way_to_the_disk_is_not_called_a_pending_retry(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window()
    reducer = create_reducer(load_catalog().item_tags)
    state = reducer(vs.session.store.get_state(), a_row_on_its_way("swipes:000025"))
    window.status.update_state(state)
    assert window.status.value("pending") == 0
    assert window.status.tiles["pending"].isHidden()

    effect = snapshot_effect("swipes:000025")
    state = reducer(state, WriteFailed(effect_id=effect, error="disk full", attempt=1, at=START))
    window.status.update_state(state)
    assert window.status.value("pending") == 1
    assert not window.status.tiles["pending"].isHidden()

    state = reducer(state, WriteRetried(effect_id=effect, attempt=2, at=START))
    window.status.update_state(state)
    assert window.status.value("pending") == 1  # the retry is on its way: still waiting
