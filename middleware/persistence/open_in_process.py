"""Which database files this process has open through SQLite: nothing else may open them then.

POSIX record locks belong to a process and a file, not to a descriptor: closing *any*
descriptor of a file drops every lock the process holds on it (SQLite's "How To Corrupt An
SQLite Database File", section 2.2). SQLite's own opens know this: its unix VFS keeps one
record of locks per file and holds a descriptor open while another connection of the
process has a lock. A plain ``open()``/``close()`` of the database, to read its header,
does not: it would drop the locks of every connection this process has on the file, and
another process, believing itself alone, would checkpoint and delete the ``-wal`` our
writer still commits into, taking acknowledged swipes with it.

So every SQLite connection to a database file is counted here from *before* SQLite opens it
until it is closed (`connect_tracked`), and a plain read of the file (`read_unless_open`)
runs only while none is counted, under the same lock: the header is read before the first
connection opens, never beside one.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from middleware.persistence.file_identity import FileIdentity, identity_of

T = TypeVar("T")
C = TypeVar("C", bound="TrackedConnection")

_lock = threading.Lock()
_open: Counter[FileIdentity] = Counter()


class TrackedConnection(sqlite3.Connection):
    """A connection that runs its ``on_close`` callbacks once it is closed."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._on_close: list[Callable[[], None]] = []

    def on_close(self, callback: Callable[[], None]) -> None:
        self._on_close.append(callback)

    def close(self) -> None:
        try:
            super().close()
        finally:
            callbacks, self._on_close = self._on_close, []
            for callback in reversed(callbacks):
                callback()


def read_unless_open(path: Path, read: Callable[[Path], T]) -> T | None:
    """``read(path)``, a plain read of the file, unless this process has it open through
    SQLite (then None: the first connection's open read it already, and reading it now
    would drop that connection's locks)."""
    with _lock:
        identity = identity_of(path)
        if identity is not None and _open[identity]:
            return None
        return read(path)


def is_open(path: Path) -> bool:
    """Whether a SQLite connection of this process has the file at ``path`` open."""
    with _lock:
        identity = identity_of(path)
        return identity is not None and _open[identity] > 0


def connect_tracked(path: Path, connect: Callable[[], C]) -> C:
    """``connect()``, with the file at ``path`` counted as open from before SQLite opens it
    until the connection is closed. The file exists already (SQLite never creates it here)."""
    with _lock:
        identity = identity_of(path)
        if identity is not None:
            _open[identity] += 1
    released = False

    def release() -> None:
        nonlocal released
        with _lock:
            if released or identity is None:
                return
            released = True
            _open[identity] -= 1
            if _open[identity] <= 0:
                del _open[identity]

    try:
        connection = connect()
    except BaseException:
        release()
        raise
    connection.on_close(release)
    return connection
