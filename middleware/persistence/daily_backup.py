"""One online backup of the database per local day, the last seven, beside it.

``NAME.backup-YYYY-MM-DD`` (the user's local date), private to the user, a whole database in
one file: see `online_backup.copy_database`, which copies from the writer's own connection
with SQLite's backup API while the app runs. The writer's repository calls `after_commit`
after each commit, on the writer thread, so the GUI thread never waits for a copy; the
first commit of a local day takes that day's backup, and until the next local midnight each
later commit costs one clock read and a comparison. A backup that fails is logged and tried
again at the next day's first commit: the commit it follows has succeeded either way.

A clean close takes the day's backup again (`at_close`), replacing the one of the same
local date, so the newest backup is at most one session old; the first commit after a
local midnight (the day's rollover row, or a swipe) is the day's end for the backups.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from datetime import date, datetime
from pathlib import Path

from middleware.clock import Clock
from middleware.persistence.errors import RepositoryError
from middleware.persistence.holdings import connect_read_only
from middleware.persistence.online_backup import copy_database
from store.local_day import local_date, next_local_midnight

log = logging.getLogger("tastetrail.repository")

KEEP = 7
"""How many daily backups are kept: a week to notice that something went wrong."""


def backup_path(db_path: Path, day: date) -> Path:
    """Where the backup of ``db_path`` for the local date ``day`` goes."""
    return db_path.with_name(f"{db_path.name}.backup-{day.isoformat()}")


def backups_of(db_path: Path) -> list[tuple[date, Path]]:
    """The backups beside ``db_path``, newest first, by the date in their names."""
    prefix = f"{db_path.name}.backup-"
    found = []
    for path in db_path.parent.glob(f"{prefix}*"):
        stamp = path.name[len(prefix) :]
        try:
            day = date.fromisoformat(stamp)
        except ValueError:
            continue
        if stamp == day.isoformat() and path.is_file():  # not NAME.backup-...-journal
            found.append((day, path))
    return sorted(found, reverse=True)


class DailyBackups:
    """Takes the day's backup after the first commit of each local day; keeps ``keep``."""

    def __init__(self, db_path: Path, *, clock: Clock, keep: int = KEEP) -> None:
        if keep < 1:
            raise ValueError(f"keep must be 1 or more, received {keep}")
        self._db_path = db_path
        self._clock = clock
        self._keep = keep
        self._due: datetime | None = None  # the next local midnight, once today's is done

    def after_commit(self, connection: sqlite3.Connection) -> None:
        """Take today's backup from ``connection`` if it is not taken yet (writer thread)."""
        now = self._clock.now()
        if self._due is not None and now < self._due:
            return
        zone = self._clock.zone()
        today = local_date(now, zone)
        self._due = next_local_midnight(now, zone)
        target = backup_path(self._db_path, today)
        if target.exists():
            return  # an earlier session took it
        started = time.perf_counter()
        try:
            copy_database(connection, target)
        except RepositoryError as error:
            self._failed("the daily backup", target, error, "the next local day tries again")
            return
        self._taken("the daily backup", target, started)

    def at_close(self) -> None:
        """Take the day's backup again from the file, replacing today's (after a clean close).

        Called once the writer has closed the file and before its lock is let go, so the
        copy holds every swipe of the session. A failure is logged: the file is whole.
        """
        if not self._db_path.exists() or self._db_path.stat().st_size == 0:
            return
        today = local_date(self._clock.now(), self._clock.zone())
        target = backup_path(self._db_path, today)
        staged = target.with_name(f".{target.name}.{os.getpid()}.closing")
        started = time.perf_counter()
        try:
            staged.unlink(missing_ok=True)
            source = connect_read_only(self._db_path)
            try:
                copy_database(source, staged)
            finally:
                source.close()
            os.replace(staged, target)
        except (RepositoryError, sqlite3.Error, OSError) as error:
            staged.unlink(missing_ok=True)
            self._failed("the backup at close", target, error, "the last one is kept")
            return
        self._taken("the backup at close", target, started)

    def _failed(self, what: str, target: Path, error: Exception, then: str) -> None:
        log.warning(
            "%s %s was not taken (%s); %s",
            what,
            target.name,
            error,
            then,
            extra={"event": "backup_failed", "backup": str(target)},
        )

    def _taken(self, what: str, target: Path, started: float) -> None:
        """Log that ``target`` was taken, after pruning the backups beyond the ones kept."""
        removed = self._prune()
        log.info(
            "took %s %s in %.0f ms%s",
            what,
            target.name,
            (time.perf_counter() - started) * 1000,
            f"; removed {', '.join(removed)}" if removed else "",
            extra={"event": "backup_taken", "backup": str(target), "removed": removed},
        )

    def _prune(self) -> list[str]:
        removed = []
        for _day, path in backups_of(self._db_path)[self._keep :]:
            try:
                path.unlink()
            except OSError as error:
                log.warning("the old backup %s was not removed: %s", path.name, error)
            else:
                removed.append(path.name)
        return removed
