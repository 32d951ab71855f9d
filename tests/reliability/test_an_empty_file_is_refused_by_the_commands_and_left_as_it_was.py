"""An empty file at the database's path is somebody's file, not a TasteTrail database.

Before a fix, ``settings --swipe-interval 5`` over an empty file said "saved" (status 0)
and turned it into a TasteTrail database (57,344 bytes, mode 600), while over a path with
no file it refused; ``snapshots``, ``trend`` and ``settings`` said the empty file "needs
upgrading to 9 ... Open it writable once", advice that would do the same. Now each says in
one line that the file is empty and not a TasteTrail database (status 2), and the file
keeps its size, mode and modification time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.harness import VirtualSession
from tests.reliability.command_lines import run_cli

COMMANDS = {
    "settings-set": ["settings", "--swipe-interval", "5"],
    "settings": ["settings"],
    "snapshots": ["snapshots"],
    "trend": ["trend"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_an_empty_file_is_refused_in_one_true_line_and_left_as_it_was(
    tmp_path: Path, name: str
) -> None:
    db_path = tmp_path / "empty.sqlite3"
    db_path.touch()
    db_path.chmod(0o644)
    os.utime(db_path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    before = db_path.stat()

    outcome = run_cli([*COMMANDS[name], "--db", str(db_path)], tmp_path)

    assert outcome.status == 2, outcome.stdout
    (line,) = outcome.stderr.strip().splitlines()
    assert "is an empty file" in line and "not a TasteTrail database" in line, line
    assert "writable" not in line
    after = db_path.stat()
    assert (after.st_size, after.st_mode, after.st_mtime_ns) == (
        before.st_size,
        before.st_mode,
        before.st_mtime_ns,
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["empty.sqlite3"]


def test_restore_list_calls_an_empty_file_empty_not_missing(tmp_path: Path) -> None:
    db_path = tmp_path / "empty.sqlite3"
    db_path.touch()

    listed = run_cli(["restore", "--list", "--db", str(db_path)], tmp_path)

    assert listed.status == 0, listed.stderr
    assert listed.stdout.splitlines()[0] == (
        f"{db_path}: an empty file (0 bytes), no TasteTrail database yet"
    )
    assert db_path.stat().st_size == 0


def test_restore_over_an_empty_file_says_it_was_empty_and_keeps_it_aside(tmp_path: Path) -> None:
    db_path = tmp_path / "DB.sqlite3"
    VirtualSession(db_path).close()
    (tmp_path / "DB.sqlite3.backup-2026-01-20").write_bytes(db_path.read_bytes())
    db_path.write_bytes(b"")

    restored = run_cli(["restore", "--db", str(db_path)], tmp_path)

    assert restored.status == 0, restored.stderr
    assert "the current DB.sqlite3 is an empty file (0 bytes)" in restored.stdout
    assert "there is no file" not in restored.stdout
    (aside,) = tmp_path.glob("DB.sqlite3.before-restore-*")
    assert aside.stat().st_size == 0
