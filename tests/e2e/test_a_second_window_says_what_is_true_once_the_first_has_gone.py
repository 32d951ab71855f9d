"""Window A writes the file, window B opens read-only beside it and swipes, A quits, then B
gets a SIGTERM: B never logged a failed write, and its last line does not name A's process,
gone by then, as holding the file.

Both are the real app in their own processes on a virtual X server.
"""

from __future__ import annotations

import signal
from pathlib import Path

from tests.e2e.swipe_lines import (
    START_TIMEOUT,
    STEP_TIMEOUT,
    reporting_app,
    shown,
    stored,
    type_keys,
)
from tests.e2e.xserver import VirtualDisplay

SHUTDOWN_SECONDS = 5.0


def test_a_second_window_never_counts_failed_writes_and_does_not_name_a_closed_first_one(
    display: VirtualDisplay, tmp_path: Path
) -> None:
    db_path = tmp_path / "profile.sqlite3"
    first = reporting_app(display, db_path, tmp_path / "a")
    second = None
    try:
        window_a = first.wait_for_window(timeout=START_TIMEOUT)
        type_keys(display, window_a, ["Right"] * 3, delay_ms=20)
        assert first.stderr.wait_until(lambda lines: stored(lines) >= 3, timeout=STEP_TIMEOUT)
        holder = f"TasteTrail process {first.process.pid}"

        second = reporting_app(display, db_path, tmp_path / "b")
        window_b = second.wait_for_window(timeout=START_TIMEOUT)
        assert any(f"is in use by {holder}" in line for line in second.stderr.lines)
        type_keys(display, window_b, ["Left"] * 2, delay_ms=20)
        assert second.stderr.wait_until(
            lambda lines: len(shown(lines)) == 2, timeout=STEP_TIMEOUT
        ), second.describe()

        display.xdotool("windowfocus", "--sync", window_a)
        display.xdotool("key", "--clearmodifiers", "ctrl+q")
        assert first.wait_for_exit(timeout=STEP_TIMEOUT) == 0, first.describe()

        second.process.send_signal(signal.SIGTERM)
        assert second.wait_for_exit(timeout=SHUTDOWN_SECONDS + STEP_TIMEOUT) == 0
    finally:
        first.close()
        if second is not None:
            second.close()

    lines = second.stderr.lines
    assert not [line for line in lines if "swipe_flush_failed" in line], second.describe()
    (last_word,) = [line for line in lines if "swipes of this session were not saved" in line]
    assert "is in use by" not in last_word, last_word
    assert f"({holder}) has closed since; this window never saves" in last_word, last_word
