"""A logout (SIGTERM), a closed terminal (SIGHUP) or Ctrl+C (SIGINT) closes the window as
Ctrl+Q does: every swipe saved, the lock let go, the file marked closed, status 0, one line.

The real app in its own process on a virtual X server: keys typed into its window, then the
signal sent to its process, as the system or the terminal sends it.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from middleware.persistence import lock_path_for
from tests.e2e.swipe_lines import (
    START_TIMEOUT,
    STEP_TIMEOUT,
    reporting_app,
    session_left_open,
    shown,
    stored_sequences,
    type_keys,
    unexpected_lines,
)
from tests.e2e.xserver import VirtualDisplay

KEYS = ["Right"] * 8 + ["Left"] * 4
SHUTDOWN_SECONDS = 5.0
"""The session's shutdown deadline (the policy's default), the most a close may take."""


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_saves_every_swipe_lets_go_of_the_lock_and_exits_0_in_one_line(
    display: VirtualDisplay, tmp_path: Path, number: signal.Signals
) -> None:
    db_path = tmp_path / "profile.sqlite3"
    app = reporting_app(display, db_path, tmp_path / "app")
    try:
        window = app.wait_for_window(timeout=START_TIMEOUT)
        type_keys(display, window, KEYS, delay_ms=20)
        assert app.stderr.wait_until(
            lambda lines: len(shown(lines)) == len(KEYS), timeout=STEP_TIMEOUT
        ), app.describe()
        app.process.send_signal(number)
        status = app.wait_for_exit(timeout=SHUTDOWN_SECONDS + STEP_TIMEOUT)
    finally:
        app.close()

    assert status == 0, app.describe()
    said = [line for line in app.stderr.lines if line.startswith("closing on ")]
    assert said == [f"closing on {number.name} as Ctrl+Q does: saving every swipe first"], (
        app.describe()
    )
    assert unexpected_lines(app.stderr.lines) == [], app.describe()
    assert not any("Traceback" in line for line in app.stderr.lines), app.describe()
    assert stored_sequences(db_path) == set(range(1, len(KEYS) + 1))
    assert not lock_path_for(db_path).exists(), "the writer lock was let go"
    assert not session_left_open(db_path), "the file is marked closed, as after Ctrl+Q"
