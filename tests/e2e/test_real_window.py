"""The real app in a real window: keys typed into it under X end up as rows on disk.

Everything is the real thing: ``python -m app`` in its own process on Qt's xcb platform,
an X server (Xvfb), key presses through the X server's input (xdotool), a screenshot of
the screen, and the SQLite file read back after the app has quit.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from benchmarks.x_display import SCREEN
from middleware.persistence.repository import SnapshotRepository
from store.actions import Direction, TriggerType
from tests.e2e.app_process import AppProcess, decisions, unexpected_stderr_lines
from tests.e2e.xserver import VirtualDisplay

KEYS = ["Right"] * 30 + ["Left"] * 10 + ["Up"] * 5
SWIPES = [Direction.RIGHT] * 30 + [Direction.LEFT] * 10 + [Direction.UP] * 5
START_TIMEOUT = 60.0
"""Seconds for a cold start on a busy machine: the interpreter, PySide6, the database."""
STEP_TIMEOUT = 30.0


def test_keys_typed_into_the_real_window_are_saved_as_swipes_and_snapshots_and_ctrl_q_quits(
    display: VirtualDisplay, tmp_path: Path
) -> None:
    db_path = tmp_path / "profile.sqlite3"
    app = AppProcess(display, db_path, tmp_path)
    try:
        window = app.wait_for_window(timeout=START_TIMEOUT)
        # No window manager runs on Xvfb, so `windowactivate` (which asks one) cannot work;
        # `windowfocus` sets the X input focus directly, and key presses go to that window.
        display.xdotool("windowfocus", "--sync", window)
        display.xdotool("key", "--clearmodifiers", "--delay", "15", *KEYS, "ctrl+s")
        assert app.stderr.wait_until(
            lambda lines: len(decisions(lines, "snapshot_created")) >= 2, timeout=STEP_TIMEOUT
        ), f"the threshold and manual snapshots were not both recorded; {app.describe()}"
        screenshot = display.screenshot(tmp_path / "real-window.png")
        display.xdotool("key", "--clearmodifiers", "ctrl+q")
        status = app.wait_for_exit(timeout=STEP_TIMEOUT)
    finally:
        app.close()

    assert status == 0, app.describe()
    assert unexpected_stderr_lines(app.stderr.lines) == [], app.describe()
    log = app.stderr.lines
    assert log[0] == (
        "loaded a profile of 0 swipes: 0 from the latest snapshot, 0 replayed from the swipe log"
    ), app.describe()
    created = sorted(
        rest.split()[:3]
        for rest in decisions(log, "snapshot_created")
        if not rest.startswith("DAY_ROLLOVER")  # a run across midnight adds the ended day's
    )
    assert [line[:2] for line in created] == [
        ["MANUAL", "manual:000045"],
        ["SWIPE_THRESHOLD", "swipes:000025"],
    ], app.describe()
    assert created[0][2] == "swipes=45", "the terminal says how many swipes the row covers"
    assert decisions(log, "snapshot_skipped") == [], "skipped checks print only with --log all"

    with SnapshotRepository.open(db_path, read_only=True) as repository:
        swipes = list(repository.swipes_after(0))
        rows = repository.list_snapshots()
    assert [swipe.direction for swipe in swipes] == SWIPES
    windows = sorted(
        (row.trigger_type.value, row.window_key, row.profile_version)
        for row in rows
        if row.trigger_type is not TriggerType.DAY_ROLLOVER
    )
    assert [window[:2] for window in windows] == [
        ("MANUAL", "manual:000045"),
        ("SWIPE_THRESHOLD", "swipes:000025"),
    ]
    assert windows[0][2] == 45, "the manual snapshot covers every swipe typed before Ctrl+S"
    # A run that crosses local midnight rightly adds the ended day's rollover row; no other.
    last_day = max(swipe.local_date for swipe in swipes)
    rollovers = [row for row in rows if row.trigger_type is TriggerType.DAY_ROLLOVER]
    assert all(row.snapshot_date_local < last_day for row in rollovers), rollovers

    assert not (tmp_path / "home" / ".local" / "share" / "TasteTrail").exists(), (
        "with --db the app must not create its default data directory"
    )
    image = QImage(str(screenshot))
    assert (image.width(), image.height()) == SCREEN
    # The window sits at the top left of the screen (no window manager places it); the
    # rest of the screen is Xvfb's black root window.
    assert image.pixelColor(SCREEN[0] - 1, SCREEN[1] - 1).name() == "#000000"
    assert image.pixelColor(5, 5).name() != "#000000", "the window was not drawn on the screen"
