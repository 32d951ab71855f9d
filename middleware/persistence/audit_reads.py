"""Reads that audit the whole file: its integrity, duplicate windows, every row in order.

`app.simulation.invariants` checks a database with these after a simulated run, and the
reliability suite after every fault. They read everything, so they are for checks, never
for a path a person waits on; rows come one batch at a time, so memory stays flat however
long the history is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from middleware.persistence.errors import translate_error
from middleware.persistence.quick_check import refuse_damaged
from middleware.persistence.snapshot_reads import SNAPSHOT_COLUMNS, SnapshotReads
from store.snapshot_rows import SnapshotRow


class AuditReads(SnapshotReads):
    """The whole-file reads of `SnapshotRepository`."""

    def integrity_check(self) -> str:
        """``PRAGMA integrity_check``: ``"ok"`` for a healthy file, else SQLite's findings."""
        rows = self._fetch("integrity_check", "PRAGMA integrity_check")
        return "\n".join(str(row[0]) for row in rows)

    def refuse_if_damaged(self, *, source: str, path: Path | None = None) -> None:
        """Raise `DamagedDatabaseError` when a page of the file (at ``path``, named in the
        advice) is damaged (`quick_check`)."""
        refuse_damaged(self._open_connection("quick_check"), source=source, path=path)

    def duplicate_windows(self) -> list[tuple[str, str, int]]:
        """(trigger type, window key, rows) for each window with more than one row, at any
        profile version (the unique key allows one row per version)."""
        rows = self._fetch(
            "duplicate_windows",
            "SELECT trigger_type, window_key, count(*) FROM profile_snapshots "
            "GROUP BY trigger_type, window_key HAVING count(*) > 1 "
            "ORDER BY trigger_type, window_key",
        )
        return [(str(trigger), str(key), int(count)) for trigger, key, count in rows]

    def snapshots_by_version(self) -> Iterator[SnapshotRow]:
        """Every readable row in profile-version order (then creation, then id), read in
        batches; a corrupt row is skipped, logged and counted as in every read."""
        connection = self._open_connection("snapshots_by_version")
        try:
            cursor = connection.execute(
                f"SELECT {SNAPSHOT_COLUMNS} FROM profile_snapshots "
                "ORDER BY profile_version, created_at, id"
            )
        except sqlite3.Error as exc:
            raise translate_error(exc, "snapshots_by_version") from exc
        try:
            while True:
                self._open_connection("snapshots_by_version")
                try:
                    batch = cursor.fetchmany(200)
                except sqlite3.Error as exc:
                    raise translate_error(exc, "snapshots_by_version") from exc
                if not batch:
                    return
                for raw in batch:
                    row = self._row_or_none(raw)
                    if row is not None:
                        yield row
        finally:
            if self._connection is not None:
                cursor.close()
