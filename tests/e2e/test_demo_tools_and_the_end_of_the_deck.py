"""Typed into the real window under X: the demo keys do nothing outside a demo window, and
at the end of the deck the arrows do nothing while Space reshuffles.

Qt's offscreen platform has no Alt mnemonics, so Alt+B (a burst of 50 made-up swipes) and
Alt+F (failing writes) are checked here, through the X server's input.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.e2e.app_process import AppProcess
from tests.e2e.xserver import VirtualDisplay

START_TIMEOUT = 60.0
STEP_TIMEOUT = 60.0
CARDS = 180
ARROWS = ["Left", "Up", "Right", "Down"] * 3


def stored(db_path: Path) -> list[str]:
    connection = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        rows = connection.execute("SELECT direction FROM swipes ORDER BY sequence")
        return [str(direction) for (direction,) in rows]
    finally:
        connection.close()


def type_and_quit(app: AppProcess, display: VirtualDisplay, keys: list[str]) -> int:
    window = app.wait_for_window(timeout=START_TIMEOUT)
    display.xdotool("windowfocus", "--sync", window)
    display.xdotool("key", "--clearmodifiers", "--delay", "12", *keys, timeout=120.0)
    display.xdotool("key", "--clearmodifiers", "ctrl+q")
    return app.wait_for_exit(timeout=STEP_TIMEOUT)


def test_the_everyday_window_ignores_the_demo_keys_and_the_end_of_the_deck_waits_for_space(
    display: VirtualDisplay, tmp_path: Path
) -> None:
    db_path = tmp_path / "profile.sqlite3"
    app = AppProcess(display, db_path, tmp_path)
    keys = ["ctrl+d", "alt+b", "alt+f", "space", *["Right"] * CARDS, *ARROWS, "space", "Up"]
    try:
        status = type_and_quit(app, display, keys)
    finally:
        app.close()
    assert status == 0, app.describe()
    # No made-up swipes and no failing writes: every card once, the arrows at the end did
    # nothing, Space reshuffled, and the next key swiped the new round's first card.
    assert stored(db_path) == ["RIGHT"] * CARDS + ["UP"], app.describe()


def test_the_demo_window_has_the_burst_on_alt_b(display: VirtualDisplay, tmp_path: Path) -> None:
    db_path = tmp_path / "demo.sqlite3"
    app = AppProcess(display, db_path, tmp_path, options=["--demo"])
    try:
        status = type_and_quit(app, display, ["ctrl+d", "alt+b"])
    finally:
        app.close()
    assert status == 0, app.describe()
    assert len(stored(db_path)) == 50, app.describe()
