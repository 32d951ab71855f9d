"""Reading snapshot rows: ranges for the trend, the latest rows and windows for start-up.

Every read validates what it loads; a corrupt or unreadable row is skipped, logged with its
reason and counted in ``skipped_rows``, and the rest still load. Start-up reads (the latest
snapshot, the last window of each trigger) go through an index and read one row, so they do
not grow with the history.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Generator, Sequence
from contextlib import suppress
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from pydantic import ValidationError

from middleware.persistence.connection import OwnedConnection
from middleware.persistence.errors import translate_error
from middleware.persistence.swipe_log import LOG_END
from store.actions import TriggerType
from store.snapshot_rows import SnapshotRow, format_utc_millis, parse_stored_row, parse_utc
from store.triggers import COUNT, REQUESTED, PeriodTrigger
from store.triggers.day_rollover import DAY_ROLLOVER

log = logging.getLogger("tastetrail.repository")

SNAPSHOT_COLUMNS = (
    "id, created_at, snapshot_date_local, trigger_type, window_key, profile_version, "
    "CAST(payload_json AS BLOB), CAST(meta_json AS BLOB)"
)
"""What a query handed to `SnapshotRepository.stream_snapshots` selects, in this order."""
_LOG_END = LOG_END
_COVERED_BY_THE_LOG = f"profile_version <= {_LOG_END}"
"""A row is believed only if the swipe log has every swipe it covers.

The writer commits a row in the same transaction as the swipes it covers, so a row above
the log's last sequence was written by another program; start-up reads leave it out (it
would number new swipes after it, or claim windows that were never reached), and
`rows_beyond_the_log` names it. The subquery is one probe of the swipes' primary key."""


class SnapshotReads(OwnedConnection):
    """The snapshot-row reads of `SnapshotRepository`."""

    skipped_rows: int
    """How many corrupt or unreadable snapshot rows reads have skipped (each is logged)."""
    rows_fetched: int
    """How many snapshot rows reads have fetched from SQLite, readable or not: what a test
    or a benchmark checks to see that a read is bounded by its range."""

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
        self.rows_fetched += 1
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

    def stream_snapshots(
        self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()
    ) -> Generator[SnapshotRow, None, None]:
        """The readable rows of ``sql``, parsed one by one as SQLite returns them.

        For the query modules of the persistence layer (the trend selectors, keyset pages):
        ``sql`` is a SELECT of `SNAPSHOT_COLUMNS` from ``profile_snapshots`` with ``?`` or
        ``:name`` parameters. Rows are fetched as they are read and the cursor is closed
        when the iterator ends or is closed, so a long range is never held whole; corrupt
        rows are skipped and counted as in every other read. Use it on the repository's
        thread, and finish or close it before closing the repository.
        """
        connection = self._open_connection("stream_snapshots")
        try:
            cursor = connection.execute(sql, parameters)
        except sqlite3.Error as exc:
            raise translate_error(exc, "stream_snapshots") from exc
        try:
            while True:
                # One row at a time: SQLite steps no further than the caller reads, so a
                # caller that stops early (a page, the newest row) fetched only what it used.
                if self._connection is None:  # closed while streaming: say so plainly
                    self._open_connection("stream_snapshots")
                try:
                    raw = cursor.fetchone()
                except sqlite3.Error as exc:
                    raise translate_error(exc, "stream_snapshots") from exc
                if raw is None:
                    return
                row = self._row_or_none(raw)
                if row is not None:
                    yield row
        finally:
            with suppress(sqlite3.Error):
                cursor.close()

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
            parameters.append(created_at_bound(since))
        if until is not None:
            clauses.append("created_at < ?")
            parameters.append(created_at_bound(until))
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT {SNAPSHOT_COLUMNS} FROM profile_snapshots{where} ORDER BY created_at, id"
        return self._load_rows("list_snapshots", sql, parameters, limit)

    def latest_snapshot(self, *, max_profile_version: int | None = None) -> SnapshotRow | None:
        """The readable row with the highest profile version (then the latest created), of
        those the swipe log covers."""
        where, parameters = f" WHERE {_COVERED_BY_THE_LOG}", []
        if max_profile_version is not None:
            where, parameters = f"{where} AND profile_version <= ?", [max_profile_version]
        sql = (
            f"SELECT {SNAPSHOT_COLUMNS} FROM profile_snapshots{where} "
            "ORDER BY profile_version DESC, created_at DESC, id DESC"
        )
        rows = self._load_rows("latest_snapshot", sql, parameters, 1)
        return rows[0] if rows else None

    def last_created_snapshot(self) -> SnapshotRow | None:
        """The readable row created most recently, of those the swipe log covers."""
        sql = (
            f"SELECT {SNAPSHOT_COLUMNS} FROM profile_snapshots WHERE {_COVERED_BY_THE_LOG} "
            "ORDER BY created_at DESC, id DESC"
        )
        rows = self._load_rows("last_created_snapshot", sql, (), 1)
        return rows[0] if rows else None

    def count_snapshots(self) -> int:
        return int(self._fetch("count_snapshots", "SELECT count(*) FROM profile_snapshots")[0][0])

    def rows_dated_after(self, instant: datetime) -> tuple[int, datetime | None]:
        """How many rows were created after ``instant`` (a clock ahead, another machine's
        rows), and the newest one's ``created_at``: one count over the ``created_at`` index,
        as long as the rows it counts (none, on a healthy file)."""
        rows = self._fetch(
            "rows_dated_after",
            "SELECT count(*), max(created_at) FROM profile_snapshots WHERE created_at >= ?",
            (created_at_bound(instant + timedelta(milliseconds=1)),),
        )
        count, newest = rows[0]
        return int(count), None if newest is None else parse_utc(str(newest))

    def count_snapshots_by_trigger(self) -> dict[TriggerType, int]:
        """How many rows each trigger type has (types without rows are left out).

        Counted by SQLite over the trigger index, so a summary of a long history never loads
        its rows. The table does not constrain the names (the registry does), so a name no
        entry has (another program's row, which every read skips) is left out here too.
        """
        rows = self._fetch(
            "count_snapshots_by_trigger",
            "SELECT trigger_type, count(*) FROM profile_snapshots GROUP BY trigger_type",
        )
        # A row whose trigger is none of them (another program's edit) is a corrupt row,
        # which the row reads skip and name; it is not counted here.
        known = {trigger.value: trigger for trigger in TriggerType}
        return {known[trigger]: int(count) for trigger, count in rows if trigger in known}

    def last_threshold_window(self) -> int:
        """The highest swipe count with a SWIPE_THRESHOLD row the swipe log covers, 0 if none."""
        # The policy only ever claims a window above the last one, at a later profile
        # version, so the newest threshold row holds the highest window; reading it through
        # the profile_version index keeps start-up independent of how many rows there are.
        prefix = COUNT.prefix + ":"
        rows = self._fetch(
            "last_threshold_window",
            # The unary ``+`` keeps SQLite off the key indexes, so that it walks the
            # profile_version index backwards and stops at the first threshold row.
            "SELECT CAST(substr(window_key, ?) AS INTEGER) FROM profile_snapshots "
            f"WHERE +trigger_type = ? AND +window_key GLOB ? AND {_COVERED_BY_THE_LOG} "
            "ORDER BY profile_version DESC LIMIT 1",
            (len(prefix) + 1, COUNT.type.value, prefix + "[0-9]*"),
        )
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    def rollover_dates(self, *, since: date | None = None) -> set[date]:
        """Every local date with a DAY_ROLLOVER row the swipe log covers (from ``since`` on)."""
        return self.claimed_periods(DAY_ROLLOVER, since=since)

    def claimed_periods(self, trigger: PeriodTrigger, *, since: date | None = None) -> set[date]:
        """The first date of every period with a row of ``trigger`` the swipe log covers
        (from the period of ``since`` on, when given).

        A damaged key is passed over and logged, not believed.
        """
        # Every window key starts with its trigger's prefix: the read bounds the key by it,
        # a range on the unique key's index (window key, trigger, version).
        sql = (
            "SELECT window_key FROM profile_snapshots "
            f"WHERE trigger_type = ? AND window_key GLOB ? AND {_COVERED_BY_THE_LOG}"
        )
        parameters: list[Any] = [trigger.type.value, trigger.glob]
        if since is not None:
            # A narrower range on that index: only the rows from ``since`` on are read.
            sql += " AND window_key >= ?"
            parameters.append(trigger.format_key(trigger.period_of(since)))
        starts: set[date] = set()
        for (window_key,) in self._fetch("claimed_periods", sql, parameters):
            try:
                starts.add(trigger.parse_key(window_key))
            except (ValueError, TypeError):
                log.warning("ignored a %s row with window key %r", trigger.type.value, window_key)
        return starts

    def last_manual_version(self) -> int:
        """The highest profile version with a MANUAL row the swipe log covers, -1 if none."""
        # A damaged row may hold text in profile_version, and SQLite ranks text above every
        # number: only whole numbers count, as only they can be a version.
        rows = self._fetch(
            "last_manual_version",
            "SELECT coalesce(max(profile_version), -1) FROM profile_snapshots "
            "WHERE trigger_type = ? AND window_key GLOB ? "
            f"AND typeof(profile_version) = 'integer' AND {_COVERED_BY_THE_LOG}",
            (REQUESTED.type.value, REQUESTED.glob),
        )
        return int(rows[0][0])

    def rows_beyond_the_log(self, *, limit: int = 10) -> RowsBeyondTheLog:
        """The rows whose profile version is above the swipe log's last sequence (another
        program's): how many, and the id and version of the first ``limit`` of them."""
        rows = self._fetch(
            "rows_beyond_the_log",
            f"SELECT {_LOG_END}, count(*) FROM profile_snapshots "
            f"WHERE typeof(profile_version) = 'integer' AND profile_version > {_LOG_END}",
        )
        log_end, count = int(rows[0][0]), int(rows[0][1])
        named: list[tuple[str, int]] = []
        if count:
            named = [
                (str(row_id), int(version))
                for row_id, version in self._fetch(
                    "rows_beyond_the_log",
                    "SELECT id, profile_version FROM profile_snapshots "
                    f"WHERE typeof(profile_version) = 'integer' AND profile_version > {_LOG_END} "
                    "ORDER BY profile_version, id LIMIT ?",
                    (limit,),
                )
            ]
        return RowsBeyondTheLog(log_end, count, named)


class RowsBeyondTheLog(NamedTuple):
    """Snapshot rows that claim swipes the log does not have."""

    log_end: int
    """The swipe log's last sequence."""
    rows: int
    """How many."""
    first: list[tuple[str, int]]
    """The id and profile version of the first few, lowest version first."""

    def describe(self) -> str:
        names = ", ".join(f"{row_id!r} at version {version}" for row_id, version in self.first)
        more = f" and {self.rows - len(self.first)} more" if self.rows > len(self.first) else ""
        return (
            f"{self.rows} snapshot row(s) claim swipes the swipe log does not have (its last "
            f"swipe is {self.log_end}): {names}{more}. Another program wrote them; they are "
            "ignored and left in the file"
        )


def created_at_bound(instant: datetime) -> str:
    """``instant`` as text that ranges ``created_at`` correctly in both stored precisions.

    ``created_at`` is ``...:00.123Z`` (schema version 3 on) or ``...:00.123456Z`` (a
    read-only file from before). Against ``...:00.123`` (the instant rounded up to the
    millisecond, without the ``Z``) both compare by their first 23 characters, the
    millisecond they fall in, and a row on that millisecond sorts after it. So ``>=`` and
    ``<`` select rows by their millisecond, the precision the row contract has, and the
    ranges stay on the index.
    """
    spare = instant.microsecond % 1000
    if spare:
        instant += timedelta(microseconds=1000 - spare)
    return format_utc_millis(instant).removesuffix("Z")


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "value"
        return f"invalid {where}: {first['msg']}"
    return f"{type(exc).__name__}: {exc}"
