"""The database file deleted or replaced under a running app: noticed, nothing acknowledged into
it, and the whole history written to a new file at the same path on request.

On POSIX a deleted file lives on while it is open, so SQLite goes on committing into it
without an error, and everything written after the deletion vanishes when the app closes.
The app compares the file at its path with the one it has open (device and inode) before
every commit and at every periodic check; a file that is gone is a failed write (the banner
says so, the swipes stay unsaved), and ``write_history_to_new_file`` copies what the open
connection still holds (SQLite's backup API) to the path, then writes there.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.harness import VirtualSession
from tests.reliability.invariants import integrity


def swipes_in(db_path: Path) -> int:
    with sqlite3.connect(db_path) as connection:
        (count,) = connection.execute("SELECT count(*) FROM swipes").fetchone()
    return int(count)


def delete_the_file(db_path: Path, elsewhere: Path) -> None:
    db_path.unlink()


def delete_the_file_and_its_sidecars(db_path: Path, elsewhere: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def replace_it_with_an_old_copy(db_path: Path, elsewhere: Path) -> None:
    """A sync tool or a careless restore puts an older copy over it (rename over the path)."""
    os.replace(elsewhere, db_path)


CHANGES: dict[str, Callable[[Path, Path], None]] = {
    "deleted": delete_the_file,
    "deleted-with-wal-and-shm": delete_the_file_and_its_sidecars,
    "replaced": replace_it_with_an_old_copy,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_file_gone_from_under_the_app_is_noticed_and_nothing_is_acknowledged_into_it(
    db_path: Path, tmp_path: Path, change: str
) -> None:
    session = VirtualSession(db_path)
    session.swipe(10, every=0.2)
    session.settle()
    old_copy = tmp_path / "old-copy.sqlite3"
    with sqlite3.connect(db_path) as source, sqlite3.connect(old_copy) as target:
        source.backup(target)  # 10 swipes, the copy a careless restore would bring back
    old_bytes = old_copy.read_bytes()
    session.swipe(20, every=0.2)
    session.settle()
    assert session.store.get_state().snapshots.persisted_sequence == 30

    CHANGES[change](db_path, old_copy)
    session.advance(session.policy.periodic_check_seconds)  # one periodic check, no swipe
    job = session.store.get_state().snapshots
    assert job.failing, "the app noticed within one periodic check"
    assert job.last_error is not None and "no longer the file this app has open" in job.last_error
    assert "write" in job.last_error and "new file" in job.last_error

    session.swipe(50, every=0.2)
    session.settle()
    job = session.store.get_state().snapshots
    assert job.persisted_sequence == 30, "nothing is acknowledged into a file that is gone"
    assert session.store.get_state().profile.sequence == 80
    assert job.failing

    session.session.job.writer.write_history_to_new_file(at=session.now)
    session.settle()
    job = session.store.get_state().snapshots
    assert job.persisted_sequence == 80
    assert not job.failing and job.pending == frozenset()
    assert swipes_in(db_path) == 80
    assert integrity(db_path) == "ok"
    assert os.stat(db_path).st_mode & 0o777 == 0o600
    aside = sorted(path.name for path in tmp_path.glob(f"{db_path.name}.replaced-*"))
    if change == "replaced":  # the file that took its place is kept, byte for byte
        assert len(aside) == 1
        assert (tmp_path / aside[0]).read_bytes() == old_bytes
    else:
        assert aside == []

    session.swipe(5, every=0.2)
    session.restart()
    state = session.store.get_state()
    assert state.profile.sequence == 85, "the next start has every swipe"
    assert session.keys() == ["swipes:000025", "swipes:000050", "swipes:000075"]
    session.close()


def test_writing_to_a_new_file_into_a_folder_that_is_gone_fails_in_one_line(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    session = VirtualSession(folder / "tastetrail.sqlite3")
    session.swipe(10, every=0.2)
    session.settle()
    shutil.rmtree(folder)
    session.advance(session.policy.periodic_check_seconds)
    session.session.job.writer.write_history_to_new_file(at=session.now)
    session.settle()
    job = session.store.get_state().snapshots
    assert job.failing and job.last_error is not None
    assert "\n" not in job.last_error and "folder" in job.last_error
    session.close()
