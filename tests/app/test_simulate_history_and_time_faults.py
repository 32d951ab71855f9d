"""``simulate`` on a database with history, and trips and clock faults replayed from the
command line, each run checked by the invariants the reliability suite holds the app to."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from middleware.persistence.repository import SnapshotRepository

BERLIN_EVENING = [
    "--tz",
    "Europe/Berlin",
    "--start",
    "2026-03-10T19:30:00Z",  # 20:30 in Berlin
    "--swipes",
    "200",
    "--days",
    "1",
    "--pause",
    "300",
    "--burst-size",
    "10",
    "--log",
    "none",
]
"""Swipes from 20:30 to about 22:20 in Berlin on 10 March, past the faults below."""


def simulate(db: Path, *arguments: str) -> int:
    return main(["simulate", "--db", str(db), *arguments])


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def rollovers(db: Path) -> dict[str, str]:
    with SnapshotRepository.open(db, read_only=True) as repository:
        return {
            row.window_key: row.created_at.isoformat()
            for row in repository.list_snapshots()
            if row.window_key.startswith("day:")
        }


def test_a_second_run_continues_after_the_last_swipe(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = ["--tz", "Europe/Berlin", "--swipes", "200", "--days", "2", "--log", "none"]
    assert simulate(db_path, *first, "--start", "2026-03-07T07:00:00Z") == 0
    capsys.readouterr()
    assert simulate(db_path, *first) == 0
    out = capsys.readouterr().out
    assert "continuing after swipe #200 at 2026-03-08T" in out
    assert "from 2026-03-08T23:00:00Z" in out  # midnight in Berlin after the last swipe
    assert "  invariants            ok" in out
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        swipes = list(repository.swipes_after(0))
    assert [swipe.sequence for swipe in swipes] == list(range(1, 401))
    assert swipes[200].at > swipes[199].at and swipes[200].local_date.isoformat() == "2026-03-09"
    assert sorted(rollovers(db_path)) == [f"day:2026-03-{day:02d}" for day in (7, 8, 9, 10)]


def test_a_start_before_the_last_swipe_is_refused_in_one_line_and_changes_nothing(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert simulate(db_path, *BERLIN_EVENING) == 0
    capsys.readouterr()
    before = files_in(db_path.parent)
    assert simulate(db_path, *BERLIN_EVENING) == 2
    captured = capsys.readouterr()
    (line,) = captured.err.strip().splitlines()
    assert line.startswith(
        "python -m app simulate: error: --start 2026-03-10T19:30:00Z is before the "
        "database's last swipe, #200 at 2026-03-10T21:"
    )
    assert line.endswith("leave --start out to continue from 2026-03-11T00:00:00+01:00")
    assert captured.out == ""
    assert files_in(db_path.parent) == before


BAD_FAULTS = {
    "no-equals": (["--zone-change", "2026-01-06T12:00:00Z"], "expected AT=VALUE"),
    "naive-instant": (["--zone-change", "2026-01-06T12:00:00=Asia/Tokyo"], "no UTC offset"),
    "unknown-zone": (["--zone-change", "2026-01-06T12:00:00Z=Mars/Olympus"], "unknown IANA"),
    "years": (["--clock-jump", "2026-01-06T12:00:00Z=+5y"], "five years: +1826d"),
    "no-sign": (["--clock-jump", "2026-01-06T12:00:00Z=3d"], "such as +3d or -1h"),
    "zero": (["--clock-jump", "2026-01-06T12:00:00Z=-0h"], "does not move the clock"),
    "after-the-run": (
        ["--zone-change", "2026-02-01T00:00:00Z=Asia/Tokyo"],
        "outside the simulated days, which run from 2026-01-05T07:00:00Z to 2026-01-08T00:00:00Z",
    ),
    "at-the-start": (["--clock-jump", "2026-01-05T07:00:00Z=+1h"], "outside the simulated days"),
}


@pytest.mark.parametrize(("arguments", "says"), BAD_FAULTS.values(), ids=BAD_FAULTS.keys())
@pytest.mark.parametrize("with_db", [True, False], ids=["db", "default-db"])
def test_a_bad_time_fault_exits_2_with_one_line_and_creates_nothing(
    arguments: list[str],
    says: str,
    with_db: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    db = ["--db", str(tmp_path / "never.sqlite3")] if with_db else []
    try:
        start = ["--start", "2026-01-05T07:00:00Z"]
        status = main(["simulate", "--days", "3", "--tz", "UTC", *start, *db, *arguments])
    except SystemExit as exit_:
        status = exit_.code  # type: ignore[assignment]
    assert status == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert says in line and "error" in line
    assert list(tmp_path.iterdir()) == []


def test_a_trip_west_is_replayed_and_the_date_rolls_over_at_the_new_zones_midnight(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 21:00 in Berlin is 15:00 in New York: the 10th goes on, and ends at 04:00 UTC.
    trip = ["--zone-change", "2026-03-10T20:00:00Z=America/New_York"]
    assert simulate(db_path, *BERLIN_EVENING, *trip) == 0
    out = capsys.readouterr().out
    assert "  zone change at 2026-03-10T20:00:00Z to America/New_York" in out
    assert "  invariants            ok" in out
    assert rollovers(db_path) == {"day:2026-03-10": "2026-03-11T04:00:00+00:00"}


def test_the_summary_in_json_says_the_invariants_hold(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert simulate(db_path, *BERLIN_EVENING, "--json") == 0
    summary = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert summary["invariants"] == "ok"
    assert (summary["zone_at_end"], summary["local_date_at_end"]) == ("Europe/Berlin", "2026-03-11")


def test_a_broken_invariant_is_named_and_exits_1(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert simulate(db_path, *BERLIN_EVENING) == 0
    connection = sqlite3.connect(db_path, isolation_level=None)
    try:  # damage from outside: a rollover row that says it was written before its day ended
        connection.execute(
            "UPDATE profile_snapshots SET created_at = '2026-03-10T22:00:00.000Z' "
            "WHERE window_key = 'day:2026-03-10'"
        )
    finally:
        connection.close()
    capsys.readouterr()
    assert simulate(db_path, "--tz", "Europe/Berlin", "--swipes", "50", "--log", "none") == 1
    captured = capsys.readouterr()
    assert "  invariants            FAILED\n" in captured.out
    assert (
        "    no row is dated after its clock: day:2026-03-10 was written on 2026-03-10, "
        "before it ended" in captured.out
    )
    (line,) = captured.err.strip().splitlines()
    assert "the database breaks 1 invariant(s)" in line and "bug in TasteTrail" in line


def test_a_trip_east_past_midnight_rolls_the_earlier_date_over_live(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 21:00 in Berlin on the 10th is 05:00 on the 11th in Tokyo: the 10th ended at once.
    trip = ["--zone-change", "2026-03-10T20:00:00Z=Asia/Tokyo"]
    assert simulate(db_path, *BERLIN_EVENING, *trip) == 0
    assert "  invariants            ok" in capsys.readouterr().out
    assert sorted(rollovers(db_path)) == ["day:2026-03-10", "day:2026-03-11"]


def test_a_clock_five_years_ahead_and_corrected_leaves_later_rollovers_live(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Swipes from 21:00 in Berlin; from 21:45 the clock is five years ahead, and the
    # excursion's date (2031-01-19) rolls over at its midnight before the clock is put back.
    excursion = [
        "--clock-jump",
        "2026-01-19T20:45:00Z=+1826d",
        "--clock-jump",
        "2026-01-19T23:45:00Z=-1826d",
    ]
    run = ["--tz", "Europe/Berlin", "--start", "2026-01-19T20:00:00Z", "--pause", "1800"]
    days = ["--swipes", "400", "--days", "4", "--log", "none"]
    assert simulate(db_path, *run, *days, *excursion) == 2  # its swipes in 2031 are after now
    assert "--allow-future" in capsys.readouterr().err
    assert simulate(db_path, *run, *days, *excursion, "--allow-future") == 0
    assert "  invariants            ok" in capsys.readouterr().out
    assert {"day:2026-01-20", "day:2026-01-21", "day:2026-01-22"} <= set(rollovers(db_path))
