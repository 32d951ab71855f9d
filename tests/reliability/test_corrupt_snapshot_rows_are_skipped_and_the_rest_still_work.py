"""Corrupt snapshot rows in a real file: skipped and logged, and everything else works.

`tests/middleware/persistence/test_repository.py` proves that the repository skips each
kind of corrupt row (and says why). Here the corrupt rows sit in a database with a real history, at
the highest profile versions so that a careless start-up would pick one of them, and the
whole app runs on it: ``python -m app snapshots`` (table and JSON) lists every valid row,
`open_session` rehydrates from the latest valid snapshot to exactly the replayed state, the
session keeps snapshotting, and the corrupt rows are left as they were.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.cli import main
from middleware.persistence.repository import SnapshotRepository
from store import Catalog
from store.snapshot_rows import MAX_PAYLOAD_BYTES
from tests.harness import VirtualSession
from tests.reliability.invariants import integrity, payload_of, read_contents, replay

VALID_META = (
    '{"last_swipe_at":null,"reason":"x","schema_version":1,"selector_version":1,'
    '"sequence":%d,"swipe_count":%d,"timezone":"UTC"}'
)


def tags(score: str) -> str:
    return (
        '{"schema_version":1,"swipe_count":%d,"tags":[{"likes":1,"nopes":0,"score":'
        + score
        + ',"superlikes":0,"tag":"spicy"}]}'
    )


CORRUPT: dict[str, tuple[object, object, object]] = {
    # id: (profile_version, payload_json, meta_json)
    "invalid-json": (901, '{"schema_version":1,"swipe_count":', None),
    "nan-score": (902, tags("NaN") % 902, None),
    "wrong-types": (903, '{"schema_version":"1","swipe_count":903,"tags":{}}', None),
    "oversized": (904, '{"pad":"' + "x" * (MAX_PAYLOAD_BYTES + 1) + '"}', None),
    "future-payload": (905, '{"schema_version":7,"swipe_count":905,"tags":[]}', None),
    "future-meta": (
        906,
        tags("0.5") % 906,
        VALID_META.replace('"schema_version":1', '"schema_version":9') % (906, 906),
    ),
    "not-utf8": (907, b"\xff\xfe{\x00", None),
    "version-not-a-number": ("latest", tags("0.5") % 1, None),
}


def add_corrupt_rows(db_path: Path) -> dict[str, tuple[object, ...]]:
    connection = sqlite3.connect(db_path, isolation_level=None)
    try:
        for row_id, (version, payload, meta) in CORRUPT.items():
            connection.execute(
                "INSERT INTO profile_snapshots VALUES "
                "(?, '2026-01-20T12:00:00.000000Z', '2026-01-20', 'MANUAL', ?, ?, ?, ?)",
                (row_id, f"manual:{row_id}", version, payload, meta),
            )
        return stored_corrupt_rows(connection)
    finally:
        connection.close()


def stored_corrupt_rows(connection: sqlite3.Connection) -> dict[str, tuple[object, ...]]:
    placeholders = ",".join("?" * len(CORRUPT))
    rows = connection.execute(
        f"SELECT * FROM profile_snapshots WHERE id IN ({placeholders})", tuple(CORRUPT)
    ).fetchall()
    return {row[0]: tuple(row) for row in rows}


@pytest.fixture
def damaged(db_path: Path) -> dict[str, tuple[object, ...]]:
    """60 swipes (rows at 25 and 50, and a manual one at 60), plus the corrupt rows."""
    session = VirtualSession(db_path)
    session.swipe(60, every=0.2)
    session.settle()
    session.session.job.request_snapshot()
    session.settle()
    session.close()
    return add_corrupt_rows(db_path)


def test_the_snapshots_command_lists_every_valid_row_and_logs_each_skipped_one(
    db_path: Path,
    damaged: dict[str, tuple[object, ...]],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="tastetrail.repository"):
        assert main(["snapshots", "--db", str(db_path)]) == 0
    table = capsys.readouterr().out
    assert "3 row(s) in" in table
    for key in ("swipes:000025", "swipes:000050", "manual:000060"):
        assert key in table
    assert "manual:invalid-json" not in table
    skipped = {getattr(record, "snapshot_id", None) for record in caplog.records}
    assert skipped == set(CORRUPT)

    assert main(["snapshots", "--db", str(db_path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["windowKey"] for row in rows] == ["manual:000060", "swipes:000050", "swipes:000025"]
    assert main(["snapshots", "--db", str(db_path), "--json", "--oldest-first"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["windowKey"] for row in rows] == ["swipes:000025", "swipes:000050", "manual:000060"]


def test_a_session_rehydrates_from_the_latest_valid_snapshot_and_keeps_working(
    db_path: Path, damaged: dict[str, tuple[object, ...]], catalog: Catalog
) -> None:
    session = VirtualSession(db_path, start=datetime(2026, 1, 21, 9, 0, tzinfo=UTC))
    stored = read_contents(db_path, catalog, timezone="UTC")
    replayed = replay(stored.swipes, catalog, timezone="UTC")
    state = session.store.get_state()
    assert state.profile == replayed.profile
    assert payload_of(state) == payload_of(replayed)
    assert state.snapshots.last_threshold_window == 50

    session.swipe(20, every=0.2)
    session.settle()
    session.close()
    after = read_contents(db_path, catalog, timezone="UTC")
    assert [row.window_key for row in after.rows] == [
        "swipes:000025",
        "swipes:000050",
        "manual:000060",
        "day:2026-01-20",  # the start-up catch-up: the day ended while the app was closed
        "swipes:000075",
    ]
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        repository.list_snapshots()
        assert repository.skipped_rows == len(CORRUPT)
    assert integrity(db_path) == "ok"
    connection = sqlite3.connect(db_path)
    try:
        assert stored_corrupt_rows(connection) == damaged  # left exactly as they were
    finally:
        connection.close()
