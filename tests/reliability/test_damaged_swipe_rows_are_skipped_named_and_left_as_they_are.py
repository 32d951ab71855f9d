"""Damaged swipe rows in a real file: skipped, named once, left alone, and the rest works.

Start-up replays the swipes stored after the latest snapshot, and the catch-up and
``simulate``'s summary read their dates; another program (or a bad disk sector that SQLite
still reads) can leave a time that is not an instant, a time without a UTC offset, or a
local date that is not a date. Each such row is skipped and named by its sequence number in
one log line and in the window's banner; the file is left as it is; new swipes are numbered
after every stored one; and each command says so in one line instead of a traceback.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.cli import main
from app.desktop import run_desktop
from store import Catalog
from tests.harness import VirtualSession
from tests.reliability.invariants import integrity, read_contents, replay
from ui.main_window import MainWindow

DAMAGE = {
    62: ("at", "not a time"),
    65: ("at", "2026-01-06T10:00:00"),  # naive: which zone's ten o'clock?
    67: ("local_date", "garbage"),
    70: ("at", "not a time"),  # the last stored swipe: the next one must still be 71
}
NAMED = "swipes 62, 65, 67 and 70"
NEXT_DAY = datetime(2026, 1, 21, 9, 0, tzinfo=UTC)


def stored_rows(db_path: Path) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT * FROM swipes ORDER BY sequence").fetchall()
    finally:
        connection.close()


def seventy_swipes_with(
    db_path: Path, damage: dict[int, tuple[str, str]]
) -> list[tuple[object, ...]]:
    """70 swipes on 2026-01-20, the latest row covering 60 of them; then ``damage`` done."""
    session = VirtualSession(db_path)
    session.swipe(60, every=0.2)
    session.settle()
    session.swipe(10, every=0.2)
    session.settle()
    session.close()
    assert max(row.profile_version for row in session.rows()) == 60
    connection = sqlite3.connect(db_path, isolation_level=None)
    try:
        for sequence, (column, value) in damage.items():
            connection.execute(
                f"UPDATE swipes SET {column} = ? WHERE sequence = ?", (value, sequence)
            )
    finally:
        connection.close()
    return stored_rows(db_path)


@pytest.fixture
def damaged(db_path: Path) -> list[tuple[object, ...]]:
    """Four of the swipes after the latest snapshot damaged (`DAMAGE`)."""
    return seventy_swipes_with(db_path, DAMAGE)


def damage_lines(records: list[logging.LogRecord]) -> list[str]:
    return [record.getMessage() for record in records if "damaged swipe" in record.getMessage()]


def test_a_session_skips_the_damaged_swipes_names_them_once_and_goes_on_numbering_after_them(
    db_path: Path,
    damaged: list[tuple[object, ...]],
    catalog: Catalog,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        session = VirtualSession(db_path, start=NEXT_DAY)  # the catch-up reads them again
    lines = damage_lines(caplog.records)
    assert len(lines) == 1
    assert NAMED in lines[0]
    assert "'not a time'" in lines[0] and "'garbage'" in lines[0]
    assert any(NAMED in warning for warning in session.session.warnings)

    valid = read_contents(db_path, catalog, timezone="UTC").swipes
    assert [swipe.sequence for swipe in valid] == [s for s in range(1, 71) if s not in DAMAGE]
    state = session.store.get_state()
    assert state.profile.tags == replay(valid, catalog, timezone="UTC").profile.tags
    assert state.profile.sequence == 70  # the damaged rows keep their numbers

    session.swipe(20, every=0.2)
    session.settle()
    state = session.store.get_state()
    assert not state.snapshots.failing
    assert state.snapshots.persisted_sequence == 90
    session.close()
    keys = session.keys()
    assert "day:2026-01-20" in keys and "swipes:000075" in keys
    assert stored_rows(db_path)[:70] == damaged  # left exactly as they were
    assert [row[0] for row in stored_rows(db_path)[70:]] == list(range(71, 91))
    assert integrity(db_path) == "ok"


def test_the_desktop_app_starts_shows_them_in_the_banner_and_says_so_in_one_line(
    db_path: Path,
    damaged: list[tuple[object, ...]],
    qtbot: QtBot,
    capsys: pytest.CaptureFixture[str],
) -> None:
    banners: list[str] = []

    def look_and_close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        banners.extend(window.banner.text for window in windows if window.banner.isVisible())
        for window in windows:
            window.close()

    QTimer.singleShot(0, look_and_close)
    assert run_desktop(db_path=db_path, demo_clock=False) == 0
    assert len(banners) == 1 and NAMED in banners[0]
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if "damaged swipe" in line] == [
        line for line in err.splitlines() if NAMED in line
    ]
    assert len([line for line in err.splitlines() if "damaged swipe" in line]) == 1
    assert stored_rows(db_path)[:70] == damaged


def one_stderr_line(captured: pytest.CaptureResult[str]) -> str:
    assert "Traceback" not in captured.err
    (line,) = captured.err.strip().splitlines()
    return line


@pytest.mark.parametrize("output", ["table", "json"])
def test_simulate_runs_on_the_file_and_names_the_damaged_swipes_among_its_checks(
    db_path: Path,
    damaged: list[tuple[object, ...]],
    output: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The run and its summary work; the file's check after the run names the damage: status
    2 and one line saying the file was damaged from outside (never "a bug in TasteTrail")."""
    arguments = ["simulate", "--db", str(db_path), "--swipes", "30", "--days", "1"]
    arguments += ["--tz", "UTC", "--start", "2026-01-22T08:00:00Z", "--log", "none"]
    assert main([*arguments, "--json"] if output == "json" else arguments) == 2
    captured = capsys.readouterr()
    line = one_stderr_line(captured)
    assert "the database breaks 1 invariant(s)" in line and "damaged from outside" in line
    assert "bug" not in line
    named = "every swipe row is readable: 4 damaged row(s) skipped: 62, 65, 67 and 70"
    if output == "json":
        summary = json.loads(captured.out.splitlines()[-1])
        assert summary["damaged_swipes"] == sorted(DAMAGE)
        assert summary["invariants"] == [named]
        assert summary["swipes_in_database"] == 100
    else:
        assert [line for line in captured.out.splitlines() if "damaged" in line] == [f"    {named}"]
        assert "(100 in the swipes table)" in captured.out
    assert stored_rows(db_path)[:70] == damaged


def test_a_bad_local_date_before_the_latest_snapshot_is_named_by_simulate_in_one_line(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = seventy_swipes_with(db_path, {10: ("local_date", "2026-13-45")})
    arguments = ["simulate", "--db", str(db_path), "--swipes", "30", "--days", "1", "--tz"]
    arguments += ["UTC", "--start", "2026-01-22T08:00:00Z", "--log", "none"]
    assert main(arguments) == 2
    captured = capsys.readouterr()
    assert "the database breaks 1 invariant(s)" in one_stderr_line(captured)
    assert [line for line in captured.out.splitlines() if "damaged" in line] == [
        "    every swipe row is readable: 1 damaged row(s) skipped: 10"
    ]
    assert "local days active     2" in captured.out  # 2026-01-20 and 2026-01-22
    assert stored_rows(db_path)[:70] == damaged


def test_the_commands_that_read_only_snapshot_rows_are_not_disturbed(
    db_path: Path, damaged: list[tuple[object, ...]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["snapshots", "--db", str(db_path)]) == 0
    assert "swipes:000050" in capsys.readouterr().out
    arguments = ["trend", "--db", str(db_path), "--tz", "UTC", "--now", "2026-01-20T20:00:00Z"]
    assert main(arguments) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert stored_rows(db_path) == damaged
