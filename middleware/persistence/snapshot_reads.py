"""Reading snapshot rows: ranges for the trend, the latest rows and windows for start-up.

Every read validates what it loads; a corrupt or unreadable row is skipped, logged with its
reason and counted in ``skipped_rows``, and the rest still load. Start-up reads (the latest
snapshot, the last window of each trigger) go through an index and read one row, so they do
not grow with the history.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from middleware.persistence.connection import OwnedConnection
from middleware.persistence.errors import translate_error
from store.actions import TriggerType
from store.snapshot_rows import SnapshotRow, format_utc_micros, parse_stored_row
from store.windows import rollover_date_of, rollover_window_key, window_prefix

log = logging.getLogger("tastetrail.repository")

_SNAPSHOT_COLUMNS = (
    "id, created_at, snapshot_date_local, trigger_type, window_key, profile_version, "
    "CAST(payload_json AS BLOB), CAST(meta_json AS BLOB)"
)


class SnapshotReads(OwnedConnection):
    """The snapshot-row reads of `SnapshotRepository`."""

    skipped_rows: int
    """How many corrupt or unreadable snapshot rows reads have skipped (each is logged)."""

    def _load_rows(
        self, operation: str, sql: str, parameters: Sequence[Any], limit: int | None
    ) -> list[SnapshotRow]:
        connection = self._open_connection(operation)
        rows: list[SnapshotRow] = []
        if limit == 0:
            return rows
        try:
            cursor = connection.execute(sql, parameters)
            try:
                for raw in cursor:
                    row = self._row_or_none(raw)
                    if row is not None:
                        rows.append(row)
                        if limit is not None and len(rows) >= limit:
                            break
            finally:
                cursor.close()
        except sqlite3.Error as exc:
            raise translate_error(exc, operation) from exc
        return rows

    def _row_or_none(self, raw: tuple[Any, ...]) -> SnapshotRow | None:
        try:
            return parse_stored_row(raw)
        except (ValueError, TypeError, RecursionError) as exc:  # ValidationError included
            self.skipped_rows += 1
            reason = _describe(exc)
            log.warning(
                "skipped snapshot row %s: %s",
                raw[0],
                reason,
                extra={"event": "snapshot_row_skipped", "snapshot_id": raw[0], "reason": reason},
            )
            return None

    def list_snapshots(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[SnapshotRow]:
        """Readable rows created in ``[since, until)``, oldest first (ties by id)."""
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be zero or more, received {limit}")
        clauses, parameters = [], []
        if since is not None:
            clauses.append("created_at >= ?")
            parameters.append(format_utc_micros(since))
        if until is not None:
            clauses.append("created_at < ?")
            parameters.append(format_utc_micros(until))
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT {_SNAPSHOT_COLUMNS} FROM profile_snapshots{where} ORDER BY created_at, id"
        return self._load_rows("list_snapshots", sql, parameters, limit)

    def latest_snapshot(self, *, max_profile_version: int | None = None) -> SnapshotRow | None:
        """The readable row with the highest profile version (then the latest created)."""
        where, parameters = "", []
        if max_profile_version is not None:
            where, parameters = " WHERE profile_version <= ?", [max_profile_version]
        sql = (
            f"SELECT {_SNAPSHOT_COLUMNS} FROM profile_snapshots{where} "
            "ORDER BY profile_version DESC, created_at DESC, id DESC"
        )
        rows = self._load_rows("latest_snapshot", sql, parameters, 1)
        return rows[0] if rows else None

    def last_created_snapshot(self) -> SnapshotRow | None:
        """The readable row created most recently."""
        sql = f"SELECT {_SNAPSHOT_COLUMNS} FROM profile_snapshots ORDER BY created_at DESC, id DESC"
        rows = self._load_rows("last_created_snapshot", sql, (), 1)
        return rows[0] if rows else None

    def count_snapshots(self) -> int:
        return int(self._fetch("count_snapshots", "SELECT count(*) FROM profile_snapshots")[0][0])

    def count_snapshots_by_trigger(self) -> dict[TriggerType, int]:
        """How many rows each trigger type has (types without rows are left out).

        Counted by SQLite over the trigger index, so a summary of a long history never loads
        its rows; the schema's CHECK keeps ``trigger_type`` to the three known names.
        """
        rows = self._fetch(
            "count_snapshots_by_trigger",
            "SELECT trigger_type, count(*) FROM profile_snapshots GROUP BY trigger_type",
        )
        return {TriggerType(trigger): int(count) for trigger, count in rows}

    def last_threshold_window(self) -> int:
        """The highest swipe count with a SWIPE_THRESHOLD row, 0 if none."""
        # The policy only ever claims a window above the last one, at a later profile
        # version, so the newest threshold row holds the highest window; reading it through
        # the profile_version index keeps start-up independent of how many rows there are.
        prefix = window_prefix(TriggerType.SWIPE_THRESHOLD) + ":"
        rows = self._fetch(
            "last_threshold_window",
            # The unary ``+`` keeps SQLite off the key indexes, so that it walks the
            # profile_version index backwards and stops at the first threshold row.
            "SELECT CAST(substr(window_key, ?) AS INTEGER) FROM profile_snapshots "
            "WHERE +trigger_type = ? AND +window_key GLOB ? "
            "ORDER BY profile_version DESC LIMIT 1",
            (len(prefix) + 1, TriggerType.SWIPE_THRESHOLD.value, prefix + "[0-9]*"),
        )
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    def rollover_dates(self, *, since: date | None = None) -> set[date]:
        """Every local date with a DAY_ROLLOVER row (from ``since`` on, when given).

        Read from the trigger index alone (it covers the key); a damaged key is passed over
        and logged, not believed.
        """
        sql = "SELECT window_key FROM profile_snapshots WHERE trigger_type = ?"
        parameters: list[Any] = [TriggerType.DAY_ROLLOVER.value]
        if since is not None:
            # A range on the trigger index: only the rows from ``since`` on are read.
            sql += " AND window_key >= ?"
            parameters.append(rollover_window_key(since))
        days: set[date] = set()
        for (window_key,) in self._fetch("rollover_dates", sql, parameters):
            try:
                days.add(rollover_date_of(window_key))
            except (ValueError, TypeError):
                log.warning("ignored a DAY_ROLLOVER row with window key %r", window_key)
        return days

    def last_manual_version(self) -> int:
        """The highest profile version with a MANUAL row, -1 if none."""
        # A damaged row may hold text in profile_version, and SQLite ranks text above every
        # number: only whole numbers count, as only they can be a version.
        rows = self._fetch(
            "last_manual_version",
            "SELECT coalesce(max(profile_version), -1) FROM profile_snapshots "
            "WHERE trigger_type = ? AND typeof(profile_version) = 'integer'",
            (TriggerType.MANUAL.value,),
        )
        return int(rows[0][0])


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "value"
        return f"invalid {where}: {first['msg']}"
    return f"{type(exc).__name__}: {exc}"
