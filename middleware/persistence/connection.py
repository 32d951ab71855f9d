"""One SQLite connection, owned by the thread that opened it, usable until it is closed.

`SnapshotRepository` is built on this: its reads (`SnapshotReads`, `SwipeLogReads`) and its
writes all go through `_open_connection`, so a call after `close()` or from another thread
gets a clear `RepositoryError` instead of a ``sqlite3.ProgrammingError`` or a data race.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from typing import Any

from middleware.persistence.errors import RepositoryClosedError, RepositoryError, translate_error


class OwnedConnection:
    """A connection that belongs to the thread that created this object."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection: sqlite3.Connection | None = connection
        self._owner = threading.get_ident()

    @property
    def closed(self) -> bool:
        return self._connection is None

    def close(self) -> None:
        """Close the connection. Idempotent."""
        if self._connection is None:
            return
        self._require_owner("close")
        connection, self._connection = self._connection, None
        try:
            connection.close()
        except sqlite3.Error as exc:
            raise translate_error(exc, "closing the database") from exc

    def _require_owner(self, operation: str) -> None:
        if threading.get_ident() != self._owner:
            raise RepositoryError(
                f"SnapshotRepository.{operation}() was called from thread id "
                f"{threading.get_ident()}, but the repository belongs to thread id "
                f"{self._owner}, which opened it. Open a repository on each thread that needs one."
            )

    def _open_connection(self, operation: str) -> sqlite3.Connection:
        if self._connection is None:
            raise RepositoryClosedError(
                f"SnapshotRepository.{operation}() was called after close(). Open a new "
                "repository with SnapshotRepository.open(path)."
            )
        self._require_owner(operation)
        return self._connection

    def _fetch(
        self, operation: str, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()
    ) -> list[Any]:
        connection = self._open_connection(operation)
        try:
            return connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise translate_error(exc, operation) from exc
