"""``restore`` and ``restore --list`` look at the database as ``snapshots`` does.

Before a fix, ``restore --list`` exited 0 for a text file ("cannot be read ... (file is not
a database)"), for another program's SQLite file ("no such table: swipes") and for a named
pipe ("no file yet"), and read the file behind a symbolic link; and it listed a damaged
file's counts as if they were whole. Now each of those gets the one-line refusal (status 2)
``snapshots`` gives for it, with the file untouched, and a damaged file is named damaged,
the backups listed below it: they are its way out.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.harness import VirtualSession
from tests.reliability.command_lines import run_cli


def a_text_file(path: Path) -> None:
    path.write_text("shopping: rice, miso, nori\n")


def another_programs_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.execute("INSERT INTO recipes VALUES ('ramen')")
    connection.close()


def a_link_to_a_database(path: Path) -> None:
    target = path.with_name("real.sqlite3")
    VirtualSession(target).close()
    path.symlink_to(target.name)


def a_named_pipe(path: Path) -> None:
    os.mkfifo(path)


BAD = {
    "text": (a_text_file, "is not a SQLite database"),
    "another-program": (another_programs_database, "not a TasteTrail database"),
    "link": (a_link_to_a_database, "symbolic link"),
    "pipe": (a_named_pipe, "named pipe"),
}


def folder_state(folder: Path) -> dict[str, str]:
    """Each name in ``folder`` with its content's digest (or where a link points)."""
    state = {}
    for path in sorted(folder.iterdir()):
        if path.is_symlink():
            state[path.name] = f"-> {os.readlink(path)}"
        elif path.is_file():
            state[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            state[path.name] = "not a file"
    return state


@pytest.mark.parametrize("kind", sorted(BAD))
@pytest.mark.parametrize("command", [["restore", "--list"], ["restore"], ["snapshots"]])
def test_restore_refuses_in_one_line_what_snapshots_refuses_and_changes_nothing(
    tmp_path: Path, kind: str, command: list[str]
) -> None:
    make, saying = BAD[kind]
    folder = tmp_path / "files"
    folder.mkdir()
    db_path = folder / "DB.sqlite3"
    make(db_path)
    before = folder_state(folder)
    outcome = run_cli([*command, "--db", str(db_path)], tmp_path)
    assert outcome.status == 2, outcome.stdout
    (line,) = outcome.stderr.strip().splitlines()
    assert saying in line and "error:" in line
    assert folder_state(folder) == before


def damaged_copy(history: Path, db_path: Path) -> None:
    """``history`` with two of its swipe pages overwritten by noise, at ``db_path``."""
    shutil.copyfile(history, db_path)
    connection = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        leaves = [
            int(page)
            for (page,) in connection.execute(
                "SELECT pageno FROM dbstat WHERE name = 'swipes' AND pagetype = 'leaf' "
                "ORDER BY pageno"
            )
        ]
    finally:
        connection.close()
    noise = random.Random(2)
    with db_path.open("r+b") as file:
        for page in (leaves[len(leaves) // 3], leaves[2 * len(leaves) // 3]):
            file.seek((page - 1) * 4096)
            file.write(noise.randbytes(4096))


def test_restore_list_names_a_damaged_file_damaged_and_lists_its_backups(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    history = tmp_path / "history.sqlite3"
    session = VirtualSession(history)
    session.swipe(1500, every=0.2)
    session.settle()
    session.close()
    db_path = folder / "DB.sqlite3"
    damaged_copy(history, db_path)
    backup = folder / "DB.sqlite3.backup-2026-01-20"
    shutil.copyfile(history, backup)
    before = folder_state(folder)

    listed = run_cli(["restore", "--list", "--db", str(db_path)], tmp_path)

    assert listed.status == 0, listed.stderr
    current, listed_backup = listed.stdout.strip().splitlines()
    assert "is damaged" in current and "1,500 swipes" not in current
    assert listed_backup.startswith(f"  {backup.name}: 1,500 swipes, ")
    assert folder_state(folder) == before

    restored = run_cli(["restore", "--db", str(db_path)], tmp_path)
    assert restored.status == 0, restored.stderr  # no --yes needed to replace a damaged file
    assert "damaged" in restored.stdout


def test_restore_from_a_folder_or_a_link_says_what_it_is(tmp_path: Path) -> None:
    db_path = tmp_path / "DB.sqlite3"
    VirtualSession(db_path).close()
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-link").symlink_to(db_path.name)
    for name, saying in (("a-folder", "is a folder"), ("a-link", "symbolic link")):
        outcome = run_cli(
            ["restore", "--db", str(db_path), "--from", str(tmp_path / name)], tmp_path
        )
        assert outcome.status == 2
        (line,) = outcome.stderr.strip().splitlines()
        assert saying in line, line
