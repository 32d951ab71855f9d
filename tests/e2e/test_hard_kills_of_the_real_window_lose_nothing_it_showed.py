"""SIGKILL the real window while keys are typed into it, again and again on one file.

Each round starts ``python -m app`` on the same file under a virtual X server, types arrow
keys into its window at 20 or 100 a second (xdotool paces them), and kills the process with
SIGKILL once it has shown a seeded random number of swipes: a random moment with respect
to the writer's commits. After every kill:

- the file passes ``PRAGMA integrity_check``, and the rows agree with the stored swipes;
- every swipe the window showed at least 100 ms before the kill is in the file;
- no window key has two rows;
- the next start says, in one line, that the last session did not close and how many of
  its swipes were kept (the number the file holds).

At the end a clean start and Ctrl+Q add only the rows the policy demands for the stored
swipes (the ended days' rollovers, the threshold window a kill cut short), and mark the
file closed. Ten kills in the normal suite; many more with ``--run-slow`` (a new file after
every five, so that the deck never runs out of cards).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from store import Catalog
from tests.e2e.app_process import AppProcess
from tests.e2e.swipe_lines import (
    START_TIMEOUT,
    STEP_TIMEOUT,
    UNCLEAN_END,
    reporting_app,
    session_left_open,
    shown,
    start_typing,
    stored_sequences,
    unexpected_lines,
)
from tests.e2e.xserver import VirtualDisplay
from tests.reliability.invariants import assert_consistent, integrity

PACES_MS = (50, 10)
"""xdotool's delay between keys: 20 and 100 keys a second."""
KEYS = ["Right", "Left", "Up"] * 30
SHOWN_BEFORE_100_MS = 0.1
THRESHOLD = 25
"""The policy's swipe interval: a SWIPE_THRESHOLD row for every 25 swipes."""
ROUNDS_PER_FILE = 5
"""Rounds on one file: at most about 25 swipes each, well inside the deck's 180 cards."""


@dataclass
class Tally:
    kills: int = 0
    shown: int = 0
    stored: int = 0
    must_be_stored: int = 0


def rows(db_path: Path) -> set[tuple[str, str]]:
    connection = sqlite3.connect(db_path)
    try:
        found = connection.execute("SELECT trigger_type, window_key FROM profile_snapshots")
        return {(str(trigger), str(key)) for trigger, key in found}
    finally:
        connection.close()


def duplicated_windows(db_path: Path) -> list[tuple[str, str, int]]:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(
            "SELECT trigger_type, window_key, count(*) FROM profile_snapshots "
            "GROUP BY trigger_type, window_key HAVING count(*) > 1"
        ).fetchall()
    finally:
        connection.close()


def check_unclean_end_line(app: AppProcess, kept: int) -> None:
    """The start says the last session did not close, once, with the swipes it kept."""
    said = [match for line in app.stderr.lines if (match := UNCLEAN_END.fullmatch(line))]
    assert len(said) == 1, app.describe()
    assert int(said[0]["kept"] or 0) == kept, app.describe()


def kill_while_typing(
    display: VirtualDisplay, db_path: Path, root: Path, *, delay_ms: int, kill_after: int
) -> tuple[AppProcess, float]:
    """One round: start, type, SIGKILL after ``kill_after`` shown swipes; the app and when."""
    app = reporting_app(display, db_path, root)
    typing = None
    try:
        window = app.wait_for_window(timeout=START_TIMEOUT)
        typing = start_typing(display, window, KEYS, delay_ms=delay_ms)
        assert app.stderr.wait_until(
            lambda lines: len(shown(lines)) >= kill_after, timeout=STEP_TIMEOUT
        ), app.describe()
        killed_at = time.monotonic()
        os.kill(app.process.pid, signal.SIGKILL)
        assert app.wait_for_exit(timeout=STEP_TIMEOUT) == -signal.SIGKILL
    finally:
        if typing is not None and typing.poll() is None:
            typing.kill()
            typing.wait()
            # Killed between a key's press and its release, xdotool leaves it held down, and
            # the X server repeats it into whichever window has the focus next.
            display.xdotool("keyup", *sorted(set(KEYS)))
        app.close()
    return app, killed_at


def crash_rounds(
    display: VirtualDisplay, tmp_path: Path, catalog: Catalog, *, kills: int, seed: int
) -> Tally:
    """``kills`` rounds, on a new file after every `ROUNDS_PER_FILE` (each then checked by
    a last clean start), so that no file's deck runs out of cards."""
    rng = random.Random(seed)
    tally = Tally()
    for first in range(0, kills, ROUNDS_PER_FILE):
        rounds = min(ROUNDS_PER_FILE, kills - first)
        folder = tmp_path / f"file-{first // ROUNDS_PER_FILE}"
        folder.mkdir()
        crash_one_file(display, folder, catalog, rounds=rounds, rng=rng, tally=tally)
    return tally


def crash_one_file(
    display: VirtualDisplay,
    tmp_path: Path,
    catalog: Catalog,
    *,
    rounds: int,
    rng: random.Random,
    tally: Tally,
) -> None:
    db_path = tmp_path / "profile.sqlite3"
    before: set[int] = set()
    previous_count = 0
    for round_number in range(rounds):
        app, killed_at = kill_while_typing(
            display,
            db_path,
            tmp_path / f"round-{round_number}",
            delay_ms=rng.choice(PACES_MS),
            kill_after=rng.randint(1, 20),
        )
        if round_number:
            check_unclean_end_line(app, kept=len(before) - previous_count)
        assert not [line for line in unexpected_lines(app.stderr.lines) if "WARNING" not in line]
        window_showed = shown(app.stderr.lines)
        must = {n for n, at in window_showed.items() if at <= killed_at - SHOWN_BEFORE_100_MS}
        assert integrity(db_path) == "ok"
        in_file = stored_sequences(db_path)
        assert must <= in_file, f"shown long before the kill, not stored: {must - in_file}"
        assert duplicated_windows(db_path) == []
        assert_consistent(db_path, catalog, timezone="UTC")
        assert session_left_open(db_path)
        tally.kills += 1
        tally.shown += len(window_showed)
        tally.must_be_stored += len(must)
        tally.stored += len(in_file - before)
        previous_count = len(before)
        before = in_file

    # A clean start after the last kill says so, adds only the rows due, and Ctrl+Q closes.
    rows_before = rows(db_path)
    app = reporting_app(display, db_path, tmp_path / "last")
    try:
        window = app.wait_for_window(timeout=START_TIMEOUT)
        display.xdotool("windowfocus", "--sync", window)
        display.xdotool("key", "--clearmodifiers", "ctrl+q")
        assert app.wait_for_exit(timeout=STEP_TIMEOUT) == 0, app.describe()
    finally:
        app.close()
    check_unclean_end_line(app, kept=len(before) - previous_count)
    assert shown(app.stderr.lines) == {}, "the last start was only opened and closed"
    added = rows(db_path) - rows_before
    count = len(before)
    today = datetime.now(UTC).date().isoformat()
    due_threshold = ("SWIPE_THRESHOLD", f"swipes:{count - count % THRESHOLD:06d}")
    for trigger, key in added:
        if trigger == "DAY_ROLLOVER":
            assert key < f"day:{today}", f"a rollover for a day that has not ended: {key}"
        else:
            assert (trigger, key) == due_threshold, f"a row no rule demands: {trigger} {key}"
    assert duplicated_windows(db_path) == []
    assert not session_left_open(db_path)
    assert_consistent(db_path, catalog, timezone="UTC")


def test_ten_hard_kills_of_the_real_window_lose_no_swipe_it_showed(
    display: VirtualDisplay, tmp_path: Path, catalog: Catalog
) -> None:
    tally = crash_rounds(display, tmp_path, catalog, kills=10, seed=20261207)
    print(f"real-window crash rounds: {tally}")
    assert tally.kills == 10
    assert tally.stored >= tally.must_be_stored > 0


@pytest.mark.slow
def test_a_hundred_hard_kills_of_the_real_window_lose_no_swipe_it_showed(
    display: VirtualDisplay, tmp_path: Path, catalog: Catalog
) -> None:
    tally = crash_rounds(display, tmp_path, catalog, kills=100, seed=7)
    print(f"real-window crash rounds: {tally}")
    assert tally.kills == 100
