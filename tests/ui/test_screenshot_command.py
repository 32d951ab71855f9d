"""``python -m app screenshot``: a PNG of the real window over a scripted session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.cli import main

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_the_screenshot_command_writes_a_png_of_the_window(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "window.png"
    assert main(["screenshot", "--out", str(out), "--swipes", "80", "--days", "2"]) == 0
    data = out.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 10_000
    assert "1200x780" in capsys.readouterr().out


def test_the_screenshot_command_refuses_a_path_that_is_not_a_png(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["screenshot", "--out", str(tmp_path / "window.jpg")]) == 2
    assert "must end in .png" in capsys.readouterr().err


def test_a_screenshot_of_a_database_leaves_its_folder_exactly_as_it_was(
    qtbot: QtBot, histories: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "history"
    folder.mkdir()
    db = folder / "month.sqlite3"
    shutil.copyfile(histories["month"], db)
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    out = tmp_path / "trend-30d.png"
    command = ["screenshot", "--db", str(db), "--out", str(out), "--range", "30d"]
    assert main([*command, "--size", "800x560"]) == 0
    assert out.read_bytes().startswith(PNG_SIGNATURE)
    assert "(800x560)" in capsys.readouterr().out
    after = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert after == before  # the same bytes, and no -wal or -shm beside them


def test_a_screenshot_of_a_missing_database_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.sqlite3"
    assert main(["screenshot", "--db", str(missing), "--out", str(tmp_path / "a.png")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "no database at" in error
    assert not missing.exists()


def test_a_screenshot_of_a_file_that_is_not_a_database_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("shopping list\n")
    assert main(["screenshot", "--db", str(notes), "--out", str(tmp_path / "a.png")]) == 2
    assert "is not a SQLite database" in capsys.readouterr().err
    assert notes.read_text() == "shopping list\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.sqlite3"]


def test_a_picture_of_a_database_says_the_settings_the_file_holds(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from app.read_only_window import open_read_only_window
    from middleware.persistence.repository import SnapshotRepository
    from middleware.persistence.trend_queries import TrendRange
    from store.settings import Settings
    from ui.shown_policy import show_policy

    db = tmp_path / "seven.sqlite3"
    with SnapshotRepository.open(db) as repository:
        repository.save_settings(Settings(swipe_interval=7), at=datetime.now(UTC))
    try:
        window, _ = open_read_only_window(
            db, trend_range=TrendRange.TODAY, fallback_zone=ZoneInfo("UTC")
        )
        qtbot.addWidget(window)
        assert "Snapshot every 7 swipes" in window.status.policy.text()
    finally:
        from middleware.policy import SnapshotPolicy

        show_policy(SnapshotPolicy())
