"""After a clean close the database file alone holds every swipe: nothing waits in a -wal.

A person moves or copies "the database" as the one file the README names. SQLite's WAL
mode keeps recent commits in ``NAME-wal`` until a checkpoint, and folds them back only
when the last connection closes, if that connection may write. The app's session had
other connections open at its close (the daily backup's reader), so after a demo session
of 50 swipes the file alone held none of them: all were in the -wal beside it.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from app.bootstrap import open_session
from app.simulation.virtual_scheduler import VirtualScheduler
from middleware.clock import SchedulerClock
from store import Direction, Swiped


def swipes_in_the_file_alone(db_path: Path, tmp_path: Path) -> int:
    """Copy only the database file, as a person copying "the database" would, and count."""
    alone = tmp_path / "copied" / db_path.name
    alone.parent.mkdir()
    shutil.copyfile(db_path, alone)
    connection = sqlite3.connect(alone)
    try:
        return int(connection.execute("SELECT count(*) FROM swipes").fetchone()[0])
    finally:
        connection.close()


def test_a_session_closed_cleanly_leaves_every_swipe_in_the_file_and_nothing_beside_it(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "history.sqlite3"
    scheduler = VirtualScheduler(datetime(2026, 1, 20, 9, tzinfo=UTC))
    clock = SchedulerClock(scheduler, ZoneInfo("Europe/Berlin"))
    session = open_session(db_path, clock=clock, scheduler=scheduler, daily_backups=True)
    card = session.catalog.cards[0].id
    for _ in range(50):
        session.store.dispatch(Swiped(item_id=card, direction=Direction.RIGHT, at=clock.now()))
        scheduler.advance_by(0.4)
    scheduler.advance_by(5)
    assert session.job.writer.wait_idle(timeout=30)
    assert session.close()

    assert swipes_in_the_file_alone(db_path, tmp_path) == 50
    beside = sorted(path.name for path in tmp_path.iterdir() if path.is_file())
    assert f"{db_path.name}-wal" not in beside
    assert f"{db_path.name}-shm" not in beside
