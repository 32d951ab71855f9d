"""``python -m app`` headless commands: simulate, snapshots and policy, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from middleware.persistence.repository import SnapshotRepository

CONTRACT_KEYS = {
    "id",
    "createdAt",
    "snapshotDateLocal",
    "triggerType",
    "windowKey",
    "profileVersion",
    "payloadJson",
    "metaJson",
}


def simulate(db: Path, *extra: str) -> int:
    base = ["simulate", "--swipes", "600", "--days", "3", "--tz", "Europe/Berlin"]
    base += ["--start", "2026-01-05T07:00:00Z"]
    return main([*base, "--db", str(db), *extra])


def test_simulate_by_default_prints_a_short_summary_and_no_decision_log(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert simulate(db_path) == 0
    out = capsys.readouterr().out
    assert "snapshot_" not in out
    assert "rows written          27 (DAY_ROLLOVER 3, SWIPE_THRESHOLD 24)" in out
    assert "local days active     3" in out
    assert "invariants            ok" in out
    assert len(out.splitlines()) < 25


def test_simulate_with_log_decisions_prints_decisions_and_a_summary_with_write_amplification(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert simulate(db_path, "--fail-rate", "0.2", "--seed", "3", "--log", "decisions") == 0
    out = capsys.readouterr().out
    assert "snapshot_scheduled" in out
    assert "snapshot_skipped" not in out, "skipped checks print only with --log all"
    assert " WARNING snapshot_failed " in out and "write_retried" in out
    assert "writes_healed" in out  # a failure is told once, and so is its end
    assert "write amplification   1.00x the minimum" in out
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        rows = repository.list_snapshots()
        assert repository.max_swipe_sequence() == 600
    triggers = [row.trigger_type.value for row in rows]
    assert triggers.count("SWIPE_THRESHOLD") == 600 // 25
    assert triggers.count("DAY_ROLLOVER") == 3


def test_simulate_with_log_all_also_prints_each_skipped_check_and_its_reason(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert simulate(db_path, "--log", "all") == 0
    out = capsys.readouterr().out
    assert "snapshot_skipped    reason=below_threshold detail=" in out
    assert "batch_coalesced" in out


def test_simulate_is_reproducible_for_a_seed(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert simulate(first, "--seed", "9", "--log", "none") == 0
    assert simulate(second, "--seed", "9", "--log", "none") == 0
    with SnapshotRepository.open(first, read_only=True) as a:
        rows_a = [(r.window_key, r.payload.canonical_json()) for r in a.list_snapshots()]
    with SnapshotRepository.open(second, read_only=True) as b:
        rows_b = [(r.window_key, r.payload.canonical_json()) for r in b.list_snapshots()]
    assert rows_a == rows_b


def test_simulate_json_log_is_one_object_per_line_ending_with_a_summary(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert simulate(db_path, "--json", "--log", "decisions") == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {line["event"] for line in lines[:-1]} >= {"snapshot_scheduled", "snapshot_created"}
    summary = lines[-1]
    assert summary["event"] == "summary"
    assert summary["swipes"] == 600
    assert summary["write_amplification"] == 1.0


def test_snapshots_json_uses_the_row_contract(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    simulate(db_path, "--log", "none")
    capsys.readouterr()
    assert main(["snapshots", "--db", str(db_path), "--json", "--limit", "2"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 2
    assert set(rows[0]) == CONTRACT_KEYS
    assert rows[0]["createdAt"].endswith("Z")
    assert json.loads(rows[0]["payloadJson"])["schema_version"] == 1


def test_snapshots_table_filters_by_date(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    simulate(db_path, "--log", "none")
    capsys.readouterr()
    assert main(["snapshots", "--db", str(db_path), "--since", "2026-01-07"]) == 0
    out = capsys.readouterr().out
    assert "2026-01-05" not in out.split("\n", 2)[2]
    assert "row(s) in" in out


def test_policy_prints_the_matrix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy"]) == 0
    out = capsys.readouterr().out
    assert "crossing the threshold" in out
    assert "NO (expected" not in out


def test_an_unknown_zone_exits_2_with_one_line_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "never.sqlite3"
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate", "--tz", "Mars/Olympus", "--db", str(target)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "unknown IANA time zone 'Mars/Olympus'" in err
    assert not target.exists()


def test_the_minimum_rows_of_a_month_count_its_ended_weeks_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "month.sqlite3"
    argv = ["simulate", "--db", str(db_path), "--swipes", "600", "--days", "30", "--json"]
    assert main([*argv, "--start", "2026-01-05T07:00:00Z", "--tz", "UTC"]) == 0
    summary = json.loads(capsys.readouterr().out.splitlines()[-1])
    weekly = summary["rows_by_trigger"]["WEEKLY_ROLLOVER"]
    assert weekly >= 4, "a month of days ends four weeks at least"
    assert summary["minimum_rows"] == summary["rows_written"]
