"""The rows table over a year of history: a few pages newest first, more as you scroll."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from middleware.persistence.trend_queries import TrendRange
from tests.ui.conftest import HistoryWindow
from ui.main_window import MainWindow
from ui.snapshot_table_model import MAX_HELD
from ui.trend_requests import TABLE_PAGE


def held_ids(window: MainWindow) -> list[str]:
    model = window.trend.model
    return [model.row_at(row).id for row in range(model.rowCount())]


def scroll_to_bottom(qtbot: QtBot, window: MainWindow, rows: int) -> None:
    table = window.trend.table
    table.scrollToBottom()
    qtbot.waitUntil(lambda: window.trend.model.rowCount() >= rows, timeout=5000)
    qtbot.waitUntil(lambda: not window.trend.model.fetching, timeout=5000)


def test_the_table_holds_one_page_of_the_newest_rows_and_fetches_more_as_it_scrolls(
    qtbot: QtBot, qtmodeltester: ModelTester, history_window: HistoryWindow
) -> None:
    window, vs = history_window("year", TrendRange.TODAY)
    model = window.trend.model
    every_row = sorted(vs.rows(), key=lambda row: (row.created_at, row.id), reverse=True)
    assert len(every_row) > 10 * TABLE_PAGE
    assert model.rowCount() == TABLE_PAGE
    assert held_ids(window) == [row.id for row in every_row[:TABLE_PAGE]]
    assert model.canFetchMore()

    qtmodeltester.check(model)  # stays attached: every insert below is checked too
    scroll_to_bottom(qtbot, window, 2 * TABLE_PAGE)
    assert held_ids(window) == [row.id for row in every_row[: 2 * TABLE_PAGE]]
    assert model.pages_loaded == 2


def test_a_new_snapshot_goes_on_top_and_a_table_at_its_top_lets_old_pages_go(
    qtbot: QtBot, qtmodeltester: ModelTester, history_window: HistoryWindow
) -> None:
    window, vs = history_window("year", TrendRange.TODAY)
    model = window.trend.model
    qtmodeltester.check(model)
    qtbot.waitUntil(lambda: not model.fetching)  # the tester may have asked for a page
    while model.rowCount() < MAX_HELD:
        scroll_to_bottom(qtbot, window, model.rowCount() + TABLE_PAGE)
    assert model.rowCount() >= MAX_HELD
    window.trend.table.scrollToTop()
    with qtbot.waitSignal(window.trend.refreshed):
        vs.swipe(25, every=0.5)
        vs.settle()
    newest = max(vs.rows(), key=lambda row: (row.created_at, row.id))
    assert model.row_at(0).id == newest.id
    assert model.rowCount() == MAX_HELD  # the oldest held row was let go
    assert model.canFetchMore()  # and comes back if scrolled to
    ids = held_ids(window)
    assert len(ids) == len(set(ids))


def test_while_reading_deep_rows_a_new_snapshot_keeps_every_held_row(
    qtbot: QtBot, history_window: HistoryWindow
) -> None:
    window, vs = history_window("year", TrendRange.TODAY)
    scroll_to_bottom(qtbot, window, 2 * TABLE_PAGE)
    scroll_to_bottom(qtbot, window, 3 * TABLE_PAGE)
    assert window.trend.table.verticalScrollBar().value() > 0
    with qtbot.waitSignal(window.trend.refreshed):
        vs.swipe(25, every=0.5)
        vs.settle()
    assert window.trend.model.rowCount() == MAX_HELD + 1
