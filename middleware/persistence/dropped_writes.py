"""Inserts that SQLite reports as done but that stored nothing: a trigger in the file.

TasteTrail creates no triggers; another program may add one that drops rows
(``SELECT RAISE(IGNORE)``), and then an insert "succeeds" having stored nothing. The
repository compares what each insert stored with what it was given, and these helpers say
whether a no-op snapshot insert really met its window's row, and name the triggers.
"""

from __future__ import annotations

import sqlite3

from middleware.persistence.errors import WriteDroppedError
from store.snapshot_rows import NewSnapshot


def window_has_a_row(connection: sqlite3.Connection, new: NewSnapshot) -> bool:
    """Whether the row that made ``new``'s insert a no-op is really there."""
    row = connection.execute(
        "SELECT 1 FROM profile_snapshots WHERE id = ? OR (window_key = ? AND trigger_type = ? "
        "AND profile_version = ?)",
        (new.id, new.window_key, new.trigger_type.value, new.profile_version),
    ).fetchone()
    return row is not None


def dropped_write_error(
    connection: sqlite3.Connection, table: str, what: str, stored: int
) -> WriteDroppedError:
    """The error for an insert into ``table`` that stored ``stored`` rows of ``what``."""
    triggers = [
        str(name)
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name",
            (table,),
        )
    ]
    culprit = (
        f"the trigger(s) {', '.join(map(repr, triggers))} on {table}, which TasteTrail never "
        "creates"
        if triggers
        else f"something in the database file that drops rows of {table}"
    )
    return WriteDroppedError(
        f"the insert of {what} wrote nothing ({stored} stored): {culprit}. Nothing was "
        "saved; remove it and the write is retried, or choose another file."
    )
