"""What the trend panel tells a person: lines from the first minute, the x axis by swipes,
why a score is what it is, what changed, and rows dated after now."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.desktop import build_window
from middleware.persistence.trend_movers import Mover
from middleware.persistence.trend_queries import TrendRange
from store.actions import Direction
from tests.harness import VirtualSession
from tests.ui.conftest import HistoryWindow, WindowFactory, shown_lines, wait_for_trend
from tests.ui.test_trend_view import on_screen, read_range_by_clicking
from ui.checkpoint_words import checkpoint_text
from ui.main_window import MainWindow
from ui.trend_frame import XAxis
from ui.trend_texts import describe_movers


def choose_axis(qtbot: QtBot, window: MainWindow, label: str) -> None:
    with qtbot.waitSignal(window.trend.refreshed):
        qtbot.mouseClick(window.trend.x_axis.buttons[label], Qt.MouseButton.LeftButton)
    wait_for_trend(qtbot, window)


def test_a_first_session_of_30_swipes_draws_each_line_from_its_snapshot_to_now(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    vs.swipe(20, every=1.0, direction=Direction.RIGHT)  # a person's pace: a swipe a second
    vs.swipe(10, every=1.0, direction=Direction.LEFT)
    vs.settle()
    assert vs.keys() == ["swipes:000025"]  # one snapshot, five swipes before now
    window = open_window()
    chart = window.trend.chart
    tails = [tail for tail in chart.tails if tail.isVisible()]
    assert len(tails) == len(shown_lines(window)) == 5
    last_swipe = vs.store.get_state().profile.last_swipe_at
    for tail in tails:
        start, end = tail.points()
        assert end.x() == last_swipe.timestamp()  # the profile now, after swipe 30
        assert chart.x_axis.min() < start.x() < end.x() < chart.x_axis.max()
    assert "now (swipes since the last snapshot)" in chart.legend.text()
    # The snapshot at 25 and the swipes after it: a few minutes wide, not an hour.
    assert chart.x_axis.max() - chart.x_axis.min() < 300


def test_by_swipes_places_each_snapshot_at_its_swipe_count(
    qtbot: QtBot, history_window: HistoryWindow
) -> None:
    window, _ = history_window("month", TrendRange.TODAY)
    read_range_by_clicking(qtbot, window, "30 days")
    choose_axis(qtbot, window, "By swipes")
    frame = window.trend.frame
    assert frame is not None and frame.x_axis is XAxis.SWIPES
    for line, series in zip(shown_lines(window), frame.view.series, strict=False):
        assert [p.x() for p in line.points()] == [p.profile_version for p in series.points]
    assert window.trend.chart.x_axis.titleText().startswith("swipes")
    assert any("," in label for label in window.trend.chart.x_labels())  # 1,200, not 1200
    choose_axis(qtbot, window, "By time")
    assert window.trend.frame is not None and window.trend.frame.x_axis is XAxis.TIME


def test_pointing_at_a_line_says_the_likes_nopes_and_superlikes_behind_its_score(
    qtbot: QtBot, history_window: HistoryWindow
) -> None:
    window, vs = history_window("month", TrendRange.WEEK)
    frame = window.trend.frame
    assert frame is not None
    point = frame.view.series[0].points[-2]
    spot = on_screen(window, 0, len(frame.lines[0]) - 2)
    qtbot.mouseClick(window.trend.chart.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    (row,) = [row for row in vs.rows() if row.id == point.snapshot_id]
    (tag,) = [tag for tag in row.payload.tags if tag.tag == frame.view.series[0].tag]
    text = window.trend.readout.text()
    assert f"{tag.likes} like" in text and f"{tag.nopes} nope" in text
    assert f"{tag.superlikes} superlike" in text
    assert "score = (likes + 2 × superlikes − nopes) ÷ (likes + 2 × superlikes + nopes + 2)" in text


def test_the_window_names_the_tags_that_rose_and_fell_most_over_the_range(
    qtbot: QtBot, history_window: HistoryWindow
) -> None:
    window, _ = history_window("month", TrendRange.WEEK)
    read_range_by_clicking(qtbot, window, "30 days")
    frame = window.trend.frame
    assert frame is not None and frame.view.movers
    shown = window.trend.movers.text()
    assert shown.startswith("Since the first point drawn (after ")
    assert frame.view.movers[0].tag in shown


def test_rows_dated_after_now_are_named_in_one_line_and_do_not_bury_todays_rows(
    qtbot: QtBot, tmp_path: Path
) -> None:
    ahead = VirtualSession(tmp_path / "ahead.sqlite3")  # a clock a day ahead wrote these
    ahead.swipe(50)
    ahead.settle()
    ahead.close()
    session = VirtualSession(ahead.db_path, start=ahead.now - timedelta(days=1))
    try:
        session.swipe(26)
        session.settle()
        window = build_window(session.session, session.faults, animation_ms=0)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        wait_for_trend(qtbot, window)
        note = window.trend.future_note
        assert note.isVisible()
        assert note.text().startswith("2 rows are dated more than an hour after now")
        model = window.trend.model
        listed = [model.row_at(index) for index in range(model.rowCount())]
        assert [checkpoint_text(row) for row in listed] == ["mark 75 (at 76)"]
    finally:
        session.close()


def test_by_swipes_a_first_session_runs_from_its_snapshot_to_the_swipe_count_now(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    vs.swipe(30, every=1.0)
    vs.settle()
    window = open_window()
    choose_axis(qtbot, window, "By swipes")
    chart = window.trend.chart
    tails = [tail for tail in chart.tails if tail.isVisible()]
    assert tails and all([p.x() for p in tail.points()] == [25, 30] for tail in tails)
    assert chart.x_axis.min() < 25 and 30 < chart.x_axis.max() < 40  # the axis holds both


def test_the_window_names_the_swipe_interval_its_job_runs_with(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from middleware.policy import SnapshotPolicy
    from ui.shown_policy import show_policy

    session = VirtualSession(tmp_path / "ten.sqlite3", policy=SnapshotPolicy(swipe_interval=10))
    try:
        session.swipe(10, every=1.0)
        session.settle()
        window = build_window(session.session, session.faults, animation_ms=0)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        wait_for_trend(qtbot, window)
        model = window.trend.model
        tip = model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
        # A row is named by its mark, the rule by the interval in force.
        assert tip.startswith("Swipe count (swipes:000010)")
        assert "Swipe count" in window.status.last_snapshot.text()
        assert "Every 10 swipes" in window.trend.chart.legend.text()
    finally:
        session.close()
        show_policy(SnapshotPolicy())


def test_a_change_too_small_to_show_is_not_called_a_rise() -> None:
    tiny = (Mover("thai", 0.4012, 0.4024, 0.0012), Mover("brunch", 0.47, 0.4688, -0.0012))
    assert describe_movers(tiny, snapshots=2) == (
        "No tag's score changed since the range's first snapshot."
    )
    text = describe_movers((*tiny, Mover("ramen", 0.1, 0.4, 0.3)), snapshots=2)
    assert text == "Since the range's first snapshot: ramen +0.30 rose."


def test_what_changed_is_said_when_the_range_has_two_rows_though_it_draws_one_point() -> None:
    # A week's first day: seven checkpoints today, one point a line at daily resolution.
    text = describe_movers((Mover("ramen", 0.1, 0.4, 0.3),), snapshots=1)
    assert text == "Since the range's first snapshot: ramen +0.30 rose."
    assert describe_movers((), snapshots=1).startswith("What changed shows once")
