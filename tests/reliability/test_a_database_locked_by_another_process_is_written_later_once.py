"""A database locked by another process: writes wait, are retried later, and land once.

A second process opens the same file with plain ``sqlite3`` and holds ``BEGIN IMMEDIATE``
(the write lock) until the test tells it to let go, far longer than the session's busy
timeout. The lock is real: the session's writer gets SQLite's own ``SQLITE_BUSY``.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from app.bootstrap import open_session
from app.simulation.virtual_scheduler import VirtualScheduler
from middleware.clock import SchedulerClock
from middleware.persistence.repository import SnapshotRepository
from store import Catalog, Direction, Swiped
from tests.reliability.invariants import assert_consistent
from tests.reliability.sessions import TunedSession, watch_errors

LOCK_HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
connection.close()
print("released", flush=True)
"""


@contextmanager
def locked_by_another_process(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Hold the write lock of ``db_path`` in a child process until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
        holder.stdin.write("release\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "released"
    finally:
        holder.stdin.close()
        holder.stdout.close()
        if holder.wait() != 0:
            raise AssertionError(f"the lock holder failed with status {holder.returncode}")


def test_a_locked_database_is_reported_retried_and_written_once_when_released(
    db_path: Path, catalog: Catalog
) -> None:
    SnapshotRepository.open(db_path).close()
    with locked_by_another_process(db_path):
        session = TunedSession(db_path, options={"busy_timeout_ms": 20})  # starts regardless
        errors = watch_errors(session)
        session.swipe(30, every=0.1)
        session.settle(10)  # a few attempts, each giving up after 20 ms of SQLite's waiting
        state = session.store.get_state()
        assert state.profile.sequence == 30
        assert state.snapshots.failing
        assert state.snapshots.pending == frozenset({"swipes:000025"})
        assert errors and all("locked by another connection" in error for error in errors)
        assert state.snapshots.counters.failed >= 2
    session.settle(120)
    state = session.store.get_state()
    assert not state.snapshots.failing
    assert state.snapshots.pending == frozenset()
    assert state.snapshots.persisted_sequence == 30
    session.close()
    contents = assert_consistent(db_path, catalog, timezone="UTC")
    assert [row.window_key for row in contents.rows] == ["swipes:000025"]
    assert contents.sequence == 30


def test_swipes_never_wait_for_a_writer_stuck_on_the_lock(db_path: Path, catalog: Catalog) -> None:
    """With the app's threaded writer and a long busy timeout, the writer blocks inside
    SQLite while the owner thread goes on swiping; nothing is timed, the writer's own
    "idle" condition shows it is still stuck while the swipes are dispatched."""
    SnapshotRepository.open(db_path).close()
    scheduler = VirtualScheduler(datetime(2026, 1, 20, 9, tzinfo=UTC))
    clock = SchedulerClock(scheduler, ZoneInfo("UTC"))
    session = open_session(db_path, clock=clock, scheduler=scheduler, busy_timeout_ms=60_000)
    cards = [card.id for card in catalog.cards]

    def swipe(count: int) -> None:
        for index in range(count):
            item = cards[index % len(cards)]
            session.store.dispatch(Swiped(item_id=item, direction=Direction.RIGHT, at=clock.now()))
            scheduler.advance_by(0.1)

    with locked_by_another_process(db_path):
        swipe(25)
        scheduler.advance_by(1.0)  # the batch closes: the writer starts its transaction
        assert not session.job.writer.wait_idle(timeout=0)  # ... and is stuck on the lock
        swipe(40)
        scheduler.advance_by(1.0)
        assert session.store.get_state().profile.sequence == 65
        assert not session.job.writer.wait_idle(timeout=0)  # still stuck: nobody waited
    assert session.job.writer.wait_idle(timeout=30)
    session.job.drain_outcomes()
    assert session.close()
    contents = assert_consistent(db_path, catalog, timezone="UTC")
    assert [row.window_key for row in contents.rows] == ["swipes:000025", "swipes:000050"]
    assert contents.sequence == 65
