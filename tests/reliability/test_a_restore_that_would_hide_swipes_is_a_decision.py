"""``restore`` shows the backup beside the current file and never hides swipes by accident.

A current file that holds more swipes, or newer ones, than the backup is replaced only with
``--yes`` or a ``yes`` typed at a terminal; any other answer there is the person's choice:
one line says the file was left as it was, status 0. With nobody to ask, one line gives both
sides and the status is 2. Either way the file is byte for byte what it was. ``restore
--list`` shows each backup with what it holds. A clean close takes the day's backup again,
so the newest backup holds the whole of the last session.
"""

from __future__ import annotations

import hashlib
import os
import pty
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from tests.reliability.sessions import TunedSession

START = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)
REPOSITORY = Path(__file__).resolve().parents[2]


def two_days(db_path: Path) -> None:
    """40 swipes on 2026-01-20, then 25 more on 2026-01-21; a backup of each day."""
    session = TunedSession(db_path, options={"daily_backups": True}, start=START)
    session.swipe(40, every=0.2)
    session.settle()
    session.restart(advance=timedelta(days=1))
    session.swipe(25, every=0.2)
    session.settle()
    session.close()


def stored_swipes(path: Path) -> int:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM swipes").fetchone()[0])
    finally:
        connection.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def older_backup(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.backup-2026-01-20")


def test_a_clean_close_takes_a_backup_that_holds_every_swipe_of_the_session(
    db_path: Path,
) -> None:
    two_days(db_path)
    # Taken after each day's first commit only, these held 1 to 40 and 41 to 65 swipes.
    assert stored_swipes(older_backup(db_path)) == 40
    assert stored_swipes(db_path.with_name(f"{db_path.name}.backup-2026-01-21")) == 65
    assert stored_swipes(db_path) == 65


def test_restoring_an_older_backup_is_refused_in_one_line_with_both_sides_and_changes_nothing(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two_days(db_path)
    before = digest(db_path)
    files_before = sorted(path.name for path in db_path.parent.iterdir())

    assert main(["restore", "--db", str(db_path), "--from", str(older_backup(db_path))]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.strip().splitlines()
    assert "not restored" in line and "--yes" in line
    assert "backup-2026-01-20 holds 40 swipes" in line
    assert f"current {db_path.name} holds 65 swipes" in line
    assert "newest swipe 2026-01-20" in line and "newest swipe 2026-01-21" in line
    assert digest(db_path) == before
    assert sorted(path.name for path in db_path.parent.iterdir()) == files_before


def test_with_yes_the_older_backup_is_restored_and_the_newer_file_moved_aside(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two_days(db_path)
    before = digest(db_path)
    assert (
        main(["restore", "--db", str(db_path), "--from", str(older_backup(db_path)), "--yes"]) == 0
    )
    (line,) = capsys.readouterr().out.strip().splitlines()
    assert "restored" in line and "65 swipes" in line and "40 swipes" in line
    assert "; it holds 40 swipes, " in line  # as the window and --list count them
    assert stored_swipes(db_path) == 40
    (aside,) = db_path.parent.glob(f"{db_path.name}.before-restore-*")
    assert digest(aside) == before


def test_a_backup_that_holds_everything_the_file_holds_is_restored_without_a_question(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two_days(db_path)
    assert main(["restore", "--db", str(db_path)]) == 0  # the newest: the last clean close
    (line,) = capsys.readouterr().out.strip().splitlines()
    assert "backup-2026-01-21" in line
    assert stored_swipes(db_path) == 65


def test_restore_list_shows_the_current_file_and_each_backup_newest_first(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two_days(db_path)
    before = digest(db_path)
    assert main(["restore", "--db", str(db_path), "--list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith(f"{db_path}: 65 swipes")
    assert [line.split(":")[0].strip() for line in lines[1:]] == [
        f"{db_path.name}.backup-2026-01-21",
        f"{db_path.name}.backup-2026-01-20",
    ]
    assert "65 swipes" in lines[1] and "40 swipes" in lines[2]
    assert digest(db_path) == before


def restore_at_a_terminal(db_path: Path, backup: Path, answer: str) -> tuple[int, str]:
    """Run ``restore`` in its own process with a terminal as stdin, ``answer`` typed there."""
    controller, terminal = pty.openpty()
    try:
        os.write(controller, answer.encode() + b"\n")  # waits in the terminal's input queue
        completed = subprocess.run(
            [sys.executable, "-m", "app", "restore", "--db", str(db_path), "--from", str(backup)],
            cwd=REPOSITORY,
            stdin=terminal,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    return completed.returncode, completed.stderr + completed.stdout


def test_yes_typed_at_the_terminal_restores_the_older_backup(db_path: Path) -> None:
    two_days(db_path)
    status, output = restore_at_a_terminal(db_path, older_backup(db_path), "yes")
    assert status == 0, output
    assert "Type yes to restore" in output and "restored" in output
    assert stored_swipes(db_path) == 40


def test_anything_else_typed_at_the_terminal_leaves_the_file_as_it_was_and_is_no_error(
    db_path: Path,
) -> None:
    two_days(db_path)
    before = digest(db_path)
    status, output = restore_at_a_terminal(db_path, older_backup(db_path), "no")
    assert status == 0, output
    assert "Type yes to restore" in output and "error" not in output
    assert f"not restored, as you answered: {db_path} was left as it was" in output
    assert digest(db_path) == before
    assert not list(db_path.parent.glob(f"{db_path.name}.before-restore-*"))


def test_restore_list_counts_swipes_as_the_window_does_undone_ones_named_apart(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from store.actions import Unswiped
    from tests.harness import VirtualSession

    session = VirtualSession(db_path)
    try:
        session.swipe(10, every=1.0)
        session.settle(5)
        with sqlite3.connect(db_path) as connection:
            last_two = connection.execute(
                "SELECT sequence, item_id, direction FROM swipes ORDER BY sequence DESC LIMIT 2"
            ).fetchall()
        connection.close()
        for sequence, item_id, direction in last_two:  # Undo twice, newest first
            session.advance(1.0)
            session.store.dispatch(
                Unswiped(undoes=sequence, item_id=item_id, direction=direction, at=session.now)
            )
        session.settle(5)
        shown = session.store.get_state().profile.kept_swipes
    finally:
        session.close()
    assert main(["restore", "--db", str(db_path), "--list"]) == 0
    first = capsys.readouterr().out.strip().splitlines()[0]
    assert shown == 8
    assert first.startswith(f"{db_path}: 8 swipes (2 more undone), ")


def test_a_backup_the_database_already_is_byte_for_byte_is_not_restored_over_it(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two_days(db_path)
    twin = db_path.with_name(f"{db_path.name}.backup-2026-01-22")
    shutil.copyfile(db_path, twin)  # the newest backup, the same bytes as the database
    before = digest(db_path)
    files_before = sorted(path.name for path in db_path.parent.iterdir())

    for extra in ([], ["--from", str(twin)], ["--from", str(twin), "--yes"]):
        assert main(["restore", "--db", str(db_path), *extra]) == 0
        captured = capsys.readouterr()
        assert captured.err == ""
        (line,) = captured.out.strip().splitlines()
        assert line.startswith(f"nothing to restore: {db_path} already holds {twin.name}")
        assert "65 swipes" in line and "nothing was changed" in line
        assert digest(db_path) == before
        assert sorted(path.name for path in db_path.parent.iterdir()) == files_before


def test_restoring_the_same_backup_twice_changes_nothing_the_second_time(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two_days(db_path)
    backup = older_backup(db_path)
    assert main(["restore", "--db", str(db_path), "--from", str(backup), "--yes"]) == 0
    files_after_first = sorted(path.name for path in db_path.parent.iterdir())
    restored = digest(db_path)
    capsys.readouterr()

    assert main(["restore", "--db", str(db_path), "--from", str(backup), "--yes"]) == 0
    (line,) = capsys.readouterr().out.strip().splitlines()
    assert line.startswith("nothing to restore:"), line
    assert digest(db_path) == restored
    assert sorted(path.name for path in db_path.parent.iterdir()) == files_after_first
