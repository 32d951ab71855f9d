"""Whose file: TasteTrail writes only to a database it made, and replays only that file's -wal.

Another program's SQLite file (with ``user_version`` 0 and its own tables, even one with a
``swipes`` table, or with its own application_id) is refused in one line with status 2
before anything is written: the file, its -wal and the folder stay byte for byte as they
were. A -wal left beside a TasteTrail database by another database is refused, not
replayed (replayed, it would replace the history). ``restore --from`` such a file says so
in one line. A TasteTrail file from before the application_id is adopted, not refused.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.schema import APPLICATION_ID, MIGRATIONS
from tests.reliability.command_lines import run_cli


def simulate(db: Path, swipes: int) -> list[str]:
    # --allow-future: a run over a file with history goes on after its last swipe, which
    # may be after now at some hours of the day; these tests are about whose file it is.
    arguments = ["--swipes", str(swipes), "--days", "1", "--log", "none", "--allow-future"]
    return ["simulate", "--db", str(db), *arguments]


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` by name, with the hash of its bytes; a -shm is left out:
    it is SQLite's shared-memory index of the -wal, which any reader builds and rewrites."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file() and not path.name.endswith("-shm")
    }


def assert_refused_unchanged(argv: list[str], folder: Path, *, saying: str) -> None:
    before = folder_state(folder)
    outcome = run_cli(argv, folder)
    lines = outcome.stderr.strip().splitlines()
    assert (outcome.status, len(lines)) == (2, 1), outcome.stderr
    assert saying in lines[0], lines[0]
    assert "internal error" not in lines[0]
    assert folder_state(folder) == before


def another_programs_database(path: Path, *tables: str, application_id: int = 0) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    for table in tables:
        connection.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, note TEXT)")
        connection.execute(f"INSERT INTO {table} (note) VALUES ('theirs')")
    connection.execute(f"PRAGMA application_id = {application_id:d}")
    connection.close()


@pytest.mark.parametrize(
    ("tables", "application_id"),
    [(("recipes", "ratings"), 0), (("swipes",), 0), (("swipes", "profile_snapshots"), 0x4C4F4F4B)],
    ids=["other-tables", "a-swipes-table", "another-application-id"],
)
def test_another_programs_database_is_refused_before_any_write(
    tmp_path: Path, tables: tuple[str, ...], application_id: int
) -> None:
    db = tmp_path / "theirs.sqlite3"
    another_programs_database(db, *tables, application_id=application_id)
    assert_refused_unchanged(simulate(db, 30), tmp_path, saying="choose another file with --db")
    assert_refused_unchanged(["--db", str(db), "snapshots"], tmp_path, saying="theirs.sqlite3")


def test_another_programs_database_in_wal_mode_keeps_its_bytes_and_its_wal(
    tmp_path: Path,
) -> None:
    db = tmp_path / "theirs.sqlite3"
    another_programs_database(db, "swipes")
    holder = sqlite3.connect(db, isolation_level=None)  # keeps its -wal while open
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("INSERT INTO swipes (note) VALUES ('in the wal')")
    try:
        assert Path(f"{db}-wal").stat().st_size > 0
        assert_refused_unchanged(simulate(db, 30), tmp_path, saying="not a TasteTrail database")
    finally:
        holder.close()


def wal_of(db: Path, keep: Path) -> None:
    """Copy the -wal of TasteTrail database ``db`` holding a commit, to ``keep``."""
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("VACUUM")  # every page of it, in its -wal
    assert Path(f"{db}-wal").stat().st_size > 0
    shutil.copyfile(f"{db}-wal", keep)
    holder.close()


def test_a_stray_wal_from_another_tastetrail_database_is_refused_not_replayed(
    tmp_path: Path,
) -> None:
    ours, other = tmp_path / "ours", tmp_path / "other"
    ours.mkdir()
    other.mkdir()
    assert run_cli(simulate(ours / "DB", 310), ours).status == 0
    assert run_cli(simulate(other / "DB", 30), other).status == 0
    for leftover in ("DB-wal", "DB-shm"):
        (ours / leftover).unlink(missing_ok=True)
    wal_of(other / "DB", ours / "DB-wal")
    assert_refused_unchanged(simulate(ours / "DB", 10), ours, saying="does not belong to it")
    (ours / "DB-wal").unlink()
    with SnapshotRepository.open(ours / "DB", read_only=True) as repository:
        assert repository.max_swipe_sequence() == 310


def test_a_wal_beside_a_database_not_in_wal_mode_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    assert run_cli(simulate(tmp_path / "DB", 40), tmp_path).status == 0
    connection = sqlite3.connect(tmp_path / "DB", isolation_level=None)
    connection.execute("PRAGMA journal_mode = DELETE")  # as a daily backup is kept
    connection.close()
    assert run_cli(simulate(other / "DB", 30), other).status == 0
    wal_of(other / "DB", tmp_path / "DB-wal")
    assert_refused_unchanged(simulate(tmp_path / "DB", 10), tmp_path, saying="not in WAL mode")


def test_restore_from_another_programs_file_is_refused_in_one_line(tmp_path: Path) -> None:
    assert run_cli(simulate(tmp_path / "DB", 30), tmp_path).status == 0
    foreign = tmp_path / "theirs.sqlite3"
    another_programs_database(foreign, "swipes", "profile_snapshots")
    assert_refused_unchanged(
        ["restore", "--db", str(tmp_path / "DB"), "--from", str(foreign)],
        tmp_path,
        saying="cannot be restored",
    )


def test_a_tastetrail_file_from_before_the_application_id_is_adopted(tmp_path: Path) -> None:
    db = tmp_path / "DB"
    connection = sqlite3.connect(db, isolation_level=None)
    for version, step in enumerate(MIGRATIONS[:4], start=1):
        step(connection)
        connection.execute(f"PRAGMA user_version = {version}")
    connection.execute(
        "INSERT INTO swipes VALUES (1, 'x', 'LEFT', '2026-01-19T09:00:00.000Z', '2026-01-19')"
    )
    connection.close()
    with SnapshotRepository.open(db) as repository:
        assert repository.max_swipe_sequence() == 1
    check = sqlite3.connect(db)
    assert check.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    check.close()
