"""The store's error types: one flat hierarchy, one sentence each.

Every message says what was wrong, what was received and what to do, in the style of
Redux's own guard-rail errors.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base class for every error raised by the store package."""


class InvalidActionError(StoreError, ValueError):
    """Something that is not a valid action was dispatched; nothing changed."""

    def __init__(self, message: str, *, field: str | None = None, received: object = None) -> None:
        super().__init__(message)
        self.field = field
        self.received = received


class DispatchInReducerError(StoreError):
    """`dispatch` was called while a reducer was running."""


class GetStateInReducerError(StoreError):
    """`get_state` was called while a reducer was running."""


class MiddlewareConstructionError(StoreError):
    """`dispatch` was called while middleware was still being constructed."""


class WrongThreadError(StoreError):
    """The store was used from a thread other than the one that owns it."""


class CatalogError(StoreError):
    """The card catalog is missing, malformed or inconsistent."""


class RepositoryError(StoreError):
    """The snapshot database could not be opened, read or written."""


class InvalidDatabasePathError(RepositoryError):
    """The path given for the database cannot be a database file."""


class NotADatabaseError(RepositoryError):
    """The file is not a SQLite database, or is truncated or corrupt; it was left untouched."""


class DatabaseTooNewError(RepositoryError):
    """The database was written by a newer version of the app; it was left untouched."""


class DatabaseLockedError(RepositoryError):
    """Another connection held the database lock for longer than the busy timeout."""


class DiskFullError(RepositoryError):
    """The disk (or the database's size limit) is full; the write was rolled back."""


class ReadOnlyDatabaseError(RepositoryError):
    """The database cannot be written: the file, its folder or the repository is read-only."""


class DatabaseInUseError(RepositoryError):
    """Another TasteTrail process holds the database's writer lock; nothing was written."""

    def __init__(self, message: str, *, path: str, pid: int | None) -> None:
        super().__init__(message)
        self.path = path
        self.pid = pid


class DuplicateSwipeError(RepositoryError):
    """A swipe's sequence number is stored already (another writer); nothing was written."""

    def __init__(self, message: str, *, sequence: int) -> None:
        super().__init__(message)
        self.sequence = sequence


class RepositoryClosedError(RepositoryError):
    """The repository was used after `close()`."""
