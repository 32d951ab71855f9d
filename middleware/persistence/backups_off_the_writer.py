"""The daily backup, taken on a thread of its own so that a copy never delays a swipe.

The writer commits each swipe as it comes; a backup on the writer's thread (tens of
milliseconds on a small file, seconds on a long history, more on a busy disk) would hold
back every swipe behind it. So the writer's ``after_commit`` only wakes this thread, which
hands `DailyBackups.after_commit` its own read-only connection: WAL lets it copy a
consistent picture of the file, the commit that woke it included, while the writer goes on
committing. Until a backup is due the wake-up costs one clock read, and no connection is
opened before the first backup is due.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from middleware.persistence.daily_backup import DailyBackups
from middleware.persistence.read_only import connect_read_only

log = logging.getLogger("tastetrail.repository")


class _LazyConnection:
    """What `DailyBackups.after_commit` copies from: opened at its first use only."""

    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path
        self.connection: sqlite3.Connection | None = None

    def backup(self, *args: object, **kwargs: object) -> None:
        if self.connection is None:
            self.connection = connect_read_only(self._db_path, 5000)
        self.connection.backup(*args, **kwargs)  # type: ignore[arg-type]

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class BackupsOffTheWriter:
    """`DailyBackups` for the writer's ``after_commit``, run on their own thread."""

    def __init__(self, backups: DailyBackups, db_path: Path) -> None:
        self._backups = backups
        self._db_path = db_path
        self._wanted = threading.Event()
        self._pending = False  # a commit happened since the thread last looked
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="daily-backup", daemon=True)
        self._started = False
        self._mutex = threading.Lock()

    def after_commit(self, _connection: sqlite3.Connection) -> None:
        """Wake the backup thread (the writer's thread; never waits)."""
        with self._mutex:
            if self._closed:
                return
            if not self._started:
                self._started = True
                self._thread.start()
            self._pending = True
        self._wanted.set()

    def close(self, timeout: float) -> None:
        """Stop the thread once it has looked at the last commit (a backup due then is
        taken), waiting for up to ``timeout`` seconds."""
        with self._mutex:
            self._closed = True
            started = self._started
        self._wanted.set()
        if started:
            self._thread.join(timeout)

    def _run(self) -> None:
        source = _LazyConnection(self._db_path)
        try:
            while True:
                self._wanted.wait()
                self._wanted.clear()
                with self._mutex:
                    pending, self._pending = self._pending, False
                    closed = self._closed
                if pending:
                    try:
                        # The copy reads its source through `backup` alone: a lazy one will do.
                        self._backups.after_commit(source)  # type: ignore[arg-type]
                    except Exception:  # a backup must never end the thread
                        log.exception("the daily backup failed")
                        source.close()
                if closed:
                    return
        finally:
            source.close()
