"""Hard kills: SIGKILL a child process in the middle of a swipe session, reopen, repeat.

SQLite's own habit: kill the writer at random points, reopen the same file, check it, and do
it again in a loop, so the damage of one kill is inherited by the next session. The child
(`crash_child.py`) runs the real session (open_session, store, RxPY pipeline, inline writer
on virtual time) and prints each acknowledgement as the store receives it; the parent reads
those lines and kills the child after a seeded random number of them. After every kill:

- the file passes ``PRAGMA integrity_check``, and no window has two rows;
- every swipe and every snapshot row the child saw acknowledged is in the file;
- swipes are committed at once: by the time the child takes a swipe, every swipe before it
  (at least one scheduler turn earlier) has been acknowledged, whatever the batches do;
- the rehydrated state equals a replay of the stored swipes, and each row agrees with it;
- once a session has started, every ended day with swipes has exactly one rollover row
  (the start-up catch-up wrote the ones the kills cost), and a further start adds none.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.simulation.invariants import ended_day_violations, rollover_count_violations
from store import Catalog
from store.local_day import local_date
from tests.harness import VirtualSession
from tests.reliability.invariants import Contents, assert_consistent

CHILD = Path(__file__).with_name("crash_child.py")
ZONE = "Europe/Berlin"
FIRST_START = datetime(2026, 3, 26, 15, 0, tzinfo=UTC)
"""Three days before Berlin moves its clocks forward: the loop crosses a DST change."""
SWIPES_PER_CHILD = 40
MAX_LINES_BEFORE_KILL = 120
"""A child prints about 90 lines for 40 swipes (each swiped, each persisted, the rows):
some runs are killed, some finish."""


@dataclass
class ChildRun:
    """What one child said before it died (or finished), and how it ended."""

    lines: list[str] = field(default_factory=list)
    returncode: int | None = None

    @property
    def opened(self) -> bool:
        return any(line.startswith("opened ") for line in self.lines)

    @property
    def killed(self) -> bool:
        return self.returncode == -signal.SIGKILL

    @property
    def persisted(self) -> int:
        values = [int(line.split()[1]) for line in self.lines if line.startswith("persisted ")]
        return max(values, default=0)

    def swiped_before_acknowledged(self) -> list[int]:
        """Swipes the child took while an earlier one was not acknowledged yet: the writer
        commits each swipe at the scheduler's next turn, and the child lets at least one
        turn pass between two swipes, so this is empty."""
        late: list[int] = []
        persisted = 0
        for line in self.lines:
            word, _, value = line.partition(" ")
            if word == "opened":
                persisted = int(value)
            elif word == "persisted":
                persisted = max(persisted, int(value))
            elif word == "swiped" and persisted < int(value) - 1:
                late.append(int(value))
        return late

    @property
    def rows(self) -> frozenset[str]:
        return frozenset(line.split()[1] for line in self.lines if line.startswith("snapshot "))


def run_child(db_path: Path, start: datetime, *, seed: int, kill_after: int) -> ChildRun:
    """Run the child; SIGKILL it as soon as it has printed ``kill_after`` lines."""
    log = db_path.with_name("child-stderr.txt")
    with log.open("ab") as stderr:
        command = [sys.executable, str(CHILD), str(db_path), start.isoformat(), ZONE]
        process = subprocess.Popen(
            [*command, str(seed), str(SWIPES_PER_CHILD)],
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
    assert process.stdout is not None
    output: list[bytes] = []
    try:
        while len(output) < kill_after:
            line = process.stdout.readline()
            if not line:
                break
            output.append(line)
        else:
            os.kill(process.pid, signal.SIGKILL)
        # Whatever the child printed before it died was acknowledged too: read it all.
        output.append(process.stdout.read())
    finally:
        process.stdout.close()
        returncode = process.wait()
    assert returncode in (0, -signal.SIGKILL), log.read_text()
    # The last piece is empty, or a line the kill cut short: not an acknowledgement.
    lines = b"".join(output).decode().split("\n")[:-1]
    return ChildRun(lines=lines, returncode=returncode)


def next_start(contents: Contents, previous: datetime, rng: random.Random) -> datetime:
    """A start after everything in the file (a later swipe, or a row created at midnight)."""
    latest = max(
        [previous]
        + [swipe.at for swipe in contents.swipes[-1:]]
        + [row.created_at for row in contents.rows]
    )
    return latest + timedelta(seconds=rng.randint(3600, 20 * 3600))


def assert_every_ended_day_has_one_rollover(contents: Contents, today: date) -> None:
    counts = contents.rollover_days()
    found = ended_day_violations(contents.active_days(), counts, today=today)
    found += rollover_count_violations(counts)
    assert not found, "; ".join(str(violation) for violation in found)


def crash_loop(db_path: Path, catalog: Catalog, *, iterations: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    zone = ZoneInfo(ZONE)
    start = FIRST_START
    tally = dict.fromkeys(
        ("killed", "finished", "killed before opening", "left a wal", "rows", "swipes"), 0
    )
    wal = db_path.with_name(db_path.name + "-wal")
    for _ in range(iterations):
        run = run_child(
            db_path,
            start,
            seed=rng.randrange(2**32),
            kill_after=rng.randint(0, MAX_LINES_BEFORE_KILL),
        )
        tally["killed" if run.killed else "finished"] += 1
        assert run.swiped_before_acknowledged() == [], run.lines
        tally["killed before opening"] += not run.opened
        tally["left a wal"] += wal.exists() and wal.stat().st_size > 0  # recovery needed
        if not db_path.exists():
            continue  # killed before the file was created
        contents = assert_consistent(
            db_path,
            catalog,
            timezone=ZONE,
            acknowledged_sequence=run.persisted,
            acknowledged_rows=run.rows,
        )
        if run.opened:  # the start-up catch-up ran (inline) before "opened" was printed
            assert_every_ended_day_has_one_rollover(contents, local_date(start, zone))
        tally["rows"], tally["swipes"] = len(contents.rows), contents.sequence
        start = next_start(contents, start, rng)

    # A last, clean start days later writes every rollover still missing; another adds none.
    session = VirtualSession(db_path, start=start + timedelta(days=2), zone=ZONE)
    session.settle()
    session.close()
    contents = assert_consistent(db_path, catalog, timezone=ZONE)
    assert_every_ended_day_has_one_rollover(contents, local_date(session.now, zone))
    assert contents.active_days() <= set(contents.rollover_days())
    session.restart(advance=timedelta(days=1))
    session.settle()
    session.close()
    assert session.rows() == contents.rows
    tally["rows"], tally["swipes"] = len(contents.rows), contents.sequence
    return tally


def test_fifty_hard_kills_lose_nothing_acknowledged_and_duplicate_nothing(
    db_path: Path, catalog: Catalog
) -> None:
    tally = crash_loop(db_path, catalog, iterations=50, seed=20260326)
    print(f"crash loop: {tally}")
    assert tally["killed"] >= 25  # most runs really are cut short
    assert tally["left a wal"] >= 10  # ... with transactions in the -wal, to be recovered
    assert tally["swipes"] > 0 and tally["rows"] > 0


@pytest.mark.slow
def test_five_hundred_hard_kills_lose_nothing_acknowledged_and_duplicate_nothing(
    db_path: Path, catalog: Catalog
) -> None:
    tally = crash_loop(db_path, catalog, iterations=500, seed=7)
    print(f"crash loop: {tally}")
    assert tally["killed"] >= 250
