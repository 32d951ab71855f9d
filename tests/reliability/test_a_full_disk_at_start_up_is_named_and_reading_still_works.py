"""A disk that is full when the app starts: said as a full disk, and reading still works.

The database sits on a real 2 MiB tmpfs, closed cleanly (no ``-wal`` or ``-shm`` beside it),
and a ballast file fills what is left. SQLite then cannot create the ``-shm`` a WAL database
needs for its first read, and used to call that "disk I/O error", for the read-only
``snapshots`` too. Now reading works (immutable while writers are held off, see
`middleware.persistence.read_only`), a writable open says the disk is full, which folder
and how much is free, and a session starts from what is stored and saves once space returns.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.database_check import check_database
from middleware.persistence.errors import DiskFullError
from middleware.persistence.repository import SnapshotRepository
from tests.harness import VirtualSession
from tests.reliability.command_lines import run_cli

DISK_SIZE = "2m"


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a real tmpfs of 2 MiB, holding a cleanly closed database with history."""
    if os.geteuid() != 0:
        pytest.skip("mounting a real tmpfs needs root (CI runs as root)")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE},mode=0700", "tmpfs", str(disk)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"could not mount a tmpfs: {mounted.stderr.strip()}")
        pytest.skip(f"could not mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        session = VirtualSession(disk / "profile.sqlite3")
        session.swipe(60, every=0.2)
        session.settle()
        session.close()
        assert sorted(path.name for path in disk.iterdir()) == ["profile.sqlite3"]
        fill(disk / "ballast")
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(ballast: Path) -> None:
    """Write ``ballast`` until the disk refuses another byte."""
    with ballast.open("wb", buffering=0) as file:
        for size in (64 * 1024, 4096, 512, 1):
            try:
                while True:
                    file.write(b"\0" * size)
            except OSError as error:
                assert error.errno == errno.ENOSPC, error
    assert os.statvfs(ballast.parent).f_bavail == 0


def folder_state(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_snapshots_lists_the_rows_of_a_database_on_a_full_disk_and_leaves_it_unchanged(
    full_disk: Path, tmp_path: Path
) -> None:
    before = folder_state(full_disk)
    db = str(full_disk / "profile.sqlite3")
    table = run_cli(["snapshots", "--db", db], tmp_path)
    as_json = run_cli(["snapshots", "--db", db, "--json"], tmp_path)
    assert (table.status, table.stderr) == (0, "")
    assert "swipes:000050" in table.stdout and "row(s)" in table.stdout
    assert (as_json.status, as_json.stderr) == (0, "")
    assert '"windowKey": "swipes:000025"' in as_json.stdout
    assert folder_state(full_disk) == before


def test_a_writable_open_on_a_full_disk_names_the_folder_the_free_space_and_what_to_free(
    full_disk: Path,
) -> None:
    before = folder_state(full_disk)
    with pytest.raises(DiskFullError) as refused:
        SnapshotRepository.open(full_disk / "profile.sqlite3")
    message = str(refused.value)
    assert message.startswith(
        f"opening the database {str(full_disk / 'profile.sqlite3')!r} failed: the disk holding "
        f"the folder {str(full_disk)!r} is full (0 bytes free); free at least 1.0 MiB"
    )
    assert "\n" not in message
    assert folder_state(full_disk)["profile.sqlite3"] == before["profile.sqlite3"]


def test_the_app_starts_on_a_full_disk_from_what_is_stored_and_saves_once_space_returns(
    full_disk: Path,
) -> None:
    db_path = full_disk / "profile.sqlite3"
    check_database(db_path)  # the desktop's check before Qt lets it start
    session = VirtualSession(db_path)
    assert session.store.get_state().profile.sequence == 60
    assert session.session.degraded is not None
    assert f"the disk holding the folder {str(full_disk)!r} is full" in session.session.degraded
    session.swipe(5)
    session.settle()
    job = session.store.get_state().snapshots
    assert job.failing and job.last_error is not None and "is full" in job.last_error
    (full_disk / "ballast").unlink()
    session.settle()
    state = session.store.get_state()
    assert not state.snapshots.failing
    assert state.snapshots.persisted_sequence == 65
    session.close()
    assert session.swipes_in_db() == 65
