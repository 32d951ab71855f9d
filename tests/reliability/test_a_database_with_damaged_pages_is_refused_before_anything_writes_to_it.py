"""A database whose header is whole but whose pages were overwritten is refused unchanged.

The header check sees a truncated file; pages overwritten in the middle of the file are
found only by reading them. Before a fix, ``simulate`` printed that it continued the
history, wrote into the file and only then failed; and the window opened the file, took a
daily backup of it and wrote new swipes into it. Now every way that writes quick-checks the
file first: the file, and its folder, stay byte for byte as they were.
"""

from __future__ import annotations

import random
import sqlite3
from functools import partial
from pathlib import Path

import pytest

from app.cli import main
from middleware.persistence.errors import DamagedDatabaseError
from tests.harness import VirtualSession

PAGE = 4096


def a_database_with_two_pages_overwritten(db_path: Path) -> None:
    """A real history with two of its swipe pages overwritten by noise (as a failing disk
    or a stray ``dd`` would); its header and its schema stay whole."""
    session = VirtualSession(db_path)
    session.swipe(1500, every=0.2)
    session.settle()
    session.close()
    leaves = [page for page, kind in _swipe_pages(db_path) if kind == "leaf"]
    noise = random.Random(1)
    with db_path.open("r+b") as file:
        for page in (leaves[len(leaves) // 3], leaves[2 * len(leaves) // 3]):
            file.seek((page - 1) * PAGE)
            file.write(noise.randbytes(PAGE))
    assert _quick_check(db_path) != "ok"  # the file really is damaged


def _read(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def _swipe_pages(db_path: Path) -> list[tuple[int, str]]:
    connection = _read(db_path)
    try:
        rows = connection.execute(
            "SELECT pageno, pagetype FROM dbstat WHERE name = 'swipes' ORDER BY pageno"
        ).fetchall()
    finally:
        connection.close()
    return [(int(page), str(kind)) for page, kind in rows]


def _quick_check(db_path: Path) -> str:
    connection = _read(db_path)
    try:
        return str(connection.execute("PRAGMA quick_check").fetchone()[0])
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        connection.close()


def folder_contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture
def damaged(db_path: Path) -> Path:
    a_database_with_two_pages_overwritten(db_path)
    return db_path


def test_the_session_the_window_opens_refuses_it_as_damaged_and_changes_nothing(
    damaged: Path,
) -> None:
    before = folder_contents(damaged.parent)
    with pytest.raises(DamagedDatabaseError, match="quick check finds"):
        VirtualSession(damaged)
    assert folder_contents(damaged.parent) == before


@pytest.mark.parametrize(
    "command",
    [
        ["simulate", "--db", "{db}", "--swipes", "10", "--days", "1", "--tz", "UTC",
         "--start", "2026-01-21T00:00:00Z"],
        ["--db", "{db}", "gui"],
        ["settings", "--db", "{db}", "--swipe-interval", "9"],
        ["settings", "--db", "{db}"],  # showing it too: defaults read from it could be untrue
    ],
    ids=["simulate", "gui", "settings-set", "settings-show"],
)
def test_a_command_that_would_write_refuses_it_in_one_line_before_writing(
    damaged: Path,
    command: list[str],
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    before = folder_contents(damaged.parent)
    if "gui" in command:  # the desktop app styles the shared QApplication: put it back after
        application = request.getfixturevalue("qapp")
        request.addfinalizer(partial(application.setStyle, application.style().name()))
    status = main([part.format(db=damaged) for part in command])
    captured = capsys.readouterr()
    assert status == 2
    assert "damaged" in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert "continuing" not in captured.out
    assert folder_contents(damaged.parent) == before
    if "gui" not in command:  # the advice names the file, not the default database
        assert f"python -m app restore --db {damaged}" in captured.err
