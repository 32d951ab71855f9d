"""Checks on a database file made before SQLite sees it, and files private to the user.

Opening is careful with files it did not create: the path is checked first (no URI, no
directory, no missing folder), and the header with a plain read, so a file that is not a
database, is truncated, or holds a schema version this app does not know is refused
byte-for-byte unchanged, with no ``-wal``/``-shm`` left beside it (to say whose file it is,
its table names are then read with SQLite's ``immutable`` open, which creates nothing).
New files (and their ``-wal``/``-shm``) are private to the user.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from contextlib import suppress
from pathlib import Path

from middleware.persistence.errors import (
    DamagedDatabaseError,
    InvalidDatabasePathError,
    NotADatabaseError,
    NotOursError,
    translate_error,
)
from middleware.persistence.files import make_private as make_file_private
from middleware.persistence.files import refuse_linked_database
from middleware.persistence.ownership import refuse_linked_sidecars
from middleware.persistence.schema import (
    APPLICATION_ID,
    LATEST_VERSION,
    refuse_unknown_version,
    table_names,
)

_SQLITE_HEADER = b"SQLite format 3\x00"


def check_database_path(path: Path | str, *, must_exist: bool = False) -> Path:
    """``path`` as a database file path, or `InvalidDatabasePathError` saying why not."""
    raw = os.fspath(path)
    if not isinstance(raw, str) or not raw.strip() or raw.strip() == ":memory:":
        raise InvalidDatabasePathError(
            f"The database path must be a file path, received {raw!r}. Pass a path such as "
            "Path('profile.sqlite3')."
        )
    if raw.lower().startswith("file:"):
        raise InvalidDatabasePathError(
            f"The database path must be a plain file path, not a URI (received {raw!r}): a "
            "URI's options could change how the file is opened. Drop the 'file:' prefix and "
            "any '?...' options."
        )
    db_path = Path(raw)
    problem = path_problem(db_path)
    if problem is None:
        refuse_linked_database(db_path)
        refuse_linked_sidecars(db_path)
    if problem is not None:
        raise InvalidDatabasePathError(
            f"The database path cannot be used: {problem} (received {shorten(raw)!r}). "
            "Choose another path."
        )
    if db_path.is_dir():
        raise InvalidDatabasePathError(
            f"The database path is a directory (received {raw!r}). Pass a file path inside "
            f"it, e.g. {str(db_path / 'tastetrail.sqlite3')!r}."
        )
    if not db_path.parent.is_dir():
        raise InvalidDatabasePathError(
            f"The database's folder does not exist ({str(db_path.parent)!r}, from {raw!r}). "
            "Create the folder first or choose another path; nothing is created on the way."
        )
    kind = special_file_kind(db_path)
    if kind is not None:
        raise InvalidDatabasePathError(
            f"the database path {shorten(raw)!r} is {kind}, not a regular file; it was left "
            "as it is. Pass the path of a database file with --db, e.g. ./profile.sqlite3"
        )
    if must_exist and not db_path.exists():
        raise InvalidDatabasePathError(
            f"There is no database at {raw!r} to open read-only. Open it writable once to "
            "create it, or check the path."
        )
    return db_path


_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def special_file_kind(path: Path) -> str | None:
    """What ``path`` is (``"a named pipe"``, ``"a folder"``...) when it is there and is
    neither a regular file nor a link (links have refusals of their own); else None."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
        return None
    kinds = (kind for test, kind in _SPECIAL_KINDS if test(mode))
    return next(kinds, "something other than a file")


# SQLite writes ``NAME-journal`` (the longest of its files beside a database) when it must.
_LONGEST_SIDECAR_SUFFIX = "-journal"
_DEFAULT_NAME_MAX = 255


def path_problem(path: Path, *, beside: str = _LONGEST_SIDECAR_SUFFIX) -> str | None:
    """Why the system cannot use ``path`` for a file, in words; None if it can.

    `Path.is_dir` and friends raise for a name the file system cannot hold (ENAMETOOLONG)
    and answer False for a NUL; this says so before any of them runs. A database's name
    must leave room for SQLite's ``-journal`` beside it (``beside``), or its first write
    would fail; pass ``beside=""`` for any other file.
    """
    text = str(path)
    if "\x00" in text:
        return "it contains a NUL character, which no file name can hold"
    name_max = _name_max(path)
    name_bytes = len(os.fsencode(path.name))
    longest = max((len(os.fsencode(part)) for part in path.parts), default=0)
    if name_bytes + len(beside) > name_max:
        room = f", and SQLite needs {len(beside)} more for the '{beside}' file beside it"
        return f"its file name is {name_bytes} bytes long; this file system allows {name_max}" + (
            room if beside else ""
        )
    if longest > name_max:
        return f"a folder name in it is {longest} bytes long; this file system allows {name_max}"
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return f"it is {len(os.fsencode(text))} bytes long, too long for this system"
        return f"the system cannot look it up ({exc.strerror or exc})"
    return None


def _name_max(path: Path) -> int:
    """The longest file name, in bytes, the file system holding ``path`` allows."""
    for folder in (path.parent, *path.parent.parents):
        with suppress(OSError, ValueError, AttributeError):  # no pathconf on Windows
            return int(os.pathconf(folder, "PC_NAME_MAX"))
    return _DEFAULT_NAME_MAX


def shorten(text: str, limit: int = 80) -> str:
    """``text``, or its start and its length when it is longer than ``limit`` characters."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 20]}... ({len(text)} characters)"


def sidecar(db_path: Path, suffix: str) -> Path:
    """The file SQLite keeps beside ``db_path`` with ``suffix`` (``-wal``, ``-shm``, ...)."""
    return db_path.with_name(db_path.name + suffix)


def check_header(db_path: Path) -> None:
    """Refuse a non-empty file that is not a whole SQLite database, reading it only."""
    size = db_path.stat().st_size
    if size == 0:
        return  # an empty file is an empty database to SQLite too
    with db_path.open("rb") as file:
        header = file.read(100)

    def refuse(detail: str) -> NotADatabaseError:
        return NotADatabaseError(
            f"{str(db_path)!r} is not a SQLite database: {detail}. It was left unchanged; "
            "choose another file, or restore this one from a backup."
        )

    def damaged(detail: str) -> DamagedDatabaseError:
        return DamagedDatabaseError(
            f"{str(db_path)!r} is a damaged SQLite database: {detail}. It was left "
            "unchanged; restore it from a backup (python -m app restore), or move it aside "
            "and start a new one."
        )

    if len(header) < 100 or not header.startswith(_SQLITE_HEADER):
        raise refuse(f"it does not start with the SQLite header ({size} bytes)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise damaged(f"its header names an impossible page size ({page_size})")
    application_id = int.from_bytes(header[68:72], "big", signed=True)
    if application_id not in (0, APPLICATION_ID):  # TasteTrail only ever sets its own
        raise NotOursError(
            f"the database {str(db_path)!r} belongs to another program (its application_id "
            f"is {application_id & 0xFFFFFFFF:#010x}, TasteTrail's is {APPLICATION_ID:#010x}). "
            "It was not changed: choose another file with --db"
        )
    wal = sidecar(db_path, "-wal")
    if (wal.exists() and wal.stat().st_size) or sidecar(db_path, "-journal").exists():
        return  # a journal may legitimately hold pages the main file lacks yet
    pages = int.from_bytes(header[28:32], "big")
    pages_are_valid = header[24:28] == header[92:96]
    if size % page_size or (pages_are_valid and pages * page_size > size):
        raise damaged(
            f"it is truncated ({size} bytes, expected {pages} pages of {page_size} bytes)"
        )
    # With no journal, the header's user_version is current: a file of another version is
    # refused here, before SQLite would leave -wal and -shm files beside a WAL database.
    # SQLite stores it as a signed 32-bit number: -1 is not 4294967295.
    version = int.from_bytes(header[60:64], "big", signed=True)
    if not 0 <= version <= LATEST_VERSION:
        refuse_unknown_version(
            version, source=f"the database {str(db_path)!r}", tables=lambda: _tables(db_path)
        )


def _tables(db_path: Path) -> list[str]:
    """The tables of a database with no journal beside it, read without creating a file."""
    # ``immutable=1`` reads the file as it is, with no -shm and no locks: safe here because
    # no journal or -wal exists, and it leaves the folder exactly as it was.
    uri = db_path.resolve().as_uri() + "?mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            return table_names(connection)
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise translate_error(exc, f"reading the database {str(db_path)!r}") from exc


def create_private_file(db_path: Path) -> bool:
    """Create an empty file only the user can read and write; False if it appeared first."""
    try:
        descriptor = os.open(db_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def make_private(db_path: Path) -> None:
    """Make a database the app created, and its -wal and -shm, private (never via a link)."""
    for path in (db_path, sidecar(db_path, "-wal"), sidecar(db_path, "-shm")):
        make_file_private(path)


def make_sidecars_private(db_path: Path) -> None:
    """Make the -wal and -shm private, also beside a database someone made readable to all.

    SQLite gives them the database's own mode when it creates them, whatever the umask; the
    database itself keeps the mode its owner chose.
    """
    for suffix in ("-wal", "-shm"):
        make_file_private(sidecar(db_path, suffix))
