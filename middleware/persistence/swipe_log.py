"""Reading the swipe log: the source of truth start-up replays and the catch-up checks.

Swipes are read in sequence order, in batches, so a long replay holds one batch in memory.
The catch-up's questions (which local dates have swipes after a point, and their first and
last sequence numbers) are answered from the ``local_date`` index without reading every
swipe of the history.

A row that does not parse (a card id that is not one, such as a megabyte of text, a
direction, a time that is not an aware instant, a local date that is not a date, a sequence
that is not a whole number) is not yielded: every read skips it, leaves it in the file and
adds it to ``damaged_swipes``, which the caller names once (see `DamagedSwipes`). The
answers about sequence numbers (the last, a day's first and last) pass over a sequence that
is not a whole number. A card the catalog does not have is the replay's to skip and name.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from middleware.persistence.connection import OwnedConnection
from middleware.persistence.damaged_swipes import DamagedSwipes, is_card_id, why_unreadable
from middleware.persistence.errors import translate_error
from middleware.persistence.schema import UNDO_EVENTS_VERSION
from store.actions import Direction
from store.snapshot_rows import SwipeRecord, parse_utc

log = logging.getLogger("tastetrail.repository")

_DIRECTIONS = {direction.value: direction for direction in Direction}
LOG_END = "(SELECT coalesce(max(sequence), 0) FROM swipes WHERE typeof(sequence) = 'integer')"
"""The last whole sequence number of the log, 0 if none: one probe of the rowid's end (the
filter costs nothing on the rowid; it passes over a damaged row's text, which sorts after
every number)."""
SCAN_SWIPES_LIMIT = 20_000
"""Above this many swipes after a point, `swipe_days_after` probes day by day instead."""
# The unary ``+`` keeps SQLite off the local_date index, which it would scan whole to group
# by it: this reads the rowid range after the point and groups only that.
_DAYS_OF_SWIPES_AFTER = (
    "SELECT +local_date AS day, min(sequence), max(sequence) FROM swipes "
    "WHERE sequence > :after GROUP BY day ORDER BY day"
)
# A skip-scan over the local_date index (whose entries end in the sequence): one probe per
# distinct day for the day itself, its last swipe and its first swipe after the point.
_DAYS_OF_SWIPES_BY_DAY = (
    "WITH RECURSIVE days(day) AS ("
    " SELECT min(local_date) FROM swipes"
    " UNION ALL"
    " SELECT (SELECT min(local_date) FROM swipes WHERE local_date > day)"
    " FROM days WHERE day IS NOT NULL"
    "), ranges(day, first, last) AS ("
    " SELECT day,"
    " (SELECT min(sequence) FROM swipes WHERE local_date = day AND sequence > :after),"
    " (SELECT max(sequence) FROM swipes WHERE local_date = day)"
    " FROM days WHERE day IS NOT NULL"
    ") SELECT day, first, last FROM ranges WHERE first IS NOT NULL ORDER BY day"
)


class SwipeDay(NamedTuple):
    """A local date with swipes: the first and last of their sequence numbers."""

    day: date
    first_sequence: int
    last_sequence: int


class SwipeLogReads(OwnedConnection):
    """The swipe-log reads of `SnapshotRepository`."""

    _damaged: DamagedSwipes | None = None

    @property
    def damaged_swipes(self) -> DamagedSwipes:
        """The damaged swipe rows this repository's reads have skipped so far."""
        if self._damaged is None:
            self._damaged = DamagedSwipes()
        return self._damaged

    def max_swipe_sequence(self) -> int:
        """The last stored swipe's sequence number, 0 if none."""
        rows = self._fetch("max_swipe_sequence", f"SELECT {LOG_END}")
        return int(rows[0][0])

    def _undoes(self) -> str:
        """The ``undoes`` column, or NULL in a file older than undos (opened read-only)."""
        known: str | None = getattr(self, "_undoes_column", None)
        if known is None:
            version = int(self._fetch("schema_version", "PRAGMA user_version")[0][0])
            known = "undoes" if version >= UNDO_EVENTS_VERSION else "NULL"
            self._undoes_column = known
        return known

    def undos_through(self, sequence: int) -> int:
        """How many rows up to ``sequence`` are undos (read through the undo index)."""
        if self._undoes() == "NULL":
            return 0
        rows = self._fetch(
            "undos_through",
            # ``+sequence``: the planner would otherwise walk the key range up to
            # ``sequence`` (every swipe of the history) instead of the few undos the partial
            # index holds. Not INDEXED BY: a file whose index another program dropped is
            # still read (by a scan), not refused.
            "SELECT count(*) FROM swipes WHERE undoes IS NOT NULL AND +sequence <= ?",
            (sequence,),
        )
        return int(rows[0][0])

    def last_swipe(self) -> SwipeRecord | None:
        """The readable stored swipe with the highest sequence number, None if there is none.

        Damaged rows at the end of the log are passed over (and added to
        ``damaged_swipes``), a window at a time, so the answer is one read when none is.
        """
        last = self.max_swipe_sequence()
        window = 1
        while last > 0:
            found = list(self.swipes_after(max(last - window, 0), up_to=last))
            if found:
                return found[-1]
            last, window = last - window, min(window * 10, 10_000)
        return None

    def swipe_dates(self) -> list[date]:
        """The distinct local dates with swipes, ascending."""
        # A skip-scan over the local_date index: one probe per distinct day, so start-up
        # does not read every swipe of the history (DISTINCT would scan the whole index).
        rows = self._fetch(
            "swipe_dates",
            "WITH RECURSIVE days(day) AS ("
            " SELECT min(local_date) FROM swipes"
            " UNION ALL"
            " SELECT (SELECT min(local_date) FROM swipes WHERE local_date > day)"
            " FROM days WHERE day IS NOT NULL"
            ") SELECT day FROM days WHERE day IS NOT NULL",
        )
        dates: list[date] = []
        for (day,) in rows:
            try:
                dates.append(date.fromisoformat(day))
            except (ValueError, TypeError):
                self._damaged_date(day)
        return dates

    def swipe_days_after(self, sequence: int) -> list[SwipeDay]:
        """The local dates of the swipes after ``sequence``, ascending, each with the first
        and last of those swipes' sequence numbers."""
        after = self.max_swipe_sequence() - sequence
        if after <= 0:
            return []
        # Few swipes (those of the days since the last start): read them in sequence order.
        # Many (the first start after an upgrade, or a session that ran for weeks): one
        # probe per day of the whole history is cheaper than reading every swipe.
        sql = _DAYS_OF_SWIPES_AFTER if after <= SCAN_SWIPES_LIMIT else _DAYS_OF_SWIPES_BY_DAY
        rows = self._fetch("swipe_days_after", sql, {"after": sequence})
        days: list[SwipeDay] = []
        for day, first, last in rows:
            try:
                local_day = date.fromisoformat(day)
            except (ValueError, TypeError):
                self._damaged_date(day, after=sequence)
                continue
            if not (type(first) is int and type(last) is int):
                # A damaged sequence on that day (text sorts after every number): the day's
                # whole numbers only, read again.
                [(first, last)] = self._fetch(
                    "swipe_days_after",
                    "SELECT min(sequence), max(sequence) FROM swipes WHERE local_date = ? "
                    "AND sequence > ? AND typeof(sequence) = 'integer'",
                    (day, sequence),
                )
                if first is None:
                    continue
            days.append(SwipeDay(local_day, int(first), int(last)))
        return days

    def _damaged_date(self, day: object, *, after: int = 0) -> None:
        """Add the swipes (after ``after``) whose local date is the unreadable ``day``."""
        rows = self._fetch(
            "damaged_swipe_date",
            "SELECT sequence FROM swipes WHERE local_date IS ? AND sequence > ? ORDER BY sequence",
            (day, after),
        )
        reason = f"its local date {day!r} is not a date (YYYY-MM-DD)"
        for (sequence,) in rows:
            self.damaged_swipes.add(sequence, reason)

    def swipes_after(self, sequence: int, *, up_to: int | None = None) -> Iterator[SwipeRecord]:
        """Stored swipes with sequence above ``sequence`` (and at most ``up_to``), in order."""
        connection = self._open_connection("swipes_after")
        sql = (
            f"SELECT sequence, item_id, direction, at, local_date, {self._undoes()} FROM swipes "
            "WHERE sequence > ?"
        )
        parameters = [sequence]
        if up_to is not None:
            sql += " AND sequence <= ?"
            parameters.append(up_to)
        try:
            cursor = connection.execute(sql + " ORDER BY sequence", parameters)
        except sqlite3.Error as exc:
            raise translate_error(exc, "swipes_after") from exc
        return self._iterate_swipes(cursor)

    def _iterate_swipes(self, cursor: sqlite3.Cursor) -> Iterator[SwipeRecord]:
        try:
            while True:
                self._open_connection("swipes_after")
                try:
                    batch = cursor.fetchmany(1000)
                except sqlite3.Error as exc:
                    raise translate_error(exc, "swipes_after") from exc
                if not batch:
                    return
                for sequence, item_id, direction, at, local_date, undoes in batch:
                    try:
                        if type(sequence) is not int or not is_card_id(item_id):
                            raise ValueError("not a swipe the app wrote")
                        record = SwipeRecord(
                            sequence,
                            item_id,
                            _DIRECTIONS[direction],
                            parse_utc(at),
                            date.fromisoformat(local_date),
                            undoes,
                        )
                    except (KeyError, ValueError, TypeError):
                        reason = why_unreadable(item_id, direction in _DIRECTIONS, at, local_date)
                        self.damaged_swipes.add(sequence, reason)
                        continue
                    yield record
        finally:
            if self._connection is not None:
                cursor.close()
