"""The simulation commits a minute of swipes together: the file is the same as one a swipe."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.simulation import simulator
from app.simulation.simulator import SimulationOptions, run_simulation
from app.simulation.time_faults import ClockJump, ZoneChange

START = datetime(2025, 3, 28, 6, tzinfo=UTC)  # the days around a change of summer time


def rows(db_path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with sqlite3.connect(db_path) as connection:
        swipes = connection.execute("SELECT * FROM swipes ORDER BY 1").fetchall()
        snapshots = connection.execute("SELECT * FROM profile_snapshots ORDER BY 1").fetchall()
    return swipes, snapshots


@pytest.mark.parametrize("fail_rate", [0.0, 0.2])
def test_grouped_commits_store_the_same_swipes_and_snapshot_rows_as_one_commit_a_swipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_rate: float
) -> None:
    def run(name: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        options = SimulationOptions(
            db_path=tmp_path / f"{name}.sqlite3",
            swipes=1_500,
            days=4,
            zone=ZoneInfo("Europe/Paris"),
            start=START,
            seed=3,
            fail_rate=fail_rate,
            time_faults=(
                ZoneChange(at=datetime(2025, 3, 29, 12, tzinfo=UTC), zone=ZoneInfo("Asia/Tokyo")),
                ClockJump(at=datetime(2025, 3, 30, 9, tzinfo=UTC), by=timedelta(hours=-3)),
            ),
        )
        report = run_simulation(options)
        assert report.swipes_in_database == 1_500
        return rows(options.db_path)

    grouped = run("grouped")
    monkeypatch.setattr(simulator, "GROUP_COMMIT_SECONDS", 0.0)
    one_a_swipe = run("one-a-swipe")
    assert grouped[0] == one_a_swipe[0]
    assert grouped[1] == one_a_swipe[1]
    assert len(grouped[1]) > 60
