"""``python -m app trend``: the query selectors' view, as a listing or as canonical JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.cli import main
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.trend_queries import TrendRange, read_trend
from tests.snapshot_rows_factory import new_row, write_rows

NOW = "2026-01-09T12:00:00+01:00"
"""Midday of the last simulated day (the simulation starts on 5 January)."""


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("trend") / "five-days.sqlite3"
    arguments = ["simulate", "--swipes", "3000", "--days", "5", "--tz", "Europe/Berlin"]
    arguments += ["--start", "2026-01-05T07:00:00Z"]
    assert main([*arguments, "--db", str(path), "--log", "none"]) == 0
    return path


def _trend(db: Path, *extra: str) -> list[str]:
    return ["trend", "--db", str(db), "--tz", "Europe/Berlin", "--now", NOW, *extra]


def test_json_is_exactly_the_selectors_view_and_the_same_bytes_every_time(
    simulated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    outputs = []
    for _ in range(2):
        assert main(_trend(simulated, "--range", "today", "--points", "16", "--json")) == 0
        outputs.append(capsys.readouterr().out)
    with SnapshotRepository.open(simulated, read_only=True) as repository:
        view = read_trend(
            repository,
            range=TrendRange.TODAY,
            max_points=16,
            now=datetime.fromisoformat(NOW),
            zone=ZoneInfo("Europe/Berlin"),
        )
    assert outputs[0] == outputs[1] == view.canonical_json() + "\n"
    drawn = json.loads(outputs[0])
    assert drawn["resolution"] == "checkpoints" and len(drawn["series"]) == 5
    assert all(0 < len(series["points"]) <= 16 for series in drawn["series"])
    assert all(series["rowsWithTag"] > 16 for series in drawn["series"])


def test_the_listing_shows_each_default_tag_and_its_points_in_local_time(
    simulated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(_trend(simulated)) == 0
    listing = capsys.readouterr().out
    with SnapshotRepository.open(simulated, read_only=True) as repository:
        latest = repository.last_created_snapshot()
    assert latest is not None
    for tag in latest.payload.tags[:5]:
        assert f"\n{tag.tag}: " in listing
    assert listing.startswith("trend 7d (daily) in Europe/Berlin, from 2026-01-03 00:00:00 CET")
    assert "00:00:00 CET" in listing and "DAY_ROLLOVER" in listing


def test_chosen_tags_and_a_point_budget_shape_what_is_drawn(
    simulated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    command = _trend(simulated, "--range", "all", "--tags", "ramen, coffee", "--points", "4")
    assert main([*command, "--json"]) == 0
    drawn = json.loads(capsys.readouterr().out)
    assert [series["tag"] for series in drawn["series"]] == ["ramen", "coffee"]
    assert all(len(series["points"]) <= 4 for series in drawn["series"])


def test_a_tag_no_checkpoint_holds_is_named_with_tags_that_exist(
    simulated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(_trend(simulated, "--range", "all", "--tags", "ramne,coffee")) == 0
    out = capsys.readouterr().out
    assert "no checkpoint of this range holds 'ramne': check the spelling" in out
    assert "holds 'coffee'" not in out


BAD = {
    "unknown-range": (["--range", "2w"], "unknown range '2w'"),
    "too-few-points": (["--points", "3"], "from 4 to 100,000 points per tag"),
    "empty-tag": (["--tags", "ramen,,tofu"], "separated by commas"),
    "naive-now": (["--now", "2026-01-09T12:00:00"], "no UTC offset"),
    "unknown-zone": (["--tz", "Mars/Olympus"], "unknown IANA time zone"),
}


@pytest.mark.parametrize(("extra", "message"), BAD.values(), ids=BAD.keys())
def test_bad_input_exits_2_with_one_line_that_says_what_to_do(
    simulated: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        main(["trend", "--db", str(simulated), *extra])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1 and message in captured.err


@pytest.mark.parametrize("content", [None, b"this is not a database, only text " * 20])
def test_a_missing_or_foreign_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None
) -> None:
    path = tmp_path / "profile.sqlite3"
    if content is not None:
        path.write_bytes(content)
    assert main(["trend", "--db", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1 and "error" in captured.err
    assert path.exists() == (content is not None)


def test_a_closed_pipe_ends_the_listing_quietly(tmp_path: Path) -> None:
    # A day of a checkpoint a minute: far more lines than a pipe buffer holds.
    path = tmp_path / "busy-day.sqlite3"
    day = datetime(2026, 2, 10, tzinfo=UTC)
    scores = {"ramen": 0.25, "spicy": -0.5, "tofu": 0.75, "umami": 0.1, "kimchi": 0.3}
    with SnapshotRepository.open(path) as repository:
        write_rows(
            repository,
            [new_row(25 * (i + 1), day + timedelta(minutes=i), scores) for i in range(1_400)],
        )
    command = [sys.executable, "-m", "app", "trend", "--db", str(path), "--range", "today"]
    command += ["--tz", "UTC", "--now", "2026-02-10T23:59:00Z"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b"trend today")
        process.stdout.close()
        errors = process.stderr.read()
        status = process.wait(timeout=60)
    assert (status, errors) == (0, b"")


def test_json_names_the_tags_that_rose_and_fell_most_over_the_range(
    simulated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(_trend(simulated, "--range", "7d", "--json")) == 0
    movers = json.loads(capsys.readouterr().out)["movers"]
    assert movers and all(set(m) == {"tag", "from", "to", "change"} for m in movers)
    assert all(m["change"] == round(m["to"] - m["from"], 4) for m in movers)
    rose = [m["change"] for m in movers if m["change"] > 0]
    assert rose == sorted(rose, reverse=True)
    assert main(_trend(simulated, "--range", "7d")) == 0
    assert f"{movers[0]['tag']} " in capsys.readouterr().out.split("what changed", 1)[1]
