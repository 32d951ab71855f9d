"""Files that are not a usable database of this app: refused with a clear error, never touched.

`tests/middleware/persistence/test_repository.py` proves it for `SnapshotRepository.open`;
here the same files go through every way a user reaches a database: `open_session` (what the desktop
app and the headless commands call), ``python -m app snapshots`` (table and JSON),
``python -m app simulate --db`` and the desktop app itself. Each refuses with one line
that names the problem, exits with status 2, and leaves the folder byte for byte as it was
(no ``-wal``, ``-shm`` or ``-journal`` appears either).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from app.cli import main
from middleware.persistence.errors import (
    DamagedDatabaseError,
    DatabaseTooNewError,
    NotADatabaseError,
    RepositoryError,
)
from middleware.persistence.schema import LATEST_VERSION
from tests.harness import VirtualSession


def real_database(db_path: Path) -> bytes:
    session = VirtualSession(db_path)
    session.swipe(300, every=0.2)
    session.settle()
    session.close()
    return db_path.read_bytes()


def not_a_database(db_path: Path) -> None:
    db_path.write_text("name,likes\ntiramisu,3\n" * 200)


def truncated(db_path: Path) -> None:
    whole = real_database(db_path)
    db_path.write_bytes(whole[: len(whole) // 2])


def header_only(db_path: Path) -> None:
    db_path.write_bytes(real_database(db_path)[:100])


def from_a_newer_app(db_path: Path) -> None:
    real_database(db_path)
    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.execute("CREATE TABLE added_by_a_newer_version (x)")
    connection.execute(f"PRAGMA user_version = {LATEST_VERSION + 1:d}")
    connection.close()


BAD_FILES: dict[str, tuple[Callable[[Path], None], type[RepositoryError], str]] = {
    "not-a-database": (not_a_database, NotADatabaseError, "is not a SQLite database"),
    "truncated": (truncated, DamagedDatabaseError, "truncated"),
    "header-only": (header_only, DamagedDatabaseError, "is a damaged SQLite database"),
    "newer": (from_a_newer_app, DatabaseTooNewError, "written by a newer TasteTrail"),
}


@pytest.fixture(params=sorted(BAD_FILES))
def bad_file(request: pytest.FixtureRequest, db_path: Path) -> tuple[Path, type, str]:
    make, error, message = BAD_FILES[request.param]
    make(db_path)
    return db_path, error, message


def folder_contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_open_session_refuses_the_file_and_leaves_it_unchanged(
    bad_file: tuple[Path, type, str],
) -> None:
    db_path, error, message = bad_file
    before = folder_contents(db_path.parent)
    with pytest.raises(error, match=message) as refused:
        VirtualSession(db_path)
    assert "unchanged" in str(refused.value) or "not changed" in str(refused.value)
    assert folder_contents(db_path.parent) == before


@pytest.mark.parametrize(
    "command",
    [
        ["snapshots", "--db", "{db}"],
        ["snapshots", "--db", "{db}", "--json"],
        ["--db", "{db}", "snapshots"],
        ["simulate", "--db", "{db}", "--swipes", "10", "--days", "1", "--tz", "UTC"],
        ["--db", "{db}", "gui"],
    ],
    ids=["snapshots", "snapshots-json", "global-db", "simulate", "gui"],
)
def test_every_command_refuses_the_file_in_one_line_with_status_2(
    bad_file: tuple[Path, type, str],
    command: list[str],
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    db_path, _error, message = bad_file
    before = folder_contents(db_path.parent)
    if "gui" in command:  # the desktop app styles the shared QApplication: put it back after
        application = request.getfixturevalue("qapp")
        request.addfinalizer(partial(application.setStyle, application.style().name()))
    status = main([part.format(db=db_path) for part in command])
    captured = capsys.readouterr()
    assert status == 2
    assert message in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert folder_contents(db_path.parent) == before
