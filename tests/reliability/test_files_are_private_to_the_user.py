"""Privacy: everything the app creates is readable by the user only, whatever the umask.

`tests/middleware/persistence/test_repository.py` checks a file created by the repository.
Here the files come from the paths users take: a session (with the app's threaded writer, whose
thread opens the file again), ``python -m app simulate`` with no ``--db`` (a new file in
the data directory), and the desktop app's default data directory. The umask is the usual
022, which on its own would make them readable by everyone.
"""

from __future__ import annotations

import os
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
