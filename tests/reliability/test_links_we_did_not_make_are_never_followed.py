"""Links: a symbolic link planted where the app writes a file is refused, never written through.

Someone who can write in the database's folder plants links at the names the app writes:
the writer lock, the daily backup's temporary copy, restore's temporary copy, the -wal,
and the database path itself. The file a link points at (the victim) must keep its bytes,
a dangling link must not create its target, and a refusal is one line with status 2.
The neighbours too: a directory at the lock path and a FIFO at the database path are
refused in one line; a folder reached through a link the person named works.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.cli import main
from app.simulation.virtual_scheduler import VirtualScheduler
from middleware.clock import SchedulerClock
from middleware.persistence.daily_backup import DailyBackups
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.restore import restore_backup
from tests.reliability.command_lines import run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX symbolic links and FIFOs")

SIMULATE = ["simulate", "--swipes", "30", "--days", "1", "--log", "none"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file of someone else's, elsewhere, that a planted link points at."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    path = elsewhere / "victim.txt"
    path.write_bytes(os.urandom(2000).hex().encode())
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


def assert_refused_in_one_line(outcome: object, *, saying: str) -> None:
    status, stderr = outcome.status, outcome.stderr  # type: ignore[attr-defined]
    lines = stderr.strip().splitlines()
    assert (status, len(lines)) == (2, 1), stderr
    assert saying in lines[0], lines[0]
    assert "Traceback" not in stderr


def test_a_link_at_the_lock_file_is_refused_and_its_target_keeps_its_bytes(
    folder: Path, victim: Path
) -> None:
    before = digest(victim)
    (folder / "DB.lock").symlink_to(victim)
    outcome = run_cli([*SIMULATE, "--db", str(folder / "DB")], folder)
    assert_refused_in_one_line(outcome, saying="is a symbolic link")
    assert digest(victim) == before
    assert not (folder / "DB").exists()


def test_a_dangling_link_at_the_lock_file_does_not_create_its_target(
    folder: Path, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere" / "created-by-nobody"
    target.parent.mkdir()
    (folder / "DB.lock").symlink_to(target)
    outcome = run_cli([*SIMULATE, "--db", str(folder / "DB")], folder)
    assert_refused_in_one_line(outcome, saying="is a symbolic link")
    assert not target.exists()


def test_the_window_refuses_a_link_at_the_lock_file_in_one_line(
    folder: Path,
    victim: Path,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    assert run_cli([*SIMULATE, "--db", str(folder / "DB")], folder).status == 0
    before = {path.name: digest(path) for path in (folder / "DB", victim)}
    (folder / "DB.lock").symlink_to(victim)
    application = request.getfixturevalue("qapp")  # the desktop app styles it: put it back
    request.addfinalizer(partial(application.setStyle, application.style().name()))
    status = main(["--db", str(folder / "DB"), "gui"])
    err = capsys.readouterr().err.strip().splitlines()
    assert (status, len(err)) == (2, 1), err
    assert "is a symbolic link" in err[0]
    assert {path.name: digest(path) for path in (folder / "DB", victim)} == before


def test_a_link_at_the_database_path_is_refused_and_the_real_file_is_asked_for(
    folder: Path, victim: Path
) -> None:
    before = digest(victim)
    (folder / "DB").symlink_to(victim)
    outcome = run_cli([*SIMULATE, "--db", str(folder / "DB")], folder)
    assert_refused_in_one_line(outcome, saying="pass the real file with --db")
    assert digest(victim) == before
    assert sorted(path.name for path in folder.iterdir()) == ["DB"]
    assert sorted(path.name for path in victim.parent.iterdir()) == ["victim.txt"]


def test_a_link_at_the_wal_is_refused_before_sqlite_writes_through_it(
    folder: Path, victim: Path
) -> None:
    assert run_cli([*SIMULATE, "--db", str(folder / "DB")], folder).status == 0
    for leftover in ("DB-wal", "DB-shm"):
        (folder / leftover).unlink(missing_ok=True)
    before = digest(victim)
    (folder / "DB-wal").symlink_to(victim)
    outcome = run_cli([*SIMULATE, "--db", str(folder / "DB")], folder)
    assert_refused_in_one_line(outcome, saying="is a symbolic link")
    assert digest(victim) == before


def test_a_link_at_the_daily_backups_temporary_name_is_not_written_through(
    folder: Path, victim: Path
) -> None:
    db = folder / "DB"
    assert run_cli([*SIMULATE, "--db", str(db)], folder).status == 0
    today = date(2026, 1, 20)
    # The name the copy used to be written under, before it was made with a fresh name.
    (folder / f".DB.backup-{today.isoformat()}.{os.getpid()}.partial").symlink_to(victim)
    before = digest(victim)
    clock = SchedulerClock(VirtualScheduler(datetime(2026, 1, 20, 12, tzinfo=UTC)), ZoneInfo("UTC"))
    with SnapshotRepository.open(db, after_commit=DailyBackups(db, clock=clock).after_commit) as r:
        r.record_rollovers_checked(r.max_swipe_sequence())
    assert digest(victim) == before
    backup = folder / f"DB.backup-{today.isoformat()}"
    assert backup.is_file() and not backup.is_symlink()
    assert backup.read_bytes().startswith(b"SQLite format 3\x00")


def test_restore_writes_no_temporary_file_through_a_planted_link(
    folder: Path, victim: Path
) -> None:
    db = folder / "DB"
    assert run_cli([*SIMULATE, "--db", str(db)], folder).status == 0
    backup = folder / "DB.backup-2026-01-19"
    shutil.copyfile(db, backup)
    pid = os.getpid()
    for name in (f".DB.{pid}.restoring", f"..DB.{pid}.restoring.{pid}.partial"):
        (folder / name).symlink_to(victim)
    before = digest(victim)
    restored = restore_backup(db, backup, now=datetime(2026, 1, 20, 12, tzinfo=UTC))
    assert restored.swipes == 30
    assert digest(victim) == before
    assert not db.is_symlink() and db.read_bytes().startswith(b"SQLite format 3\x00")


def test_restore_over_a_database_path_that_is_a_link_is_refused(folder: Path, victim: Path) -> None:
    assert run_cli([*SIMULATE, "--db", str(folder / "real")], folder).status == 0
    shutil.copyfile(folder / "real", folder / "DB.backup-2026-01-19")
    (folder / "DB").symlink_to(victim)
    before = digest(victim)
    outcome = run_cli(["restore", "--db", str(folder / "DB")], folder)
    assert outcome.status == 2 and "symbolic link" in outcome.stderr, outcome.stderr
    assert len(outcome.stderr.strip().splitlines()) == 1
    assert digest(victim) == before and (folder / "DB").is_symlink()


def test_a_directory_at_the_lock_path_is_refused_in_one_line(folder: Path) -> None:
    (folder / "DB.lock").mkdir()
    outcome = run_cli([*SIMULATE, "--db", str(folder / "DB")], folder)
    assert_refused_in_one_line(outcome, saying="DB.lock")
    assert (folder / "DB.lock").is_dir() and not any((folder / "DB.lock").iterdir())


def test_a_fifo_at_the_database_path_is_refused_without_waiting_on_it(folder: Path) -> None:
    os.mkfifo(folder / "DB")
    outcome = run_cli([*SIMULATE, "--db", str(folder / "DB")], folder)
    assert_refused_in_one_line(outcome, saying="not a regular file")
    assert sorted(path.name for path in folder.iterdir()) == ["DB"]


def test_a_folder_reached_through_a_link_the_person_named_works(
    folder: Path, tmp_path: Path
) -> None:
    (tmp_path / "shortcut").symlink_to(folder, target_is_directory=True)
    outcome = run_cli([*SIMULATE, "--db", str(tmp_path / "shortcut" / "DB")], folder)
    assert outcome.status == 0, outcome.stderr
    assert (folder / "DB").is_file()
