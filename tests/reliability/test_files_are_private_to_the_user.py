"""Privacy: everything the app creates is readable by the user only, whatever the umask.

`tests/middleware/persistence/test_repository.py` checks a file created by the repository.
Here the files come from the paths users take: a session (with the app's threaded writer, whose
thread opens the file again), ``python -m app simulate`` with no ``--db`` (a new file in
the data directory), and the desktop app's default data directory. The umask is the usual
022, which on its own would make them readable by everyone.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.bootstrap import ensure_default_data_dir, open_session
from app.cli import main
from app.paths import default_db_path, user_data_dir
from app.simulation.virtual_scheduler import VirtualScheduler
from middleware.clock import SchedulerClock
from store import Direction, Swiped
from tests.harness import VirtualSession

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "data-home"
    home.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def test_a_session_creates_the_database_and_its_wal_files_private(db_path: Path) -> None:
    scheduler = VirtualScheduler(datetime(2026, 1, 20, 9, tzinfo=UTC))
    clock = SchedulerClock(scheduler, ZoneInfo("UTC"))
    session = open_session(db_path, clock=clock, scheduler=scheduler)  # the threaded writer
    card = session.catalog.cards[0].id
    for _ in range(30):
        session.store.dispatch(Swiped(item_id=card, direction=Direction.UP, at=clock.now()))
    scheduler.advance_by(5)
    assert session.job.writer.wait_idle(timeout=30)
    session.job.drain_outcomes()
    assert session.store.get_state().snapshots.persisted_sequence == 30
    sidecars = {suffix: Path(f"{db_path}{suffix}") for suffix in ("", "-wal", "-shm")}
    assert {suffix: mode(path) for suffix, path in sidecars.items()} == dict.fromkeys(
        sidecars, 0o600
    )
    assert session.close()
    assert mode(db_path) == 0o600


def test_simulate_without_a_path_creates_a_private_folder_and_file(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", "--swipes", "30", "--days", "1", "--log", "none"]) == 0
    (database,) = (user_data_dir() / "simulations").glob("simulation-*.sqlite3")
    assert str(database) in capsys.readouterr().out
    assert mode(database) == 0o600
    assert mode(database.parent) == 0o700
    assert mode(user_data_dir()) == 0o700


def test_the_default_data_directory_is_private_even_if_it_existed_open(data_home: Path) -> None:
    ensure_default_data_dir(default_db_path())
    assert mode(user_data_dir()) == 0o700
    user_data_dir().chmod(0o755)  # made by an older version, or by hand
    ensure_default_data_dir(default_db_path())
    assert mode(user_data_dir()) == 0o700


def test_an_open_database_gets_private_wal_shm_lock_and_backup_even_under_umask_000(
    db_path: Path,
) -> None:
    """A database made readable to all (0644) keeps its own mode, but what the app makes
    beside it (the -wal and -shm SQLite creates with the database's mode, the lock, the
    daily backup) is private, even with a umask that would let anyone write."""
    scheduler = VirtualScheduler(datetime(2026, 1, 20, 9, tzinfo=UTC))
    clock = SchedulerClock(scheduler, ZoneInfo("UTC"))
    assert main(["simulate", "--db", str(db_path), "--swipes", "30", "--log", "none"]) == 0
    db_path.chmod(0o644)
    os.umask(0o000)
    session = open_session(db_path, clock=clock, scheduler=scheduler, daily_backups=True)
    card = session.catalog.cards[0].id
    for _ in range(30):
        session.store.dispatch(Swiped(item_id=card, direction=Direction.UP, at=clock.now()))
    scheduler.advance_by(5)
    assert session.job.writer.wait_idle(timeout=30)
    made = [Path(f"{db_path}{suffix}") for suffix in ("-wal", "-shm", ".lock")]
    assert {path.name: mode(path) for path in made} == {path.name: 0o600 for path in made}
    assert session.close()
    backups = sorted(db_path.parent.glob(f"{db_path.name}.backup-*"))
    assert backups, "the day's backup was taken"
    assert {path.name: mode(path) for path in backups} == {path.name: 0o600 for path in backups}
    assert mode(db_path) == 0o644  # the owner's choice for the file itself stands


def test_a_screenshot_is_private_even_under_umask_000(
    tmp_path: Path, qtbot: object, capsys: pytest.CaptureFixture[str]
) -> None:
    os.umask(0o000)
    out = tmp_path / "window.png"
    assert main(["screenshot", "--out", str(out), "--swipes", "40", "--days", "1"]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    assert mode(out) == 0o600
    assert [path.name for path in tmp_path.iterdir()] == ["window.png"]  # no temporary left


def test_a_database_overwritten_in_place_is_noticed_and_kept_as_it_was_written(
    db_path: Path, tmp_path: Path
) -> None:
    """``cp other.sqlite3 running.sqlite3`` keeps the inode but not the content: the next
    periodic check says so, and nothing more is written into the other file's bytes."""
    other = tmp_path / "other.sqlite3"
    elsewhere = VirtualSession(other)
    elsewhere.swipe(3)
    elsewhere.settle()
    elsewhere.close()
    session = VirtualSession(db_path)
    session.swipe(30, every=0.2)
    session.settle()
    inode = db_path.stat().st_ino
    shutil.copyfile(other, db_path)  # opens the same file and writes over it
    assert db_path.stat().st_ino == inode
    overwritten = db_path.read_bytes()
    session.advance(session.policy.periodic_check_seconds)  # one periodic check, no swipe
    job = session.store.get_state().snapshots
    assert job.failing, "noticed within one periodic check"
    assert job.last_error is not None and "overwritten in place" in job.last_error
    session.swipe(10, every=0.2)
    session.settle()
    assert session.store.get_state().snapshots.persisted_sequence == 30
    assert db_path.read_bytes() == overwritten
    session.close()


def test_an_empty_file_adopted_as_a_new_database_is_made_private_with_its_wal_files(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "empty.sqlite3"
    db_path.touch(mode=0o644)  # ": > empty.sqlite3" under the usual umask
    assert mode(db_path) == 0o644
    status = main(
        ["simulate", "--db", str(db_path), "--swipes", "20", "--days", "1", "--log", "none"]
    )
    assert status == 0
    assert db_path.stat().st_size > 0
    modes = {
        path.name: mode(path)
        for path in (db_path, *(db_path.with_name(db_path.name + s) for s in ("-wal", "-shm")))
        if path.exists()
    }
    assert modes == dict.fromkeys(modes, 0o600)
