"""Persistence: the SQLite file, its schema, the repository, and the writer that owns it.

One writer at a time per database file: the writer lock (`writer_lock`) is taken before a
session writes.
"""

from middleware.persistence.writer_lock import LOCK_SUFFIX, WriterLock, lock_path_for

__all__ = ["LOCK_SUFFIX", "WriterLock", "lock_path_for"]
