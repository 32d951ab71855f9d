"""A command that only reads a database leaves its folder as it found it: no ``-wal`` or
``-shm`` stays beside a file no window holds, nor beside another program's database it
refused; the files of a writer that has the database open stay where they are."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from middleware.persistence.repository import SnapshotRepository
from store.settings import Settings
from tests.snapshot_rows_factory import new_row, write_rows

AT = datetime(2026, 2, 10, 0, 0, tzinfo=UTC)
READS = [
    ["snapshots"],
    ["snapshots", "--json"],
    ["trend"],
    ["trend", "--json", "--range", "all"],
    ["settings"],
    ["settings", "--json"],
    ["restore", "--list"],
]


def listing(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.iterdir()
    }


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A TasteTrail database with rows and a setting, closed cleanly (nothing beside it)."""
    path = tmp_path / "taste.sqlite3"
    scores = {"ramen": 0.25, "spicy": -0.5}
    rows = [new_row(25 * (i + 1), AT + timedelta(hours=i), scores) for i in range(30)]
    with SnapshotRepository.open(path) as repository:
        write_rows(repository, rows)
        repository.save_settings(Settings(swipe_interval=40), at=AT)
    assert sorted(path.name for path in tmp_path.iterdir()) == [path.name]
    return path


@pytest.mark.parametrize("command", READS, ids=[" ".join(read) for read in READS])
def test_a_read_only_command_leaves_nothing_beside_a_file_no_window_holds(
    db: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = listing(db.parent)
    assert main([*command, "--db", str(db)]) == 0, capsys.readouterr().err
    assert listing(db.parent) == before


def test_policy_leaves_nothing_beside_the_database(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = listing(db.parent)
    assert main(["--db", str(db), "policy"]) == 0
    assert listing(db.parent) == before


@pytest.mark.parametrize("command", [["snapshots"], ["trend"], ["settings"]])
def test_another_programs_database_is_refused_and_nothing_is_left_beside_it(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "notes.db"
    connection = sqlite3.connect(other)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.commit()
    connection.close()
    before = listing(tmp_path)
    assert main([*command, "--db", str(other)]) == 2
    assert "is not a TasteTrail database" in capsys.readouterr().err
    assert listing(tmp_path) == before


def test_the_files_of_a_writer_that_has_the_database_open_stay_and_it_goes_on_writing(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with SnapshotRepository.open(db) as writer:
        write_rows(writer, [new_row(1000, AT + timedelta(days=5), {"tofu": 0.5})])
        wal = db.with_name(db.name + "-wal")
        assert wal.exists() and db.with_name(db.name + "-shm").exists()
        for command in READS:
            assert main([*command, "--db", str(db)]) == 0, capsys.readouterr().err
            assert wal.exists() and db.with_name(db.name + "-shm").exists()
        write_rows(writer, [new_row(1025, AT + timedelta(days=6), {"tofu": 0.75})])
    with SnapshotRepository.open(db, read_only=True) as reader:
        assert reader.count_snapshots() == 32
