"""``python -m app snapshots``: newest first, streamed, bounded by --limit, quiet when its
pipe closes."""

from __future__ import annotations

import json
import logging
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from middleware.persistence.repository import SnapshotRepository
from tests.snapshot_rows_factory import new_row, write_rows

AT = datetime(2026, 2, 10, 0, 0, tzinfo=UTC)
ROWS = 2_000


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 rows a minute apart, far more output than a pipe buffer holds."""
    path = tmp_path_factory.mktemp("snapshots") / "big.sqlite3"
    scores = {"ramen": 0.25, "spicy": -0.5, "tofu": 0.75, "umami": 0.1}
    with SnapshotRepository.open(path) as repository:
        write_rows(
            repository,
            [new_row(25 * (i + 1), AT + timedelta(minutes=i), scores) for i in range(ROWS)],
        )
    return path


def _versions(table: str) -> list[int]:
    return [int(line.split()[4]) for line in table.splitlines()[2:-1]]


def test_rows_are_listed_newest_first_and_oldest_first_on_request(
    big_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["snapshots", "--db", str(big_db)]) == 0
    newest_first = capsys.readouterr().out
    assert _versions(newest_first) == [25 * n for n in range(ROWS, 0, -1)]
    assert newest_first.endswith(f"{ROWS} row(s) in {big_db}\n")
    assert main(["snapshots", "--db", str(big_db), "--oldest-first"]) == 0
    assert _versions(capsys.readouterr().out) == [25 * n for n in range(1, ROWS + 1)]


def test_a_since_after_the_until_is_refused_in_one_line_not_listed_as_nothing(
    big_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    span = ["--since", "2026-02-11T00:00:00Z", "--until", "2026-02-10T00:00:00Z"]
    assert main(["snapshots", "--db", str(big_db), *span]) == 2
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith("python -m app snapshots: error: --since 2026-02-11")
    assert "swap them" in line and captured.out == ""


def test_limit_gives_the_newest_rows_or_with_oldest_first_the_oldest(
    big_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["snapshots", "--db", str(big_db), "--limit", "3"]) == 0
    assert _versions(capsys.readouterr().out) == [50_000, 49_975, 49_950]
    assert main(["snapshots", "--db", str(big_db), "--limit", "2", "--oldest-first"]) == 0
    assert _versions(capsys.readouterr().out) == [25, 50]


def test_the_streamed_json_is_the_row_contract_array_byte_for_byte(
    big_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["snapshots", "--db", str(big_db), "--json", "--since", "2026-02-11"]) == 0
    streamed = capsys.readouterr().out
    with SnapshotRepository.open(big_db, read_only=True) as repository:
        rows = repository.list_snapshots(since=datetime(2026, 2, 11, tzinfo=UTC))
    expected = json.dumps([row.to_contract() for row in reversed(rows)], indent=2) + "\n"
    assert len(rows) > 500 and streamed == expected


def test_an_empty_listing_is_an_empty_json_array(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    SnapshotRepository.open(db_path).close()
    assert main(["snapshots", "--db", str(db_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_a_limited_listing_never_reads_the_old_rows(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    # Old rows that cannot be parsed: a read that touched them would log each one skipped.
    path = tmp_path / "history.sqlite3"
    with SnapshotRepository.open(path) as repository:
        write_rows(
            repository,
            [new_row(25 * i, AT + timedelta(hours=i), {"ramen": 0.2}) for i in range(1, 31)],
        )
    connection = sqlite3.connect(path, isolation_level=None)
    connection.executemany(
        "INSERT INTO profile_snapshots VALUES (?, ?, '2025-01-01', 'MANUAL', ?, ?, 'broken', NULL)",
        [
            (f"old-{i}", f"2025-01-01T00:{i:02d}:00.000000Z", f"manual:old-{i}", i)
            for i in range(50)
        ],
    )
    connection.close()
    with caplog.at_level(logging.WARNING, logger="tastetrail.repository"):
        assert main(["snapshots", "--db", str(path), "--limit", "5"]) == 0
        assert _versions(capsys.readouterr().out) == [750, 725, 700, 675, 650]
        assert not [record for record in caplog.records if "skipped" in record.getMessage()]
        assert main(["snapshots", "--db", str(path), "--limit", "5", "--oldest-first"]) == 0
    skipped = [record for record in caplog.records if "skipped" in record.getMessage()]
    assert len(skipped) == 50  # the oldest rows were reached, and each was skipped once


@pytest.mark.parametrize("extra", [[], ["--json"]], ids=["table", "json"])
def test_a_closed_pipe_ends_the_listing_quietly(big_db: Path, extra: list[str]) -> None:
    command = [sys.executable, "-m", "app", "snapshots", "--db", str(big_db), *extra]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        first_lines = [process.stdout.readline() for _ in range(2)]  # what `head -2` reads
        process.stdout.close()
        errors = process.stderr.read()
        status = process.wait(timeout=60)
    assert all(first_lines)
    assert status == 0
    assert errors == b""


def test_rows_dated_after_now_are_listed_and_named_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from middleware.clock import SystemClock
    from store.snapshot_rows import format_utc_millis
    from tests.harness import VirtualSession

    ahead = VirtualSession(tmp_path / "ahead.sqlite3")  # 2026-01-20: a clock running ahead
    ahead.swipe(50)
    ahead.settle()
    ahead.close()
    monkeypatch.setattr(SystemClock, "now", lambda _self: datetime(2026, 1, 19, tzinfo=UTC))
    capsys.readouterr()
    assert main(["snapshots", "--db", str(ahead.db_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "2 row(s) in" in out[-2]  # listed, as every row is
    newest = max(row.created_at for row in ahead.rows())
    assert out[-1] == (
        "2 row(s) are dated after now (more than an hour ahead of this computer's clock); "
        f"the newest is {format_utc_millis(newest)}"
    )
    assert main(["snapshots", "--db", str(ahead.db_path), "--json"]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 2  # the array stays whole; the line is on stderr
    assert captured.err.startswith("2 row(s) are dated after now")
