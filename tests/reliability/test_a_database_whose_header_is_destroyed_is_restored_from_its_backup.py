"""A database whose SQLite header is destroyed is restored from the backup beside it.

Before a fix, ``restore --list``, ``restore --yes`` and ``restore --from BACKUP`` all
refused such a file (status 2: "is not a SQLite database ... restore this one from a
backup"), so TasteTrail's own way out was closed. A file that is not SQLite at all at the
database's path, with a TasteTrail backup beside it, is TasteTrail's damaged database: it is
listed as damaged, and a restore (no --yes needed) moves it aside, byte for byte, and puts
the backup back. Without a TasteTrail backup beside it, it may be anybody's file: refused,
untouched.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.harness import VirtualSession
from tests.reliability.command_lines import run_cli


def digests(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
    }


def a_history_and_its_backup(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """A database of 40 swipes whose header and first pages were overwritten with noise."""
    folder = tmp_path / "files"
    folder.mkdir()
    db_path = folder / "DB.sqlite3"
    session = VirtualSession(db_path)
    session.swipe(40, every=0.2)
    session.settle()
    session.close()
    backup = folder / "DB.sqlite3.backup-2026-01-20"
    shutil.copyfile(db_path, backup)
    noise = random.Random(8).randbytes(65536)
    db_path.write_bytes(noise)
    return db_path, backup, noise


def swipes_in(db_path: Path) -> int:
    connection = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        (count,) = connection.execute("SELECT COUNT(*) FROM swipes").fetchone()
    finally:
        connection.close()
    return int(count)


@pytest.mark.parametrize("how", [[], ["--yes"], ["--from", "BACKUP"]])
def test_a_database_with_its_header_destroyed_is_listed_damaged_and_restored_from_its_backup(
    tmp_path: Path, how: list[str]
) -> None:
    db_path, backup, noise = a_history_and_its_backup(tmp_path)
    before = digests(db_path.parent)

    listed = run_cli(["restore", "--list", "--db", str(db_path)], tmp_path)
    assert listed.status == 0, listed.stderr
    current, listed_backup = listed.stdout.strip().splitlines()
    assert "is damaged" in current
    assert listed_backup.startswith(f"  {backup.name}: 40 swipes, ")
    assert digests(db_path.parent) == before

    argv = [str(backup) if word == "BACKUP" else word for word in how]
    restored = run_cli(["restore", "--db", str(db_path), *argv], tmp_path)

    assert restored.status == 0, restored.stderr
    assert swipes_in(db_path) == 40
    (aside,) = db_path.parent.glob("DB.sqlite3.before-restore-*")
    assert aside.read_bytes() == noise  # moved aside, never deleted
    assert aside.name in restored.stdout
    assert "the current DB.sqlite3 is damaged (it no longer starts with the SQLite header)" in (
        restored.stdout
    )


def test_a_file_that_is_not_sqlite_with_no_tastetrail_backup_beside_it_is_left_alone(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    db_path = folder / "DB.sqlite3"
    db_path.write_bytes(random.Random(3).randbytes(65536))
    stranger = folder / "DB.sqlite3.backup-2026-01-20"  # named as a backup, not TasteTrail's
    connection = sqlite3.connect(stranger)
    with connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    before = digests(folder)

    for command in (["restore", "--list"], ["restore", "--yes"]):
        outcome = run_cli([*command, "--db", str(db_path)], tmp_path)
        assert outcome.status == 2, outcome.stdout
        (line,) = outcome.stderr.strip().splitlines()
        assert "is not a SQLite database" in line
    assert digests(folder) == before
