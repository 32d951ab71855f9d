"""Reading the undos costs the undos, not the history: the partial index, never the key range."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from middleware.persistence.repository import SnapshotRepository


def test_counting_the_undos_reads_the_undo_index_not_every_swipe_before(tmp_path: Path) -> None:
    db_path = tmp_path / "profile.sqlite3"
    SnapshotRepository.open(db_path).close()  # the current schema, undo index included
    statements: list[str] = []
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        connection = repository._connection
        assert connection is not None
        connection.set_trace_callback(statements.append)
        assert repository.undos_through(1_000_000) == 0
        connection.set_trace_callback(None)
    (counted,) = [sql for sql in statements if "count(*)" in sql and "undoes" in sql]
    plain = sqlite3.connect(db_path)
    try:
        plan = " ".join(detail for *_, detail in plain.execute(f"EXPLAIN QUERY PLAN {counted}"))
    finally:
        plain.close()
    assert "swipes_undone" in plan, plan
    assert "PRIMARY KEY" not in plan, plan
