"""Persistence effects: what keeps the database file safe to write (one writer at a time)."""

from middleware.persistence.writer_lock import LOCK_SUFFIX, WriterLock, lock_path_for

__all__ = ["LOCK_SUFFIX", "WriterLock", "lock_path_for"]
