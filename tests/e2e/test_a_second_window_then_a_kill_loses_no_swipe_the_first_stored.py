"""Window A swipes, window B starts on the same file and quits, then A is killed: every swipe
A reported stored is in the file.

The bug: A's trend panel opened the file read-only beside A's writer, and reading the header
with a plain open()/close() dropped every lock A's process held on it; B's start-up opened
the file writable and, closing it, believed it was the last connection: it checkpointed and
deleted A's -wal, and A's next commits went into a deleted file. A's log said its swipes
were saved; after the kill the file held only those from before B.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from store import Catalog
from tests.e2e.swipe_lines import (
    START_TIMEOUT,
    STEP_TIMEOUT,
    reporting_app,
    stored,
    stored_sequences,
    type_keys,
)
from tests.e2e.xserver import VirtualDisplay
from tests.reliability.invariants import assert_consistent, integrity

BEFORE_B = 30
"""Past the first threshold (25): A records a snapshot, and its trend panel reads the file."""
AFTER_B = 20


def test_a_second_window_that_starts_and_quits_costs_the_first_none_of_its_stored_swipes(
    display: VirtualDisplay, tmp_path: Path, catalog: Catalog
) -> None:
    db_path = tmp_path / "profile.sqlite3"
    first = reporting_app(display, db_path, tmp_path / "a")
    try:
        window_a = first.wait_for_window(timeout=START_TIMEOUT)
        type_keys(display, window_a, ["Right"] * BEFORE_B, delay_ms=20)
        assert first.stderr.wait_until(
            lambda lines: stored(lines) >= BEFORE_B, timeout=STEP_TIMEOUT
        ), first.describe()

        second = reporting_app(display, db_path, tmp_path / "b")
        try:
            window_b = second.wait_for_window(timeout=START_TIMEOUT)
            assert any(
                f"is in use by TasteTrail process {first.process.pid}" in line
                for line in second.stderr.lines
            ), second.describe()
            display.xdotool("windowfocus", "--sync", window_b)
            display.xdotool("key", "--clearmodifiers", "ctrl+q")
            assert second.wait_for_exit(timeout=STEP_TIMEOUT) == 0, second.describe()
        finally:
            second.close()

        type_keys(display, window_a, ["Left"] * AFTER_B, delay_ms=20)
        assert first.stderr.wait_until(
            lambda lines: stored(lines) >= BEFORE_B + AFTER_B, timeout=STEP_TIMEOUT
        ), first.describe()
        reported = stored(first.stderr.lines)
        os.kill(first.process.pid, signal.SIGKILL)
        assert first.wait_for_exit(timeout=STEP_TIMEOUT) == -signal.SIGKILL
    finally:
        first.close()

    # After the whole scenario: every swipe A reported stored is in the file, and whole.
    assert integrity(db_path) == "ok"
    assert stored_sequences(db_path) >= set(range(1, reported + 1))
    assert_consistent(db_path, catalog, timezone="UTC", acknowledged_sequence=reported)
