"""The desktop app's choice for a damaged database, and the move aside that keeps its bytes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.damaged_database import choose, interactive, move_damaged_aside, refusal_line
from middleware.persistence.errors import DamagedDatabaseError, DatabaseInUseError
from tests.another_process import another_process

AT = datetime(2026, 1, 20, 9, 30, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("requested", "can_ask", "expected"),
    [(True, True, "move_aside"), (True, False, "move_aside"), (False, True, "ask")],
)
def test_the_file_is_moved_aside_when_asked_for_or_a_person_agrees(
    requested: bool, can_ask: bool, expected: str
) -> None:
    assert choose(move_aside_requested=requested, can_ask=can_ask) == expected


def test_with_nobody_to_ask_and_no_move_aside_the_app_refuses() -> None:
    assert choose(move_aside_requested=False, can_ask=False) == "refuse"


@pytest.mark.parametrize(
    ("platform", "has_a_person"),
    [("", True), ("xcb", True), ("wayland", True), ("offscreen", False), ("minimal:x=1", False)],
)
def test_only_the_headless_platforms_have_nobody_to_ask(platform: str, has_a_person: bool) -> None:
    assert interactive(platform) is has_a_person


def test_the_refusal_is_one_line_naming_both_ways_out(tmp_path: Path) -> None:
    db_path = tmp_path / "my profile.sqlite3"
    line = refusal_line(DamagedDatabaseError("the database is damaged: malformed."), db_path)
    assert "\n" not in line
    assert f"python -m app --db '{db_path}' --move-aside" in line
    assert "my profile.sqlite3.corrupt-<UTC time>" in line


def test_moving_aside_keeps_the_file_and_its_journals_byte_for_byte(tmp_path: Path) -> None:
    db_path = tmp_path / "tastetrail.sqlite3"
    contents = {"": b"SQLite format 3\x00damaged", "-wal": b"wal frames", "-shm": b"shm"}
    for suffix, content in contents.items():
        Path(f"{db_path}{suffix}").write_bytes(content)
    moved = move_damaged_aside(db_path, at=AT)
    aside = tmp_path / "tastetrail.sqlite3.corrupt-20260120T093005Z"
    assert moved == [Path(f"{aside}{suffix}") for suffix in contents]
    for suffix, content in contents.items():
        assert Path(f"{aside}{suffix}").read_bytes() == content
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(p.name for p in moved)
    assert move_damaged_aside(db_path, at=AT) == []  # nothing left to move


def test_a_damaged_file_in_use_by_another_process_is_not_moved(tmp_path: Path) -> None:
    db_path = tmp_path / "tastetrail.sqlite3"
    db_path.write_bytes(b"SQLite format 3\x00damaged")
    with another_process(db_path, holding="lock"), pytest.raises(DatabaseInUseError):
        move_damaged_aside(db_path, at=AT)
    assert db_path.read_bytes() == b"SQLite format 3\x00damaged"
