"""Typed into the real window under X: the demo keys do nothing outside a demo window, the
deck that learns never runs out, and Ctrl+Z takes the last swipe back.

Qt's offscreen platform has no Alt mnemonics, so Alt+B (a burst of 50 made-up swipes) and
Alt+F (failing writes) are checked here, through the X server's input.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from middleware.persistence.holdings import connect_read_only
from tests.e2e.app_process import AppProcess
from tests.e2e.xserver import VirtualDisplay

START_TIMEOUT = 60.0
STEP_TIMEOUT = 60.0
CARDS = 180


def stored(db_path: Path) -> list[str]:
    connection = connect_read_only(db_path)  # with what a -wal left at close holds
    try:
        rows = connection.execute("SELECT direction FROM swipes ORDER BY sequence")
        return [str(direction) for (direction,) in rows]
    finally:
        connection.close()


DEMO_KEYS = ["ctrl+d", "alt+b", "alt+f"]
"""Open the demo controls, a burst of 50 made-up swipes, failing writes on (in a demo window)."""
PERSON_MS = "100"
"""Between the demo keys: a person's pace (Alt+B typed 12 ms after Ctrl+D can come before
the controls it presses are shown)."""
QUICK_MS = "12"


def type_and_quit(
    app: AppProcess, display: VirtualDisplay, keys: Sequence[str], then: Sequence[str] = ()
) -> int:
    """Wait until the window's shortcuts answer (a swipe, then Ctrl+S records a MANUAL
    snapshot), type ``keys`` at a person's pace and ``then`` quickly, then Ctrl+Q; the
    exit status."""
    window = app.wait_for_window(timeout=START_TIMEOUT)
    display.xdotool("windowfocus", "--sync", window)
    display.xdotool("key", "--clearmodifiers", "Right", "ctrl+s")
    assert app.stderr.wait_until(
        lambda lines: any("snapshot_created" in line and "MANUAL" in line for line in lines),
        timeout=STEP_TIMEOUT,
    ), f"Ctrl+S recorded no snapshot; {app.describe()}"
    display.xdotool("key", "--clearmodifiers", "--delay", PERSON_MS, *keys)
    if then:
        display.xdotool("key", "--clearmodifiers", "--delay", QUICK_MS, *then, timeout=120.0)
    display.xdotool("key", "--clearmodifiers", "ctrl+q")
    return app.wait_for_exit(timeout=STEP_TIMEOUT)


def test_the_everyday_window_ignores_the_demo_keys_its_deck_never_ends_and_ctrl_z_undoes(
    display: VirtualDisplay, tmp_path: Path
) -> None:
    db_path = tmp_path / "profile.sqlite3"
    app = AppProcess(display, db_path, tmp_path)
    swipes = ["Left", "Up", "Right"] * 3
    keys = ["space", *["Right"] * (CARDS - 1), *swipes, "space", "Up", "ctrl+z"]
    try:
        status = type_and_quit(app, display, DEMO_KEYS, keys)
    finally:
        app.close()
    assert status == 0, app.describe()
    # No made-up swipes and no failing writes. The deck that learns never runs out: past
    # the 180th card every arrow still swiped (Space did nothing), and Ctrl+Z added an undo
    # naming the last swipe, the log only growing.
    directions = ["RIGHT"] * CARDS + ["LEFT", "UP", "RIGHT"] * 3 + ["UP"]
    assert stored(db_path) == [*directions, "UP"], app.describe()
    connection = connect_read_only(db_path)
    try:
        last = connection.execute(
            "SELECT sequence, undoes FROM swipes ORDER BY sequence DESC LIMIT 1"
        ).fetchone()
    finally:
        connection.close()
    assert tuple(last) == (len(directions) + 1, len(directions)), app.describe()


def test_the_demo_window_has_the_burst_on_alt_b(display: VirtualDisplay, tmp_path: Path) -> None:
    db_path = tmp_path / "demo.sqlite3"
    app = AppProcess(display, db_path, tmp_path, options=["--demo"])
    try:
        status = type_and_quit(app, display, DEMO_KEYS[:2])
    finally:
        app.close()
    assert status == 0, app.describe()
    assert len(stored(db_path)) == 1 + 50, app.describe()  # the first Right, the burst
