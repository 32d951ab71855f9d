"""A second app on the same database: refused, or read-only and saying so; never silent loss.

The bug this guards against: two windows on one file both numbered their swipes from the
same point, and the second window's swipes were dropped by the database without a word
while it reported them saved. Now the first writer holds the database's writer lock: a
second `open_session` is refused with the holder's PID (``simulate`` exits 2 with that
line), the desktop app's second window opens the file read-only and shows every swipe as
unsaved, and a swipe that still meets another writer's (one that did not take the lock)
is a reported, counted failure that leaves its swipes unsaved.

The other app is a real process where it matters (the lock, the PID, ``simulate``, a
kill); the two-windows scenario runs both sessions in this process, on virtual time.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.database_check import check_database
from app.desktop import read_only_opener
from app.faults import FaultSwitch
from middleware.persistence import WriterLock, lock_path_for
from middleware.persistence.errors import DatabaseInUseError, NotADatabaseError
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.schema import LATEST_VERSION, MIGRATIONS
from middleware.policy import SnapshotPolicy
from store import Catalog, Direction, SwipeRecord
from tests.another_process import another_process, kill
from tests.harness import VirtualSession
from tests.reliability.invariants import assert_consistent
from tests.reliability.sessions import TunedSession, watch_errors

ADVICE = "close that window first, or choose another file with --db"


def unsaved(session: VirtualSession) -> int:
    """What the status panel shows as unsaved swipes."""
    state = session.store.get_state()
    return state.profile.sequence - state.snapshots.persisted_sequence


def stored_directions(db_path: Path) -> list[Direction]:
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        return [swipe.direction for swipe in repository.swipes_after(0)]


def test_two_windows_swiping_in_turn_lose_nothing_silently(db_path: Path, catalog: Catalog) -> None:
    """The reported scenario: window A swipes right 40 times, window B left 40 times, in
    turn. B opens read-only (as the desktop app does) and says so; its 40 swipes stay
    unsaved, and A's 40 are all stored."""
    first = VirtualSession(db_path)
    second = TunedSession(db_path, options={"when_in_use": "read_only"})
    assert second.session.degraded is not None
    assert f"is in use by TasteTrail process {os.getpid()}" in second.session.degraded
    errors = watch_errors(second)
    for _ in range(40):
        first.swipe(direction=Direction.RIGHT)
        second.swipe(direction=Direction.LEFT)
        first.advance(0.1)
        second.advance(0.1)
    first.settle()
    second.settle()
    assert unsaved(first) == 0
    assert unsaved(second) == 40
    state = second.store.get_state()
    # It never writes, so no write failed or is retried: the unsaved count and the
    # session's reason (degraded, above) say what is not saved, and why.
    assert not state.snapshots.failing and state.snapshots.counters.failed == 0
    assert "swipes:000025" in state.snapshots.pending
    assert errors == []
    second.close()
    assert unsaved(second) == 40  # closing saved nothing either
    first.close()
    assert stored_directions(db_path) == [Direction.RIGHT] * 40
    contents = assert_consistent(db_path, catalog, timezone="UTC")
    assert [row.window_key for row in contents.rows] == ["swipes:000025"]


def test_a_second_session_is_refused_with_the_holders_pid_in_one_line(db_path: Path) -> None:
    first = VirtualSession(db_path)
    with pytest.raises(DatabaseInUseError) as refused:
        VirtualSession(db_path)
    message = str(refused.value)
    assert refused.value.pid == os.getpid()
    assert "\n" not in message
    assert message == (
        f"the database {str(db_path)!r} is in use by TasteTrail process {os.getpid()}: {ADVICE}"
    )
    first.close()
    VirtualSession(db_path).close()  # closing let go of the lock


def test_a_session_in_another_process_refuses_this_one_naming_that_process(
    db_path: Path,
) -> None:
    with another_process(db_path) as other:
        with pytest.raises(DatabaseInUseError, match=f"TasteTrail process {other.pid}: "):
            VirtualSession(db_path)
        before = db_path.read_bytes()
        readonly = TunedSession(db_path, options={"when_in_use": "read_only"})
        readonly.swipe(30)
        readonly.settle()
        assert unsaved(readonly) == 30
        readonly.close()
        assert db_path.read_bytes() == before


def test_simulate_on_a_database_in_use_exits_2_with_one_line(db_path: Path) -> None:
    with another_process(db_path) as other:
        before = db_path.read_bytes()
        result = subprocess.run(
            [sys.executable, "-m", "app", "simulate", "--db", str(db_path), "--swipes", "50"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2
        assert result.stderr.splitlines() == [
            f"python -m app simulate: error: the database {str(db_path)!r} is in use by "
            f"TasteTrail process {other.pid}: {ADVICE}"
        ]
        assert db_path.read_bytes() == before


def test_reading_commands_do_not_need_the_lock(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = VirtualSession(db_path)
    session.swipe(30)
    session.settle()
    assert main(["snapshots", "--db", str(db_path)]) == 0
    assert "swipes:000025" in capsys.readouterr().out
    with read_only_opener(db_path)() as reader:  # what the trend panel opens
        assert [row.window_key for row in reader.list_snapshots()] == ["swipes:000025"]
    session.close()


def test_a_killed_app_leaves_a_lock_the_next_start_takes_over(
    db_path: Path, catalog: Catalog
) -> None:
    with another_process(db_path) as other:
        kill(other)
    assert lock_path_for(db_path).exists()  # the killed app could not remove it
    session = VirtualSession(db_path)
    session.swipe(30)
    session.settle()
    assert unsaved(session) == 0
    session.close()
    assert not lock_path_for(db_path).exists()
    assert assert_consistent(db_path, catalog, timezone="UTC").sequence == 30


def test_a_start_that_fails_half_way_lets_go_of_the_lock(db_path: Path) -> None:
    db_path.write_text("not a database\n" * 100)
    with pytest.raises(NotADatabaseError):
        VirtualSession(db_path)
    assert not lock_path_for(db_path).exists()
    with WriterLock(db_path) as lock:
        assert lock.held


def test_a_swipe_another_writer_stored_first_is_reported_counted_and_stays_unsaved(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A writer that does not take the lock (an older version, a file system without
    locks) stores swipes 1 to 5 after this session read the file: this session's own
    swipes 1 to 5 are refused, every retry is counted and logged (a warning when writes
    start failing, debug records after it), and none of them counts as saved."""
    caplog.set_level(logging.DEBUG, logger="tastetrail.snapshots")
    session = VirtualSession(db_path)
    at = datetime(2026, 1, 20, 8, 0, tzinfo=UTC)
    theirs = [
        SwipeRecord(n, "tiramisu", Direction.UP, at + timedelta(seconds=n), at.date())
        for n in range(1, 6)
    ]
    with SnapshotRepository.open(db_path) as repository:  # a second connection, no lock
        repository.append_swipes(theirs)
    errors = watch_errors(session)
    session.swipe(5)
    session.settle()
    state = session.store.get_state()
    assert unsaved(session) == 5
    assert state.snapshots.failing
    failed = state.snapshots.counters.failed
    assert failed >= 2  # the first flush and at least one retry
    assert errors and "swipe 1 is already stored" in errors[-1]
    assert "another writer has used this database" in errors[-1]
    logged = [r for r in caplog.records if getattr(r, "event", "") == "swipe_flush_failed"]
    assert len(logged) == failed
    assert [r.levelno for r in logged].count(logging.WARNING) == 1
    session.settle()
    assert session.store.get_state().snapshots.counters.failed > failed  # still retried
    session.close()
    assert unsaved(session) == 5
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        assert list(repository.swipes_after(0)) == theirs


class StuckWrite(FaultSwitch):
    """The first write blocks inside its transaction until the test lets it go."""

    def __init__(self) -> None:
        super().__init__()
        self.stuck = threading.Event()
        self.let_go = threading.Event()

    def __call__(self, operation: str) -> None:
        if not self.stuck.is_set():
            self.stuck.set()
            assert self.let_go.wait(timeout=60)


def test_a_writer_that_missed_its_shutdown_deadline_keeps_the_database_locked(
    db_path: Path,
) -> None:
    """The writer is stuck in a write when the session closes: it may still commit, so no
    other app may start writing until it is done (at the latest, when the process ends)."""
    faults = StuckWrite()
    session = TunedSession(
        db_path,
        options={"threaded_writer": True, "wake": lambda: None},
        faults=faults,
        policy=SnapshotPolicy(shutdown_deadline_seconds=0.05),
    )
    session.swipe(3)
    session.settle()
    assert faults.stuck.wait(timeout=30)
    assert session.session.close() is False
    with pytest.raises(DatabaseInUseError):
        VirtualSession(db_path)
    faults.let_go.set()
    lock = session.session.writer_lock
    assert lock is not None and lock.held
    assert session.session.job.writer.wait_idle(timeout=30)
    lock.release()
    VirtualSession(db_path).close()


OTHER_APP_OPENS_AND_CLOSES = (
    "import sqlite3, sys\n"
    "connection = sqlite3.connect(sys.argv[1])\n"
    "connection.execute('SELECT count(*) FROM swipes').fetchone()\n"
    "connection.close()\n"
)
COUNT_IN_ANOTHER_PROCESS = (
    "import sqlite3, sys\n"
    "connection = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)\n"
    "print(connection.execute('SELECT count(*) FROM swipes').fetchone()[0])\n"
)


def swipe_records(first: int, last: int) -> list[SwipeRecord]:
    at = datetime(2026, 1, 20, 8, 0, tzinfo=UTC)
    return [
        SwipeRecord(n, "ramen", Direction.UP, at + timedelta(seconds=n), at.date())
        for n in range(first, last + 1)
    ]


def test_a_read_only_open_beside_the_writer_keeps_its_locks_so_another_app_loses_none_of_its_swipes(
    db_path: Path,
) -> None:
    """The trend panel opens the file read-only while the writer has it open. Reading the
    header with a plain open()/close() there dropped every POSIX lock the process held on
    the file, so another process opening and closing it believed it was the last one: it
    checkpointed and deleted the writer's -wal, and the writer's next commits went into a
    deleted file. Every swipe the writer committed must be in the file as others see it."""
    writer = SnapshotRepository.open(db_path)
    try:
        writer.append_swipes(swipe_records(1, 10))
        with read_only_opener(db_path)() as reader:  # what the trend panel opens
            assert len(list(reader.swipes_after(0))) == 10
        subprocess.run(
            [sys.executable, "-c", OTHER_APP_OPENS_AND_CLOSES, str(db_path)],
            check=True,
            timeout=60,
        )
        writer.append_swipes(swipe_records(11, 20))
        seen = subprocess.run(
            [sys.executable, "-c", COUNT_IN_ANOTHER_PROCESS, str(db_path)],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
    finally:
        writer.close()
    assert int(seen) == 20


def test_a_second_windows_start_up_check_opens_a_database_in_use_only_read_only(
    db_path: Path,
) -> None:
    """Another app holds the writer lock of an older file: the second window's check
    before Qt starts must not migrate (write) it, as a writable open would."""
    connection = sqlite3.connect(db_path, isolation_level=None)
    for step in MIGRATIONS[:-1]:
        step(connection)
    connection.execute(f"PRAGMA user_version = {LATEST_VERSION - 1}")
    connection.close()
    before = db_path.read_bytes()
    with another_process(db_path, holding="lock"):
        check_database(db_path)
        assert db_path.read_bytes() == before
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION - 1
    finally:
        connection.close()
