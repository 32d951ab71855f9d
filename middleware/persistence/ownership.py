"""Whose file is it: TasteTrail writes only to a database it made, and replays only its -wal.

A database is TasteTrail's when it is empty (a new file), or carries TasteTrail's
``PRAGMA application_id`` (set by a migration step, checked with the schema version and
tables), or, for a file written before that step, holds exactly the schema TasteTrail's
own steps create for its version (then the next writable open sets the id: it is adopted).
Anything else (another program's SQLite file, even one with a ``swipes`` table) is refused
before anything is written, with `NotOursError`, and left byte for byte as it was.

A ``-wal`` that holds pages is replayed into the database by SQLite at the first open,
whatever database wrote it; nothing in a WAL names its database. So before a writable open
a ``-wal`` is checked against the database it sits beside (`check_wal`):

* the database must be in WAL mode (a database left in rollback mode by a clean close has
  no WAL: one beside it is someone else's);
* the WAL header must be SQLite's, for the database's page size;
* replaying it must only add to the swipe log: the swipes the main file holds are all
  there through the WAL, unchanged (the log is append-only, so a WAL of this database can
  only add swipes). A WAL from another database shows another log, or none.

The checks read the files only; the read through the WAL is a read-only connection, which
creates at most the ``-shm`` index SQLite would create at any open.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from functools import cache
from pathlib import Path

from middleware.persistence.errors import NotOursError, translate_error
from middleware.persistence.files import is_link, link_refused
from middleware.persistence.open_in_process import read_unless_open
from middleware.persistence.quick_check import first_damage
from middleware.persistence.schema import APPLICATION_ID, MIGRATIONS
from middleware.persistence.writer_lock import hold_off_writers, let_writers_in, lock_path_for

_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_HEADER_BYTES = 32
_DB_HEADER_BYTES = 100
_SIDECARS = ("-wal", "-shm", "-journal")

SchemaEntry = tuple[str, str, str, str]


def _schema_entries(connection: sqlite3.Connection) -> frozenset[SchemaEntry]:
    rows = connection.execute(
        "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master "
        "WHERE name NOT LIKE 'sqlite%'"
    ).fetchall()
    return frozenset((str(a), str(b), str(c), " ".join(str(d).split())) for a, b, c, d in rows)


@cache
def schema_of_version(version: int) -> frozenset[SchemaEntry]:
    """The schema TasteTrail's own steps create, up to ``version``."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for step in MIGRATIONS[:version]:
            step(connection)
        return _schema_entries(connection)
    finally:
        connection.close()


def check_ownership(connection: sqlite3.Connection, version: int, *, source: str) -> None:
    """Raise `NotOursError` unless the database on ``connection`` is TasteTrail's (read only).

    ``version`` is its checked ``user_version``.
    """
    application_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
    if application_id == APPLICATION_ID:
        return
    if application_id != 0:
        raise NotOursError(
            f"{source} belongs to another program (its application_id is "
            f"{application_id & 0xFFFFFFFF:#010x}, TasteTrail's is {APPLICATION_ID:#010x}). "
            "It was not changed: choose another file with --db"
        )
    present = _schema_entries(connection)
    if not present or present == schema_of_version(version):
        return  # new, or written by TasteTrail before the id: adopted
    tables = sorted(name for kind, name, _table, _sql in present if kind == "table")
    held = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
    raise NotOursError(
        f"{source} is not a TasteTrail database: it has no TasteTrail application_id and "
        f"its schema is not TasteTrail's (user_version {version}, tables "
        f"{held or 'none'}). It was not changed: choose another file with --db"
    )


def refuse_linked_sidecars(db_path: Path) -> None:
    """Raise `LinkRefusedError` for a link at the database's ``-wal``, ``-shm`` or
    ``-journal``: SQLite would write through it."""
    for suffix in _SIDECARS:
        path = db_path.with_name(db_path.name + suffix)
        if is_link(path):
            raise link_refused(path, f"the database's {suffix} file")
        if path.exists() and not path.is_file():
            raise NotOursError(
                f"{str(path)!r} beside the database is not a regular file; SQLite would "
                "use it as the database's journal. Nothing was written: move it away"
            )


def check_wal(db_path: Path, busy_timeout_ms: int, *, source: str) -> None:
    """Raise `NotOursError` when the ``-wal`` beside ``db_path`` holds pages that are not
    this database's (see the module's rules); nothing to do without such a ``-wal``.

    Only for a writer holding the writer lock, before this process has the file open:
    another writer's live -wal changes while it is read, and this process's own is live.
    The replay is read from a private copy of the file and its -wal, a cost paid only when
    a -wal holds pages at start (after a crash).
    """
    wal = db_path.with_name(db_path.name + "-wal")
    try:
        wal_size = wal.stat().st_size
    except FileNotFoundError:
        return
    if wal_size == 0:
        return
    hold = hold_off_writers(db_path)  # no writer may start while the -wal is read
    if hold is None and _lock_holder(db_path) != os.getpid():
        return  # another process writes now: this -wal is its live one, not ours to judge
    try:
        # Only while no connection of this process has the file open (then the -wal is
        # its own, live one, and a plain read of the file would drop its locks).
        read_unless_open(db_path, lambda _: _check_wal(db_path, wal, busy_timeout_ms, source))
    finally:
        if hold is not None:
            let_writers_in(db_path, hold)


def _lock_holder(db_path: Path) -> int | None:
    """The PID written in the writer lock's file, if any (the lock file, never the database)."""
    try:
        text = lock_path_for(db_path).read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _check_wal(db_path: Path, wal: Path, busy_timeout_ms: int, source: str) -> None:
    with db_path.open("rb") as file:
        header = file.read(_DB_HEADER_BYTES)
    with wal.open("rb") as file:
        wal_header = file.read(_WAL_HEADER_BYTES)

    def refuse(why: str) -> NotOursError:
        return NotOursError(
            f"the file {wal.name!r} beside {source} does not belong to it: {why}. It was "
            "not replayed and nothing was changed: move it away if it is not needed (it "
            "may hold another database's changes), then open the database again"
        )

    if len(header) < _DB_HEADER_BYTES:
        if not header:  # an empty database has no pages a WAL could belong to
            raise refuse("the database is empty")
        return  # a truncated file: the header check names it
    if header[18:20] != b"\x02\x02":
        raise refuse("the database is not in WAL mode, so it has no WAL of its own")
    if len(wal_header) < _WAL_HEADER_BYTES or (
        int.from_bytes(wal_header[0:4], "big") not in _WAL_MAGIC
    ):
        raise refuse("it does not start with SQLite's WAL header")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    wal_page_size = int.from_bytes(wal_header[8:12], "big")
    if wal_page_size != page_size:
        raise refuse(f"its pages are {wal_page_size} bytes, the database's {page_size}")
    main_file = _swipe_log(_connect(db_path, immutable=True, timeout_ms=busy_timeout_ms))
    with tempfile.TemporaryDirectory(prefix="tastetrail-wal-check-") as room:
        # Replayed in a private copy: reading through a -wal in place would make SQLite
        # build its index (-shm) beside a file that may not be ours.
        copy = Path(room) / "copy"
        shutil.copyfile(db_path, copy)
        shutil.copyfile(wal, Path(f"{copy}-wal"))
        replayed_connection = _connect(copy, immutable=False, timeout_ms=busy_timeout_ms)
        try:
            damage = first_damage(replayed_connection)
        except sqlite3.Error as exc:
            damage = str(exc)
        if damage is not None:
            replayed_connection.close()
            main_connection = _connect(db_path, immutable=True, timeout_ms=0)
            try:
                if first_damage(main_connection) is not None:
                    return  # the main file is damaged itself: the open's checks name that
            finally:
                main_connection.close()
            raise refuse(f"replayed, it would leave the database damaged ({damage})")
        if main_file is None:
            replayed_connection.close()
            return  # no log in the main file: nothing a WAL could take away
        count, last = main_file
        if last is None:
            replayed_connection.close()
            return  # an empty log: a WAL can only add to it
        replayed = _swipe_log(replayed_connection, sequence=last[0])
    if replayed is None:
        raise refuse("replayed, it would leave no swipe log")
    replayed_count, replayed_row = replayed
    if replayed_count < count or replayed_row != last:
        raise refuse(
            f"replayed, it would leave {replayed_count} swipes of the {count} the database "
            "holds, or change the ones it holds"
        )


def _connect(db_path: Path, *, immutable: bool, timeout_ms: int) -> sqlite3.Connection:
    uri = db_path.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=timeout_ms / 1000)
        connection.execute("PRAGMA query_only = ON")
    except sqlite3.Error as exc:
        raise translate_error(exc, f"reading {str(db_path)!r}") from exc
    return connection


def _swipe_log(
    connection: sqlite3.Connection, *, sequence: object = None
) -> tuple[int, tuple[object, ...] | None] | None:
    """The number of swipes, and the one at ``sequence`` (default: the last); None without
    a readable log (the open's own checks then name what is wrong)."""
    try:
        try:
            count = int(connection.execute("SELECT count(*) FROM swipes").fetchone()[0])
            if sequence is None:
                row = connection.execute(
                    "SELECT * FROM swipes ORDER BY sequence DESC LIMIT 1"
                ).fetchone()
            else:
                row = connection.execute(
                    "SELECT * FROM swipes WHERE sequence = ?", (sequence,)
                ).fetchone()
        except sqlite3.Error:
            return None
        return count, None if row is None else tuple(row)
    finally:
        connection.close()
