"""The repository knows which file it opened; a new file replaces a lost one, keeping the rest."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from middleware.persistence.errors import DatabaseReplacedError
from middleware.persistence.new_file import write_history_to_new_file
from middleware.persistence.repository import SnapshotRepository
from tests.middleware.persistence.test_repository import snapshot, swipe_records

AT = datetime(2026, 1, 20, 9, 30, tzinfo=UTC)


def test_an_open_expecting_a_file_refuses_a_path_that_names_none_and_creates_nothing(
    db_path: Path,
) -> None:
    with SnapshotRepository.open(db_path) as first:
        identity = first.file_identity
    assert identity is not None
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    with pytest.raises(DatabaseReplacedError, match="was deleted while the app ran"):
        SnapshotRepository.open(db_path, expect_file=identity)
    assert not db_path.exists()


def test_an_open_expecting_a_file_refuses_another_file_at_the_path(
    db_path: Path, tmp_path: Path
) -> None:
    with SnapshotRepository.open(db_path) as first:
        identity = first.file_identity
    other = tmp_path / "other.sqlite3"
    SnapshotRepository.open(other).close()
    os.replace(other, db_path)
    with pytest.raises(DatabaseReplacedError, match="replaced by another file"):
        SnapshotRepository.open(db_path, expect_file=identity)


def test_a_commit_into_a_deleted_file_is_refused_and_rolled_back(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(swipe_records(5))
        db_path.unlink()
        with pytest.raises(DatabaseReplacedError, match="was deleted while the app ran") as refused:
            repository.append_swipes(swipe_records(5, first=6))
        assert repository.max_swipe_sequence() == 5, "the transaction was rolled back"
    # The text the window's banner shows speaks of the file, not of internal functions;
    # which operation was refused is in the log.
    said = str(refused.value)
    assert said.startswith(f"The database {db_path.name!r} was deleted")
    assert "append_swipes" not in said
    assert "append_swipes refused" in caplog.text


def test_a_new_file_holds_the_history_and_a_replacements_own_journal_is_kept_aside(
    db_path: Path, tmp_path: Path
) -> None:
    repository = SnapshotRepository.open(db_path)
    repository.insert_snapshot(snapshot(25), swipes=swipe_records(30))
    # Another program puts its own database, with a -wal of its own, where ours was.
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(db_path) as other:
        other.execute("CREATE TABLE theirs (x)")
    other.close()
    Path(f"{db_path}-wal").write_bytes(b"their journal")
    foreign = {suffix: Path(f"{db_path}{suffix}").read_bytes() for suffix in ("", "-wal")}
    new = write_history_to_new_file(repository, now=AT)
    try:
        assert repository.closed
        assert new.repository.max_swipe_sequence() == 30
        assert new.repository.count_snapshots() == 1
        aside = db_path.with_name(f"{db_path.name}.replaced-20260120T093000Z")
        assert aside in new.moved_aside
        for suffix, content in foreign.items():
            assert Path(f"{aside}{suffix}").read_bytes() == content
        assert not (tmp_path / f".{db_path.name}.{os.getpid()}.new").exists()
    finally:
        new.repository.close()
