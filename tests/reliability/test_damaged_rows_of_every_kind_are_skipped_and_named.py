"""Damaged rows of every kind, not only bad times: skipped, named, left as they are.

Another program can leave a swipe on a card the catalog does not have, a card id of a
megabyte, a direction the schema's CHECK would refuse (written with the checks off), a
sequence that is text (in a swipes table it rebuilt), or a snapshot row whose trigger is
``manual`` in lower case. Each is after the latest snapshot, so start-up replays it. The
window starts and names the damaged swipe; ``screenshot --db`` draws the file; ``simulate``
stores its own swipes and exits 2 with one line saying the file was damaged from outside;
none of them dies with a ValueError, and the damaged rows stay in the file as they were.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.cli import main
from app.desktop import run_desktop
from tests.harness import VirtualSession
from ui.main_window import MainWindow

Damage = Callable[[sqlite3.Connection], None]


def _set(sql: str, *parameters: object) -> Damage:
    def damage(connection: sqlite3.Connection) -> None:
        connection.execute("PRAGMA ignore_check_constraints = ON")
        connection.execute(sql, parameters)

    return damage


def _text_sequence(connection: sqlite3.Connection) -> None:
    """The swipes table rebuilt without its INTEGER key, row 65 numbered in words."""
    connection.executescript(
        """
        CREATE TABLE rebuilt (sequence, item_id TEXT NOT NULL, direction TEXT NOT NULL,
                              at TEXT NOT NULL, local_date TEXT NOT NULL, undoes INTEGER NULL);
        INSERT INTO rebuilt SELECT * FROM swipes;
        UPDATE rebuilt SET sequence = 'sixty-five' WHERE sequence = 65;
        DROP TABLE swipes;
        ALTER TABLE rebuilt RENAME TO swipes;
        CREATE INDEX swipes_by_local_date ON swipes (local_date);
        """
    )


SWIPE_DAMAGE: dict[str, tuple[Damage, str]] = {
    "unknown-card": (
        _set("UPDATE swipes SET item_id = 'no-such-card' WHERE sequence = 65"),
        "its card 'no-such-card' is not in the catalog",
    ),
    "megabyte-card-id": (
        _set("UPDATE swipes SET item_id = ? WHERE sequence = 65", "x" * 1_000_000),
        "its card id is 1,000,000 characters long",
    ),
    "direction": (
        _set("UPDATE swipes SET direction = 'SIDEWAYS' WHERE sequence = 65"),
        "its direction is not LEFT, RIGHT or UP",
    ),
    "text-sequence": (_text_sequence, "its sequence 'sixty-five' is not a whole number"),
}
SNAPSHOT_DAMAGE: dict[str, Damage] = {
    "trigger-in-lower-case": _set(
        "UPDATE profile_snapshots SET trigger_type = 'manual' WHERE profile_version = 60"
    ),
}
EVERY_DAMAGE = {name: damage for name, (damage, _) in SWIPE_DAMAGE.items()} | SNAPSHOT_DAMAGE


def table(db_path: Path, name: str) -> set[tuple[object, ...]]:
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return set(connection.execute(f"SELECT * FROM {name}").fetchall())
    finally:
        connection.close()


def damaged_file(db_path: Path, damage: Damage) -> dict[str, set[tuple[object, ...]]]:
    """70 swipes, the latest row covering 60; then ``damage`` done; the tables' rows."""
    session = VirtualSession(db_path)
    session.swipe(60, every=0.2)
    session.settle()
    session.swipe(10, every=0.2)
    session.settle()
    session.close()
    connection = sqlite3.connect(db_path, isolation_level=None)
    try:
        damage(connection)
    finally:
        connection.close()
    return {name: table(db_path, name) for name in ("swipes", "profile_snapshots")}


@pytest.mark.parametrize("damage", EVERY_DAMAGE.values(), ids=EVERY_DAMAGE.keys())
def test_simulate_stores_its_swipes_and_says_in_one_line_the_file_was_damaged_from_outside(
    db_path: Path, damage: Damage, capsys: pytest.CaptureFixture[str]
) -> None:
    before = damaged_file(db_path, damage)
    arguments = ["simulate", "--db", str(db_path), "--swipes", "30", "--days", "1", "--tz"]
    status = main([*arguments, "UTC", "--start", "2026-01-22T08:00:00Z", "--log", "none"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    (line,) = captured.err.strip().splitlines()
    assert status == 2
    assert "damaged from outside" in line and "bug" not in line
    assert "(100 in the swipes table)" in captured.out
    assert before["swipes"] <= table(db_path, "swipes")  # the old rows, as they were
    assert before["profile_snapshots"] <= table(db_path, "profile_snapshots")


@pytest.mark.parametrize(("damage", "reason"), SWIPE_DAMAGE.values(), ids=SWIPE_DAMAGE.keys())
def test_the_window_starts_and_its_banner_names_the_damaged_swipe(
    db_path: Path, damage: Damage, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = damaged_file(db_path, damage)
    banners: list[str] = []

    def look_and_close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        banners.extend(window.banner.text for window in windows if window.banner.isVisible())
        for window in windows:
            window.close()

    QTimer.singleShot(0, look_and_close)
    assert run_desktop(db_path=db_path, demo_clock=False) == 0
    assert len(banners) == 1 and reason in banners[0]
    assert "Traceback" not in capsys.readouterr().err
    assert before["swipes"] == table(db_path, "swipes")


@pytest.mark.parametrize("damage", EVERY_DAMAGE.values(), ids=EVERY_DAMAGE.keys())
def test_screenshot_draws_the_damaged_file_and_leaves_it_as_it_was(
    db_path: Path, damage: Damage, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = damaged_file(db_path, damage)
    out = tmp_path / "shot.png"
    assert main(["screenshot", "--db", str(db_path), "--out", str(out)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert out.stat().st_size > 0
    assert {name: table(db_path, name) for name in before} == before
