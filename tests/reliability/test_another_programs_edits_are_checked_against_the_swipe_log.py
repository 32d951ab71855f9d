"""Another program's edits to a real file: checked against the swipe log, never trusted blindly.

The swipe log is the source of truth: a snapshot row and the swipes it covers are committed
together, so no row of ours covers a swipe the log lacks, and the rollover check never
points past the log's last swipe. Rows and records that say otherwise were written by
someone else; they are ignored and named in the log, and the app goes on from the log. An
insert that something in the file (a trigger) silently drops is a failed write, not a saved
swipe; and a header that holds no TasteTrail schema version is described as what it is.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from middleware.persistence.errors import NotADatabaseError
from tests.harness import VirtualSession

BEYOND = 1_000_000


@contextmanager
def edit(db_path: Path) -> Iterator[sqlite3.Connection]:
    """The file as another program sees it: a plain connection, in autocommit mode."""
    connection = sqlite3.connect(db_path, isolation_level=None)
    try:
        yield connection
    finally:
        connection.close()


def copy_row_at(
    connection: sqlite3.Connection, source_key: str, *, version: int, **changes: object
) -> None:
    """Insert a copy of the row of ``source_key`` at profile version ``version``, its payload
    and meta saying the same (a row our own checks find consistent), with ``changes``."""
    columns = [row[1] for row in connection.execute("PRAGMA table_info(profile_snapshots)")]
    values = dict(
        zip(
            columns,
            connection.execute(
                "SELECT * FROM profile_snapshots WHERE window_key = ?", (source_key,)
            ).fetchone(),
            strict=True,
        )
    )
    payload, meta = json.loads(values["payload_json"]), json.loads(values["meta_json"])
    payload["swipe_count"] = meta["swipe_count"] = meta["sequence"] = version
    values.update(
        profile_version=version,
        payload_json=json.dumps(payload, sort_keys=True, separators=(",", ":")),
        meta_json=json.dumps(meta, sort_keys=True, separators=(",", ":")),
        **changes,
    )
    connection.execute(
        f"INSERT INTO profile_snapshots ({', '.join(values)}) "
        f"VALUES ({', '.join('?' * len(values))})",
        tuple(values.values()),
    )


def stored_sequences(db_path: Path) -> list[int]:
    with edit(db_path) as connection:
        return [row[0] for row in connection.execute("SELECT sequence FROM swipes ORDER BY 1")]


def window_keys(db_path: Path) -> list[str]:
    with edit(db_path) as connection:
        return [
            row[0]
            for row in connection.execute(
                "SELECT window_key FROM profile_snapshots ORDER BY profile_version, window_key"
            )
        ]


def test_snapshot_rows_beyond_the_swipe_log_are_ignored_and_named_in_the_log(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    session = VirtualSession(db_path)
    session.swipe(30, every=0.2)
    session.settle()
    session.close()
    with edit(db_path) as connection:
        copy_row_at(
            connection,
            "swipes:000025",
            id="edited-manual",
            trigger_type="MANUAL",
            window_key=f"manual:{BEYOND}",
            version=BEYOND,
        )
        copy_row_at(
            connection,
            "swipes:000025",
            id="edited-threshold",
            window_key=f"swipes:{BEYOND}",
            version=BEYOND,
        )

    with caplog.at_level(logging.WARNING):
        session.restart()
    state = session.store.get_state()
    assert state.profile.sequence == 30, "the profile comes from the log, not from the edit"
    assert state.snapshots.last_threshold_window == 25
    named = [record.getMessage() for record in caplog.records if "edited-" in record.getMessage()]
    assert len(named) == 1, [record.getMessage() for record in caplog.records]
    assert "edited-manual" in named[0] and "edited-threshold" in named[0]
    assert f"{BEYOND}" in named[0] and "30" in named[0]

    session.swipe(20, every=0.2)  # swipes 31 to 50: their threshold row is still due
    session.settle()
    session.close()
    assert stored_sequences(db_path) == list(range(1, 51))
    assert "swipes:000050" in window_keys(db_path)


def test_a_rollover_check_beyond_the_swipe_log_does_not_stop_the_catch_up(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    session = VirtualSession(db_path)
    session.swipe(10, every=0.2)
    session.settle()
    # The next day, snapshot writes fail (swipes still commit): 2026-01-20 ends up with no
    # rollover row while the swipes of the 21st are stored after its own.
    session.faults.failing = {"insert_snapshot"}
    session.restart(advance=timedelta(days=1))
    session.swipe(10, every=0.2)
    session.settle()
    session.close()
    session.faults.failing = set()
    with edit(db_path) as connection:
        connection.execute(
            "INSERT OR REPLACE INTO rollover_check (id, checked_through_sequence) VALUES (1, ?)",
            (BEYOND,),
        )

    with caplog.at_level(logging.WARNING):
        session.restart(advance=timedelta(days=1))
    session.settle()
    session.close()
    assert {"day:2026-01-20", "day:2026-01-21"} <= set(window_keys(db_path))
    assert any(
        "rollover_check" in record.getMessage() and f"{BEYOND}" in record.getMessage()
        for record in caplog.records
    ), [record.getMessage() for record in caplog.records]
    assert checked_through(db_path) <= 20, "the record no longer points past the log"

    session.restart(advance=timedelta(days=7))  # and their week ends: it gets its row
    session.settle()
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        session.restart()  # both days and their week have rows: the check is recorded whole
    session.close()
    assert checked_through(db_path) == 20
    assert not [record for record in caplog.records if "rollover_check" in record.getMessage()]


def checked_through(db_path: Path) -> int:
    with edit(db_path) as connection:
        (checked,) = connection.execute(
            "SELECT checked_through_sequence FROM rollover_check"
        ).fetchone()
    return int(checked)


def test_a_trigger_that_drops_swipe_inserts_makes_the_write_fail_and_nothing_is_acknowledged(
    db_path: Path,
) -> None:
    VirtualSession(db_path).close()
    with edit(db_path) as connection:
        connection.execute(
            "CREATE TRIGGER drop_swipes BEFORE INSERT ON swipes BEGIN SELECT RAISE(IGNORE); END"
        )

    session = VirtualSession(db_path)
    session.swipe(30, every=0.2)
    session.settle()
    job = session.store.get_state().snapshots
    assert job.persisted_sequence == 0, "no swipe counts as saved while none was stored"
    assert job.failing and job.last_error is not None
    assert "wrote nothing" in job.last_error
    assert stored_sequences(db_path) == []
    assert window_keys(db_path) == [], "no row covers swipes that are not in the log"

    with edit(db_path) as connection:
        connection.execute("DROP TRIGGER drop_swipes")
    session.settle()
    session.close()
    assert stored_sequences(db_path) == list(range(1, 31))
    assert window_keys(db_path) == ["swipes:000025"]


def test_a_trigger_that_drops_snapshot_inserts_is_not_taken_for_a_recorded_window(
    db_path: Path,
) -> None:
    VirtualSession(db_path).close()
    with edit(db_path) as connection:
        connection.execute(
            "CREATE TRIGGER drop_rows BEFORE INSERT ON profile_snapshots "
            "BEGIN SELECT RAISE(IGNORE); END"
        )

    session = VirtualSession(db_path)
    session.swipe(30, every=0.2)
    session.settle()
    job = session.store.get_state().snapshots
    assert job.failing and job.last_error is not None and "wrote nothing" in job.last_error
    assert "swipes:000025" in job.pending

    with edit(db_path) as connection:
        connection.execute("DROP TRIGGER drop_rows")
    session.settle()
    session.close()
    assert window_keys(db_path) == ["swipes:000025"]
    assert stored_sequences(db_path) == list(range(1, 31))


def with_user_version(db_path: Path, version: int) -> None:
    session = VirtualSession(db_path)
    session.swipe(5)
    session.settle()
    session.close()
    with edit(db_path) as connection:
        connection.execute(f"PRAGMA user_version = {version:d}")


def test_a_negative_user_version_is_described_as_not_a_tastetrail_schema_version(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_user_version(db_path, -1)
    before = db_path.read_bytes()
    with pytest.raises(NotADatabaseError) as refused:
        VirtualSession(db_path)
    message = str(refused.value)
    assert "-1" in message and "not a TasteTrail schema version" in message
    assert "newer" not in message and "4294967295" not in message

    assert main(["snapshots", "--db", str(db_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "not a TasteTrail schema version" in err
    assert db_path.read_bytes() == before


def test_a_negative_user_version_is_refused_while_a_wal_holds_pages_too(db_path: Path) -> None:
    with_user_version(db_path, 0)
    # Another program keeps the file open with its last change (the version) in the -wal,
    # so the header alone cannot tell; the schema check must.
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("PRAGMA journal_mode = WAL")
        other.execute("PRAGMA wal_autocheckpoint = 0")
        (tables_before,) = other.execute("SELECT count(*) FROM sqlite_master").fetchone()
        other.execute("PRAGMA user_version = -1")
        with pytest.raises(NotADatabaseError, match="not a TasteTrail schema version"):
            VirtualSession(db_path)
        (tables,) = other.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        other.close()
    assert tables == tables_before, "nothing was created or migrated in a file of unknown version"


def test_a_future_user_version_in_a_file_without_tastetrail_tables_is_not_called_newer(
    db_path: Path,
) -> None:
    with edit(db_path) as connection:
        connection.execute("CREATE TABLE invoices (number INTEGER PRIMARY KEY, total REAL)")
        connection.execute("INSERT INTO invoices VALUES (1, 12.5)")
        connection.execute("PRAGMA user_version = 2026")
    before = db_path.read_bytes()
    with pytest.raises(NotADatabaseError) as refused:
        VirtualSession(db_path, start=datetime(2026, 1, 20, tzinfo=UTC))
    message = str(refused.value)
    assert "no TasteTrail tables" in message and "newer" not in message
    assert db_path.read_bytes() == before
