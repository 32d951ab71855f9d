"""The writer lock against real files and real processes: exclusive, named, recovered after
a kill, private, and gone once released."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from middleware.persistence import WriterLock, lock_path_for
from middleware.persistence.errors import DatabaseInUseError, LinkRefusedError
from middleware.persistence.writer_lock import hold_off_writers, let_writers_in
from tests.another_process import another_process, kill


def test_a_lock_held_by_another_process_is_refused_naming_that_process(db_path: Path) -> None:
    with (
        another_process(db_path, holding="lock") as holder,
        pytest.raises(DatabaseInUseError) as refused,
    ):
        WriterLock(db_path).acquire()
    assert refused.value.pid == holder.pid
    message = str(refused.value)
    assert "\n" not in message
    assert str(db_path) in message
    assert f"is in use by TasteTrail process {holder.pid}" in message
    assert message.endswith("close that window first, or choose another file with --db")


def test_the_lock_is_free_again_once_the_other_process_lets_go(db_path: Path) -> None:
    with another_process(db_path, holding="lock"):
        pass
    assert not lock_path_for(db_path).exists()
    with WriterLock(db_path) as lock:
        assert lock.held


def test_a_lock_left_by_a_killed_process_is_taken_by_the_next_writer(db_path: Path) -> None:
    with another_process(db_path, holding="lock") as holder:
        kill(holder)  # nothing of the child's clean-up runs: its lock file stays behind
        assert lock_path_for(db_path).read_text().strip() == str(holder.pid)
        with WriterLock(db_path) as lock:
            assert lock.held
            assert lock.path.read_text().strip() == str(os.getpid())


def test_two_locks_in_one_process_exclude_each_other_too(db_path: Path) -> None:
    first = WriterLock(db_path)
    first.acquire()
    with pytest.raises(DatabaseInUseError, match=f"TasteTrail process {os.getpid()}"):
        WriterLock(db_path).acquire()
    first.release()
    WriterLock(db_path).acquire()  # released by its owner: free for the next


def test_acquire_and_release_are_idempotent_and_release_removes_the_file(db_path: Path) -> None:
    lock = WriterLock(db_path)
    lock.release()  # never held: nothing to do
    lock.acquire()
    lock.acquire()
    assert lock.held and lock.path == db_path.with_name(db_path.name + ".lock")
    lock.release()
    lock.release()
    assert not lock.held
    assert list(db_path.parent.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_lock_file_is_private_to_the_user_whatever_the_umask(db_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        with WriterLock(db_path) as lock:
            assert stat.S_IMODE(lock.path.stat().st_mode) == 0o600
    finally:
        os.umask(previous)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_symlink_to_the_database_is_refused_and_takes_no_lock(db_path: Path) -> None:
    db_path.touch()
    alias = db_path.with_name("alias.sqlite3")
    alias.symlink_to(db_path)
    with pytest.raises(LinkRefusedError, match="pass the real file with --db"):
        WriterLock(alias).acquire()
    assert not lock_path_for(db_path).exists()


posix_only = pytest.mark.skipif(sys.platform == "win32", reason="Windows locks have no shared mode")


@posix_only
def test_a_reader_holding_off_writers_keeps_a_writer_out_until_it_lets_go(db_path: Path) -> None:
    descriptor = hold_off_writers(db_path)
    assert descriptor is not None
    with pytest.raises(DatabaseInUseError):
        WriterLock(db_path).acquire()
    let_writers_in(db_path, descriptor)
    assert not lock_path_for(db_path).exists()  # the last holder removes the file
    with WriterLock(db_path) as lock:
        assert lock.held


@posix_only
def test_readers_cannot_hold_off_a_writer_that_holds_the_lock(db_path: Path) -> None:
    with WriterLock(db_path):
        assert hold_off_writers(db_path) is None
        assert lock_path_for(db_path).exists()


@posix_only
def test_two_readers_hold_off_writers_together_and_the_last_one_removes_the_file(
    db_path: Path,
) -> None:
    first, second = hold_off_writers(db_path), hold_off_writers(db_path)
    assert first is not None and second is not None
    let_writers_in(db_path, first)
    assert lock_path_for(db_path).exists()
    with pytest.raises(DatabaseInUseError):
        WriterLock(db_path).acquire()
    let_writers_in(db_path, second)
    assert not lock_path_for(db_path).exists()
