"""A ``simulate`` run that stored less than it was asked to says so, in one line, with status 2.

The file, its folder or its lock file is made unwritable for real (immutable for root, see
`tests.write_protection`), after a first run stored some history. The second run's swipes
cannot land: it must not report "invariants ok" with status 0, nor call the system's refusal
a bug in TasteTrail; it exits 2 with one line saying what was stored and why not, its
summary names what is missing, its printed log stays short (not a line per retry), and the
file is left as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import main
from tests.write_protection import files_in, write_protected

# Late in the day: the refused writes are retried until the day ends, in virtual time.
RUN = ["--swipes", "100", "--days", "1", "--tz", "UTC", "--start", "2026-01-06T21:00:00Z"]
RUN += ["--log", "decisions"]  # the log printed, to show it stays short
MOST_LINES = 80
"""A bounded log: the decisions, a few failures per streak, the summary (117,000 before)."""


@pytest.fixture
def history(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db_path = tmp_path / "folder" / "tastetrail.sqlite3"
    db_path.parent.mkdir()
    arguments = ["simulate", "--db", str(db_path), "--swipes", "30", "--days", "1"]
    arguments += ["--tz", "UTC", "--start", "2026-01-05T08:00:00Z"]
    assert main([*arguments, "--log", "none"]) == 0
    capsys.readouterr()
    return db_path


def lock_file(db_path: Path) -> Path:
    lock = db_path.with_name(db_path.name + ".lock")
    lock.touch()
    return lock


PROTECTED: dict[str, Callable[[Path], Path]] = {
    "the-database": lambda db_path: db_path,
    "its-folder": lambda db_path: db_path.parent,
    "its-lock-file": lock_file,
}


@pytest.mark.parametrize("what", PROTECTED.values(), ids=PROTECTED.keys())
def test_a_run_whose_writes_are_refused_exits_2_with_one_line_saying_what_was_stored(
    history: Path, capsys: pytest.CaptureFixture[str], what: Callable[[Path], Path]
) -> None:
    protected = what(history)
    before = files_in(history.parent)
    with write_protected(protected):
        status = main(["simulate", "--db", str(history), *RUN])
    captured = capsys.readouterr()
    assert status == 2
    (line,) = captured.err.strip().splitlines()
    assert line.startswith("python -m app simulate: error: stored 0 of the 100 swipes")
    assert "read-only" in line
    assert "bug" not in line
    out = captured.out.splitlines()
    assert len(out) < MOST_LINES, f"{len(out)} lines printed"
    assert "  invariants            FAILED" in out
    assert "    every swipe and snapshot the run asked for is stored: 0 of the run's 100 swipes" \
        " are stored" in out
    assert files_in(history.parent) == before


def test_the_json_summary_counts_the_unsaved_swipes_and_names_the_shortfall(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with write_protected(history):
        status = main(["simulate", "--db", str(history), *RUN, "--json"])
    captured = capsys.readouterr()
    assert status == 2
    summary = json.loads(captured.out.splitlines()[-1])
    assert summary["unsaved_swipes"] == 100
    assert summary["swipes_in_database"] == 30
    assert "every swipe and snapshot the run asked for is stored: 0 of the run's 100 swipes " \
        "are stored" in summary["invariants"]
    assert len(captured.out.splitlines()) < MOST_LINES


def test_the_same_run_on_a_writable_file_stores_everything_and_exits_0(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", "--db", str(history), *RUN]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "  invariants            ok" in captured.out.splitlines()
    assert "(130 in the swipes table)" in captured.out
