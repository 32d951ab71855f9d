"""The clean-close mark: whether the last writing session ended by closing, or was cut off.

A writing session marks the file open when it starts (`mark_open`) and closed when it
closes cleanly (`mark_closed`: Ctrl+Q, the window closed, a SIGTERM, SIGHUP or SIGINT). A
start that finds the mark still open knows the session before it was killed, crashed or lost
its power, and says so in one line (`UncleanEnd.describe`): when it ended (its last swipe)
and how many of its swipes the file kept. Swipes are committed as they come, so that is
every swipe it showed, but the last few milliseconds' worth.

The mark is one row of the ``session_mark`` table (schema version 5). A row another program
damaged is ignored and written afresh; a file without the row (new, or from before version
5) has no previous session to speak of.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from store.snapshot_rows import format_utc_micros, parse_utc


@dataclass(frozen=True, slots=True)
class UncleanEnd:
    """The last writing session did not close: what the file kept of it."""

    opened_at: datetime
    """When that session started (aware UTC)."""
    last_swipe_at: datetime | None
    """Its last stored swipe (aware UTC), None if it stored none."""
    swipes_kept: int
    """How many swipes it stored."""

    def describe(self, zone: ZoneInfo) -> str:
        """One line for the terminal and the window, in the person's local time."""
        if self.last_swipe_at is None:
            return (
                "the last session did not close (the app was killed or crashed); it started "
                f"at {_local(self.opened_at, zone)} and had stored no swipes"
            )
        count = self.swipes_kept
        return (
            "the last session did not close (the app was killed or crashed): it ended after "
            f"its last swipe at {_local(self.last_swipe_at, zone)}, and its {count} "
            f"swipe{'' if count == 1 else 's'} {'is' if count == 1 else 'are'} kept"
        )


def _local(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def mark_open(connection: sqlite3.Connection, *, at: datetime) -> UncleanEnd | None:
    """Mark the file open from ``at`` (aware UTC); what the last session left unclosed, if
    anything. Runs inside the caller's write transaction."""
    row = connection.execute(
        "SELECT open, opened_at, opened_through_sequence FROM session_mark WHERE id = 1 "
        "AND typeof(open) = 'integer' AND typeof(opened_at) = 'text' "
        "AND typeof(opened_through_sequence) = 'integer'"
    ).fetchone()
    unclean = _unclean_end(connection, row) if row is not None and row[0] == 1 else None
    connection.execute(
        "INSERT OR REPLACE INTO session_mark "
        "(id, open, opened_at, opened_through_sequence, closed_at) "
        "VALUES (1, 1, ?, (SELECT coalesce(max(sequence), 0) FROM swipes), NULL)",
        (format_utc_micros(at),),
    )
    return unclean


def mark_closed(connection: sqlite3.Connection, *, at: datetime) -> None:
    """Mark the file closed at ``at`` (aware UTC). Runs inside the caller's write transaction."""
    connection.execute(
        "UPDATE session_mark SET open = 0, closed_at = ? WHERE id = 1", (format_utc_micros(at),)
    )


def _unclean_end(connection: sqlite3.Connection, row: tuple[int, str, int]) -> UncleanEnd | None:
    _open, opened_text, through = row
    try:
        opened_at = parse_utc(opened_text)
    except ValueError:
        return None  # another program's edit: nothing can be said about that session
    count, last_text = connection.execute(
        "SELECT count(*), max(at) FROM swipes WHERE sequence > ?", (through,)
    ).fetchone()
    last_swipe_at: datetime | None = None
    if last_text is not None:
        try:
            last_swipe_at = parse_utc(str(last_text))
        except ValueError:
            last_swipe_at = None
    return UncleanEnd(opened_at=opened_at, last_swipe_at=last_swipe_at, swipes_kept=int(count))
