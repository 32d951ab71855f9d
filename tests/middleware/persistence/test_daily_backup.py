"""The daily backup: one per local day of the user's zone, the last few kept, others' files left."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.simulation.virtual_scheduler import VirtualScheduler
from middleware.clock import SchedulerClock
from middleware.persistence.daily_backup import DailyBackups, backup_path, backups_of
from middleware.persistence.repository import SnapshotRepository
from tests.middleware.persistence.test_repository import swipe_records

NEW_YORK = ZoneInfo("America/New_York")


def test_backups_are_named_by_the_local_date_and_taken_once_per_local_day(db_path: Path) -> None:
    scheduler = VirtualScheduler(datetime(2026, 1, 21, 3, 0, tzinfo=UTC))  # 22:00 on the 20th
    backups = DailyBackups(db_path, clock=SchedulerClock(scheduler, NEW_YORK), keep=2)
    with SnapshotRepository.open(db_path, after_commit=backups.after_commit) as repository:
        repository.append_swipes(swipe_records(5))
        repository.append_swipes(swipe_records(5, first=6))  # the same local day: no copy
        assert [day for day, _path in backups_of(db_path)] == [date(2026, 1, 20)]
        for day in range(3):
            scheduler.advance_by(timedelta(days=1).total_seconds())
            repository.append_swipes(swipe_records(1, first=11 + day))
    assert [day for day, _path in backups_of(db_path)] == [date(2026, 1, 23), date(2026, 1, 22)]
    with sqlite3.connect(backup_path(db_path, date(2026, 1, 22))) as copy:
        assert copy.execute("SELECT max(sequence) FROM swipes").fetchone() == (12,)


def test_only_files_named_like_a_backup_count_and_others_are_never_removed(db_path: Path) -> None:
    others = [
        f"{db_path.name}.backup-2026-01-01-journal",
        f"{db_path.name}.backup-20260101",
        f"{db_path.name}.backup-latest",
        "other.sqlite3.backup-2026-01-01",
    ]
    for name in others:
        (db_path.parent / name).write_bytes(b"not ours")
    (db_path.parent / f"{db_path.name}.backup-2026-01-02").write_bytes(b"ours")
    assert [day for day, _ in backups_of(db_path)] == [date(2026, 1, 2)]
    scheduler = VirtualScheduler(datetime(2026, 1, 20, 12, tzinfo=UTC))
    backups = DailyBackups(db_path, clock=SchedulerClock(scheduler, NEW_YORK), keep=1)
    with SnapshotRepository.open(db_path, after_commit=backups.after_commit) as repository:
        repository.append_swipes(swipe_records(3))
    assert [day for day, _ in backups_of(db_path)] == [date(2026, 1, 20)]  # the old one pruned
    for name in others:
        assert (db_path.parent / name).read_bytes() == b"not ours"


def test_a_damaged_database_never_replaces_the_days_whole_backup_at_close(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    scheduler = VirtualScheduler(datetime(2026, 1, 20, 12, tzinfo=UTC))
    backups = DailyBackups(db_path, clock=SchedulerClock(scheduler, NEW_YORK))
    with SnapshotRepository.open(db_path, after_commit=backups.after_commit) as repository:
        repository.append_swipes(swipe_records(1500))
    backups.at_close()
    (day, whole), *_ = backups_of(db_path)
    kept = whole.read_bytes()
    # Two of the swipe log's pages overwritten (a failing disk, a stray dd), then the close.
    with sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro&immutable=1", uri=True) as c:
        leaves = [
            int(page)
            for (page,) in c.execute(
                "SELECT pageno FROM dbstat WHERE name = 'swipes' AND pagetype = 'leaf'"
            )
        ]
    c.close()
    noise = random.Random(3)
    with db_path.open("r+b") as file:
        for page in (leaves[len(leaves) // 3], leaves[2 * len(leaves) // 3]):
            file.seek((page - 1) * 4096)
            file.write(noise.randbytes(4096))

    backups.at_close()

    assert backups_of(db_path) == [(day, whole)]
    assert whole.read_bytes() == kept
    assert "damaged" in caplog.text and "not taken" in caplog.text
    assert not list(db_path.parent.glob(".*closing*"))
    assert not list(db_path.parent.glob(".*.partial"))
