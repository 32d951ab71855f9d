"""Disk full: a real ``SQLITE_FULL`` from a size quota, reported without blocking anything.

The database is capped with ``PRAGMA max_page_count`` (the ``max_page_count`` option of
`open_session`), set to the pages the file already has, most of them taken by a ballast
table. SQLite then fails every write that needs a new page with its real ``database or disk
is full`` error, exactly as on a full disk, without filling the machine's disk. Dropping
the ballast from another connection gives the pages back, like freeing disk space.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store import Catalog
from tests.reliability.invariants import assert_consistent
from tests.reliability.sessions import TunedSession, watch_errors

BALLAST_BYTES = 1024 * 1024


def fill_to_the_quota(db_path: Path) -> int:
    """Put a ballast table in the file; return its page count, to use as the quota."""
    connection = sqlite3.connect(db_path, isolation_level=None)
    try:
        connection.execute("CREATE TABLE ballast (data BLOB)")
        connection.execute("INSERT INTO ballast VALUES (zeroblob(?))", (BALLAST_BYTES,))
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(connection.execute("PRAGMA page_count").fetchone()[0])
    finally:
        connection.close()


def free_the_ballast(db_path: Path) -> None:
    connection = sqlite3.connect(db_path, isolation_level=None)
    try:
        connection.execute("DROP TABLE ballast")
    finally:
        connection.close()


def test_a_full_disk_is_reported_swipes_flow_and_pending_snapshots_land_once(
    db_path: Path, catalog: Catalog
) -> None:
    first = TunedSession(db_path, options={})
    first.swipe(10, every=0.1)
    first.settle()
    first.close()
    quota = fill_to_the_quota(db_path)

    session = TunedSession(db_path, options={"max_page_count": quota})
    errors = watch_errors(session)
    session.swipe(300, every=0.3)  # about twelve windows: far more than the quota holds
    session.settle(30)

    state = session.store.get_state()
    assert state.profile.sequence == 310  # every swipe was taken, none was refused
    assert state.snapshots.failing
    assert state.snapshots.last_error is not None
    assert "full" in state.snapshots.last_error and "free some space" in state.snapshots.last_error
    assert errors and all("full" in error for error in errors)
    pending = set(state.snapshots.pending)
    assert "swipes:000300" in pending
    assert state.snapshots.persisted_sequence < 310
    stored = assert_consistent(db_path, catalog, timezone="UTC")  # intact, only behind
    assert stored.sequence == state.snapshots.persisted_sequence
    assert not pending & {row.window_key for row in stored.rows}

    free_the_ballast(db_path)
    session.settle(3 * 60)  # the capped backoff retries at most a minute apart

    state = session.store.get_state()
    assert not state.snapshots.failing and state.snapshots.last_error is None
    assert state.snapshots.pending == frozenset()
    assert state.snapshots.persisted_sequence == 310
    session.close()
    stored = assert_consistent(db_path, catalog, timezone="UTC")
    assert stored.sequence == 310
    keys = [row.window_key for row in stored.rows]
    assert sorted(keys) == [f"swipes:{n:06d}" for n in range(25, 301, 25)]
