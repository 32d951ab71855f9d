"""A read-only database file or folder: a clear message at start, then a defined degraded mode.

The degraded mode: the session starts with the profile the file holds (or an empty one), the
user keeps swiping, and nothing is written; ``Session.degraded`` says why from the start (the
window shows it in its banner), and the snapshot state reports every write as failing, with
the swipes and windows still unsaved (``persisted_sequence`` does not move, ``pending`` grows).

How the file is made read-only: for real (`tests.write_protection`); where that is not
possible these tests are skipped rather than simulated. The last test covers a database that
turns read-only while running, through the fault seam with SQLite's own error, and runs
everywhere.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.faults import FaultSwitch
from store import Catalog
from tests.harness import VirtualSession
from tests.reliability.invariants import assert_consistent
from tests.reliability.sessions import watch_errors
from tests.write_protection import files_in, write_protected

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and attributes")


def make_history(db_path: Path) -> None:
    session = VirtualSession(db_path)
    session.swipe(30, every=0.1)
    session.settle()
    session.close()


def swipe_while_degraded(session: VirtualSession) -> None:
    """Swipes flow, nothing is saved, and the state says so."""
    errors = watch_errors(session)
    session.swipe(30, every=0.1)
    session.settle()
    state = session.store.get_state()
    assert state.profile.sequence == 60
    assert state.snapshots.persisted_sequence == 30
    assert state.snapshots.failing
    assert "swipes:000050" in state.snapshots.pending
    assert errors and all("read-only" in error for error in errors)


def test_a_read_only_file_starts_degraded_keeps_swiping_and_its_folder_is_left_unchanged(
    db_path: Path, catalog: Catalog
) -> None:
    make_history(db_path)
    with write_protected(db_path):
        before = files_in(db_path.parent)
        session = VirtualSession(db_path)
        assert session.session.degraded is not None
        assert "cannot be written: the file is read-only" in session.session.degraded
        assert "Fix the permissions" in session.session.degraded
        assert session.store.get_state().profile.sequence == 30  # the saved profile is shown
        swipe_while_degraded(session)
        session.close()
        # No -wal or -shm beside it either: a read-only file is read as it is stored.
        assert files_in(db_path.parent) == before
    assert assert_consistent(db_path, catalog, timezone="UTC").sequence == 30


def test_a_read_only_folder_starts_degraded_with_the_profile_it_holds(
    db_path: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    make_history(db_path)
    with write_protected(db_path.parent):
        before = files_in(db_path.parent)
        session = VirtualSession(db_path)
        assert session.session.degraded is not None
        assert "cannot be written: the folder is read-only" in session.session.degraded
        assert session.store.get_state().profile.sequence == 30
        swipe_while_degraded(session)
        session.close()
        assert main(["snapshots", "--db", str(db_path)]) == 0  # reading still works
        assert "swipes:000025" in capsys.readouterr().out
        assert files_in(db_path.parent) == before
    assert assert_consistent(db_path, catalog, timezone="UTC").sequence == 30


def test_a_read_only_folder_without_a_database_starts_degraded_and_empty(
    db_path: Path,
) -> None:
    with write_protected(db_path.parent):
        session = VirtualSession(db_path)
        assert session.session.degraded is not None
        assert "the folder is read-only" in session.session.degraded
        assert session.store.get_state().profile.sequence == 0
        session.swipe(30, every=0.1)
        session.settle()
        state = session.store.get_state()
        assert state.profile.sequence == 30
        assert state.snapshots.failing and state.snapshots.persisted_sequence == 0
        session.close()
        assert list(db_path.parent.iterdir()) == []


def test_a_database_that_turns_read_only_while_running_is_reported_and_recovers(
    db_path: Path, catalog: Catalog
) -> None:
    """The fault seam raises SQLite's own ``attempt to write a readonly database`` (what a
    remount read-only gives): the same translation, report and retry as any failure."""

    class TurnsReadOnly(FaultSwitch):
        def __call__(self, operation: str) -> None:
            if self.on:
                self.injected += 1
                raise sqlite3.OperationalError("attempt to write a readonly database")

    faults = TurnsReadOnly()
    session = VirtualSession(db_path, faults=faults)
    errors = watch_errors(session)
    session.swipe(10, every=0.1)
    session.settle()
    faults.fail_writes(True)
    session.swipe(20, every=0.1)
    session.settle(30)
    state = session.store.get_state()
    assert state.snapshots.failing and state.snapshots.persisted_sequence == 10
    assert errors and "the database is read-only" in errors[-1]
    faults.fail_writes(False)
    session.settle(120)
    assert not session.store.get_state().snapshots.failing
    session.close()
    contents = assert_consistent(db_path, catalog, timezone="UTC")
    assert contents.sequence == 30
    assert [row.window_key for row in contents.rows] == ["swipes:000025"]
