"""``simulate`` on a new file ends its history now, and never swipes after the system clock
unless told to (``--allow-future``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from middleware.clock import SystemClock
from middleware.persistence.repository import SnapshotRepository

NOW = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)
"""What the system clock reads in these tests."""


@pytest.fixture(autouse=True)
def system_clock_at_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SystemClock, "now", lambda _self: NOW)


def instants(db: Path) -> tuple[datetime, datetime, datetime]:
    """The last swipe's, the first snapshot row's and the newest snapshot row's instants."""
    with SnapshotRepository.open(db, read_only=True) as repository:
        last = repository.last_swipe()
        rows = repository.list_snapshots()
    assert last is not None and rows
    return last.at, rows[0].created_at, max(row.created_at for row in rows)


def test_a_new_file_s_year_of_history_ends_before_now_and_starts_days_before_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "year.sqlite3"
    arguments = ["--swipes", "3650", "--days", "365", "--tz", "Europe/Berlin", "--log", "none"]
    assert main(["simulate", "--db", str(db), *arguments]) == 0
    out = capsys.readouterr().out
    assert f"from {(NOW - timedelta(days=365)).strftime('%Y-%m-%dT%H:%M:%SZ')}" in out
    assert "  invariants            ok" in out
    last_swipe, first_row, newest_row = instants(db)
    assert last_swipe <= NOW and newest_row <= NOW  # nothing dated after now
    assert NOW - last_swipe < timedelta(days=2)  # and the history reaches up to it
    assert first_row >= NOW - timedelta(days=365)


def test_a_run_that_would_swipe_after_now_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "future.sqlite3"
    run = ["simulate", "--db", str(db), "--start", "2026-03-09T07:00:00Z", "--swipes", "300"]
    run += ["--days", "3", "--tz", "UTC", "--log", "none"]
    assert main(run) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "after now (2026-03-10T18:30:00Z)" in line and "--allow-future" in line
    assert not db.exists()
    assert main([*run, "--allow-future"]) == 0
    last_swipe, _, _ = instants(db)
    assert last_swipe > NOW  # told to, it writes the future


def test_continuing_a_history_that_ends_today_is_refused_until_the_future_is_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "history.sqlite3"
    run = ["simulate", "--db", str(db), "--swipes", "200", "--days", "2", "--tz", "UTC"]
    run += ["--log", "none"]
    assert main(run) == 0
    before = db.read_bytes()
    capsys.readouterr()
    assert main(run) == 2  # going on from today, its second day would be tomorrow
    assert "--allow-future" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_a_continuation_that_would_reach_past_now_says_how_many_days_fit_not_an_earlier_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "history.sqlite3"
    first = ["simulate", "--db", str(db), "--start", "2026-03-01T08:00:00Z", "--swipes", "200"]
    assert main([*first, "--days", "2", "--tz", "UTC", "--log", "none"]) == 0
    capsys.readouterr()
    again = ["simulate", "--db", str(db), "--swipes", "100", "--days", "30", "--tz", "UTC"]
    assert main([*again, "--log", "none"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    # It goes on from the midnight after 2026-03-02: 7 whole days fit before 03-10 18:30.
    assert "this file's history goes on from 2026-03-03T00:00:00Z" in line
    assert "pass --days 7 or fewer" in line and "earlier --start" not in line
    assert main([*again[:-4], "--days", "7", "--tz", "UTC", "--log", "none"]) == 0
    out = capsys.readouterr().out
    assert "rows written" in out and "(the whole file)" in out  # not this run's alone
