"""A damaged database keeps its bytes, and the daily online backup brings the history back.

A real file with a real history is damaged the way disks and careless tools damage files:
pages in the middle overwritten. The desktop app then offers to move it aside (never to
delete it) and start afresh: without a person to ask (no interactive display) it says so in
one line that names ``--move-aside`` and ``restore``. Meanwhile a session keeps one online
backup per local day (SQLite's backup API, from the writer's own connection), the last 7,
and ``python -m app restore`` puts the newest valid one back, moving the damaged file aside.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest

from app.cli import main
from middleware.persistence.errors import DamagedDatabaseError
from tests.another_process import another_process
from tests.reliability.invariants import integrity
from tests.reliability.sessions import TunedSession

START = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)
PAGE = 4096


def session_with_backups(db_path: Path, **options: object) -> TunedSession:
    return TunedSession(db_path, options={"daily_backups": True, **options}, start=START)


def damage(db_path: Path) -> bytes:
    """Overwrite every page after the first two with garbage; the damaged bytes."""
    content = bytearray(db_path.read_bytes())
    assert len(content) > 4 * PAGE, "the history spans several pages"
    for offset in range(2 * PAGE, len(content), PAGE):
        content[offset : offset + 64] = b"\xde\xad\xbe\xef" * 16
    db_path.write_bytes(bytes(content))
    return bytes(content)


def history(db_path: Path, days: int = 3, per_day: int = 100) -> TunedSession:
    """``per_day`` swipes on each of ``days`` local days, a backup taken on each."""
    session = session_with_backups(db_path)
    for day in range(days):
        if day:
            session.restart(advance=timedelta(days=1))
        session.swipe(per_day, every=0.2)
        session.settle()
    session.close()
    return session


def stored_swipes(db_path: Path) -> int:
    connection = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM swipes").fetchone()[0])
    finally:
        connection.close()


def backups(db_path: Path) -> list[str]:
    return sorted(path.name for path in db_path.parent.glob(f"{db_path.name}.backup-*"))


def test_a_session_keeps_one_private_backup_per_local_day_and_the_last_seven(
    db_path: Path,
) -> None:
    history(db_path, days=9, per_day=30)
    names = backups(db_path)
    assert names == [f"{db_path.name}.backup-2026-01-{day}" for day in range(22, 29)]
    for name in names:
        backup = db_path.parent / name
        assert os.stat(backup).st_mode & 0o777 == 0o600
        assert integrity(backup) == "ok"
    # Each day's backup is taken after that day's first commit: it holds every day before
    # and at most that day's own swipes.
    for day, name in enumerate(names, start=2):
        assert 30 * day <= stored_swipes(db_path.parent / name) <= 30 * (day + 1)
    assert not list(db_path.parent.glob("*.partial")), "no half-written copy is left"


def test_a_damaged_database_is_refused_with_the_way_out_and_its_bytes_unchanged(
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    history(db_path)
    damaged = damage(db_path)
    with pytest.raises(DamagedDatabaseError, match="damaged"):
        session_with_backups(db_path)

    application = request.getfixturevalue("qapp")  # the desktop app styles the QApplication
    request.addfinalizer(partial(application.setStyle, application.style().name()))
    assert main(["--db", str(db_path)]) == 2  # offscreen: nobody to ask
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "damaged" in line and "--move-aside" in line and "restore" in line
    assert db_path.read_bytes() == damaged


def test_restore_moves_the_damaged_file_aside_and_the_app_opens_with_the_backups_history(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history(db_path)
    in_newest_backup = stored_swipes(db_path.parent / backups(db_path)[-1])
    damaged = damage(db_path)

    assert main(["restore", "--db", str(db_path)]) == 0
    (line,) = capsys.readouterr().out.strip().splitlines()
    assert "backup-2026-01-22" in line and "moved" in line
    (aside,) = db_path.parent.glob(f"{db_path.name}.before-restore-*")
    assert aside.read_bytes() == damaged, "the damaged file is kept byte for byte"
    assert str(aside) in line or aside.name in line
    assert integrity(db_path) == "ok"
    assert os.stat(db_path).st_mode & 0o777 == 0o600

    session = session_with_backups(db_path)
    assert session.store.get_state().profile.sequence == in_newest_backup
    session.swipe(10)
    session.settle()
    session.close()
    assert stored_swipes(db_path) == in_newest_backup + 10


def test_restore_skips_a_damaged_backup_and_refuses_a_damaged_one_named_with_from(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history(db_path)
    newest = db_path.parent / backups(db_path)[-1]
    damage(newest)
    before = db_path.read_bytes()

    assert main(["restore", "--db", str(db_path), "--from", str(newest)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert newest.name in line and "integrity" in line
    assert db_path.read_bytes() == before

    # The older backup holds fewer swipes than the healthy current file: a decision.
    assert main(["restore", "--db", str(db_path), "--yes"]) == 0
    (line,) = capsys.readouterr().out.strip().splitlines()
    assert "backup-2026-01-21" in line
    assert stored_swipes(db_path) == stored_swipes(db_path.parent / backups(db_path)[-2])


def test_restore_refuses_while_the_database_is_in_use_and_changes_nothing(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history(db_path, days=2)
    before = {path.name: path.read_bytes() for path in db_path.parent.iterdir()}
    with another_process(db_path, holding="lock"):
        assert main(["restore", "--db", str(db_path)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "in use" in line
    after = {path.name: path.read_bytes() for path in db_path.parent.iterdir()}
    assert after == before


def test_restore_without_any_backup_says_so_in_one_line(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = session_with_backups(db_path, daily_backups=False)
    session.swipe(5)
    session.close()
    assert main(["restore", "--db", str(db_path)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "no backup" in line and db_path.name in line
