"""Whether the database already is, byte for byte, the backup a restore would put back.

Restoring such a backup would change nothing but move the current file aside as a copy of
itself (``NAME.before-restore-...``); `restore_backup` says there is nothing to restore
instead. Every page is compared byte for byte, and the 100-byte file header too, except
the fields SQLite rewrites without changing what the file holds (`_BOOKKEEPING`: the
journal mode, the change counter, the schema cookie, the writing library's version), so
a database restored from a backup a moment ago counts as that backup. Only a database
without WAL pages can be the same: with pages in its ``-wal`` it holds commits its main
file does not. Read under the restore's writer lock, with no SQLite
connection to either file open in this process (closing another descriptor of a file
would drop SQLite's locks on it), and never through a link.
"""

from __future__ import annotations

import os
from pathlib import Path

from middleware.persistence.file_checks import sidecar
from middleware.persistence.files import open_no_follow

_CHUNK = 1 << 20
_HEADER = 100
_BOOKKEEPING = ((18, 20), (24, 28), (40, 44), (92, 100))
"""Header fields (start, end) that differ between copies of the same content: the file
format's read/write versions (WAL or rollback), the file change counter, the schema
cookie, the version-valid-for number and the SQLite version that last wrote the file."""


def _without_bookkeeping(chunk: bytes) -> bytes:
    header = bytearray(chunk[:_HEADER])
    for start, end in _BOOKKEEPING:
        header[start:end] = bytes(len(header[start:end]))
    return bytes(header) + chunk[_HEADER:]


def holds_the_same_bytes(db_path: Path, backup: Path) -> bool:
    """True when ``db_path`` (with no WAL pages beside it) has ``backup``'s bytes, its
    header's bookkeeping aside."""
    try:
        if sidecar(db_path, "-wal").stat().st_size > 0:
            return False
    except FileNotFoundError:
        pass
    try:
        if db_path.stat().st_size != backup.stat().st_size:
            return False
        current = open_no_follow(db_path, os.O_RDONLY, "the database")
    except OSError:
        return False
    try:
        other = open_no_follow(backup, os.O_RDONLY, "the backup")
    except OSError:
        os.close(current)
        return False
    try:
        first = True
        while True:
            chunk, theirs = os.read(current, _CHUNK), os.read(other, _CHUNK)
            if first:
                chunk, theirs = _without_bookkeeping(chunk), _without_bookkeeping(theirs)
                first = False
            if chunk != theirs:
                return False
            if not chunk:
                return True
    finally:
        os.close(other)
        os.close(current)
