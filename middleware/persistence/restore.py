"""Put a daily backup back in the database's place, keeping the file it replaces.

A backup is checked before anything moves: it must be a whole SQLite file that passes
``PRAGMA integrity_check`` and holds a TasteTrail schema this app knows. The restore takes
the database's writer lock (so it never runs under a running app), copies the backup with
SQLite's backup API to a staged file beside the database, moves the current file and its
journals aside as ``NAME.before-restore-<UTC time>`` and renames the staged copy into place.

Restoring is a decision: under the lock, before anything moves, the backup's holdings are
compared with the current file's (`Comparison`), and a file that holds more swipes or newer
ones than the backup is replaced only when the caller's ``consent`` agrees; otherwise
`RestoreRefusedError` says both sides and nothing has changed. `list_backups` shows what
each backup holds.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from middleware.persistence.aside import move_database_aside
from middleware.persistence.daily_backup import backups_of
from middleware.persistence.errors import (
    DamagedDatabaseError,
    NotADatabaseError,
    NotOursError,
    RepositoryError,
    translate_error,
)
from middleware.persistence.file_checks import (
    check_database_path,
    check_header,
    special_file_kind,
)
from middleware.persistence.files import is_link
from middleware.persistence.holdings import (
    Holdings,
    UnreadableFileError,
    connect_read_only,
    read_holdings,
)
from middleware.persistence.online_backup import copy_database
from middleware.persistence.ownership import check_ownership
from middleware.persistence.quick_check import first_damage
from middleware.persistence.same_bytes import holds_the_same_bytes
from middleware.persistence.schema import check_tables, check_version, table_names
from middleware.persistence.writer_lock import WriterLock

log = logging.getLogger("tastetrail.repository")


class Comparison(NamedTuple):
    """The backup about to be restored beside the file it would replace."""

    db_path: Path
    backup: Path
    in_backup: Holdings
    current: Holdings | str | None
    """What the current file holds; why it cannot be read (a str); None when there is none."""

    @property
    def needs_consent(self) -> bool:
        """The current file holds more or newer swipes: restoring puts some out of sight."""
        current = self.current
        return isinstance(current, Holdings) and current.has_more_or_newer_swipes_than(
            self.in_backup
        )

    def describe(self) -> str:
        """Both sides in one line."""
        current = self.current
        if current is None:
            now = "there is no file at the database's path"
        elif isinstance(current, str) and current.startswith("it is "):
            now = f"the current {self.db_path.name} {current.removeprefix('it ')}"
        elif isinstance(current, str):
            now = f"the current {self.db_path.name} cannot be read: {current}"
        else:
            now = f"the current {self.db_path.name} holds {current.describe()}"
        return f"the backup {self.backup.name} holds {self.in_backup.describe()}; {now}"


class RestoreRefusedError(RepositoryError):
    """The current file holds more or newer swipes and the restore was not agreed to."""


Consent = Callable[[Comparison], bool]
"""Asked, under the lock, whether to replace a file that holds more or newer swipes."""


def refuse(_comparison: Comparison) -> bool:
    """The consent of nobody: a restore that would hide swipes is refused."""
    return False


class Restored(NamedTuple):
    """What a restore did."""

    backup: Path
    moved_aside: list[Path]
    passed_over: list[tuple[Path, str]]
    """Newer backups that were not used, each with its problem."""
    comparison: Comparison
    """The backup beside the file it replaced: what the database holds now is
    ``comparison.in_backup``."""
    already_held: bool = False
    """The database held the backup page for page already: nothing was moved or copied."""

    @property
    def swipes(self) -> int:
        """Rows of the restored swipe log."""
        return self.comparison.in_backup.swipes

    @property
    def snapshots(self) -> int:
        return self.comparison.in_backup.snapshots


def compare(db_path: Path, backup: Path) -> Comparison:
    """What ``backup`` holds beside what the file at ``db_path`` holds now."""
    try:
        in_backup = read_holdings(backup, untouched=True)
    except UnreadableFileError as error:
        raise RepositoryError(f"the backup {backup.name!r} cannot be restored: {error}") from None
    current: Holdings | str | None = None
    if db_path.is_file() and db_path.stat().st_size == 0:
        current = "it is an empty file (0 bytes)"
    elif db_path.exists():
        if db_path.is_file() and not _starts_as_sqlite(db_path):
            current = "it is damaged (it no longer starts with the SQLite header)"
            return Comparison(db_path, backup, in_backup, current)
        try:
            current = read_holdings(db_path, untouched=False)
        except UnreadableFileError as error:
            current = str(error)
        damage = _damage(db_path) if isinstance(current, Holdings) else None
        if damage is not None:  # its counts are not what it holds: nothing to weigh
            current = f"it is damaged ({damage})"
    return Comparison(db_path, backup, in_backup, current)


def _starts_as_sqlite(db_path: Path) -> bool:
    """False only for a file whose first bytes are not SQLite's header at all."""
    try:
        check_header(db_path)
    except NotOursError:
        return True  # a SQLite file; another program's is refused where it is checked
    except DamagedDatabaseError:
        return True
    except NotADatabaseError:
        return False
    except OSError:
        return True
    return True


def _damage(db_path: Path) -> str | None:
    try:
        connection = connect_read_only(db_path)
    except sqlite3.Error as error:
        return str(error)
    try:
        return first_damage(connection)
    finally:
        connection.close()


def current_file_damage(db_path: Path) -> str | None:
    """What is damaged in the database at ``db_path`` (a restore is its way out); None when
    it is whole, empty or absent.

    The file is checked as ``snapshots`` and ``trend`` check it (path, header, version,
    tables, owner), reading only, as immutable when no ``-wal`` is beside it, so nothing
    appears beside it: a link, a folder, a pipe, a file that is not a database or belongs to
    another program, or one of a newer app raises `RepositoryError` saying so, and nothing
    is restored over it.
    """
    check_database_path(db_path)  # a link, a folder, a pipe, ...
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    source = f"the database {str(db_path)!r}"
    try:
        check_header(db_path)
    except NotOursError:
        raise
    except DamagedDatabaseError as error:
        return str(error)
    except NotADatabaseError:
        # Not SQLite at all (its header destroyed): it is TasteTrail's to move aside only
        # when a TasteTrail backup sits beside it; otherwise it may be someone else's file.
        if not any(backup_problem(backup) is None for _day, backup in backups_of(db_path)):
            raise
        return (
            f"{source} is damaged (it no longer starts with the SQLite header, "
            f"{db_path.stat().st_size} bytes); restore a backup of it (python -m app "
            "restore); it is moved aside, not deleted"
        )
    try:
        connection = connect_read_only(db_path)
        try:
            version = check_version(connection, source=source)
            check_tables(connection, version, source=source)
            check_ownership(connection, version, source=source)
            damage = first_damage(connection)
        finally:
            connection.close()
    except DamagedDatabaseError as error:
        return str(error)
    except sqlite3.Error as error:
        translated = translate_error(error, f"reading {source}")
        if isinstance(translated, DamagedDatabaseError):
            return str(translated)
        raise translated from error
    if damage is None:
        return None
    return f"{source} is damaged ({damage}); restore a backup of it (python -m app restore)"


def list_backups(db_path: Path) -> list[tuple[Path, Holdings | str]]:
    """Each backup of ``db_path``, newest first, with what it holds or why it cannot be used."""
    listed: list[tuple[Path, Holdings | str]] = []
    for _day, backup in backups_of(db_path):
        problem = backup_problem(backup)
        if problem is None:
            try:
                listed.append((backup, read_holdings(backup, untouched=True)))
                continue
            except UnreadableFileError as error:
                problem = str(error)
        listed.append((backup, problem))
    return listed


def backup_problem(backup: Path) -> str | None:
    """Why ``backup`` cannot be restored, in a few words; None when it can."""
    if is_link(backup):
        return (
            "it is a symbolic link; TasteTrail never follows a link it did not make: pass "
            "the file itself"
        )
    kind = special_file_kind(backup)
    if kind is not None:
        return f"it is {kind}, not a backup file; pass a file NAME.backup-YYYY-MM-DD"
    if not backup.is_file():
        return "there is no such file"
    try:
        check_header(backup)
        connection = _open_untouched(backup)
        try:
            source = f"the backup {backup.name!r}"
            version = check_version(connection, source=source)
            if "swipes" not in table_names(connection):
                return "it holds no TasteTrail tables"
            check_tables(connection, version, source=source)  # restored, it must open
            check_ownership(connection, version, source=source)  # and be TasteTrail's
            found = [
                " ".join(str(row[0]).split())  # one line: SQLite's own lines hold newlines
                for row in connection.execute("PRAGMA integrity_check(3)")
            ]
        finally:
            connection.close()
    except RepositoryError as error:
        return str(error)
    except sqlite3.Error as error:
        return f"the integrity check could not read it ({error})"
    if found != ["ok"]:
        return f"it fails the integrity check ({'; '.join(found)})"
    return None


def choose_backup(db_path: Path) -> tuple[Path, list[tuple[Path, str]]]:
    """The newest valid backup of ``db_path``, and the newer ones passed over (and why).

    Raises `RepositoryError` when there is none.
    """
    passed_over: list[tuple[Path, str]] = []
    for _day, backup in backups_of(db_path):
        problem = backup_problem(backup)
        if problem is None:
            return backup, passed_over
        passed_over.append((backup, problem))
    detail = f"; none passed the integrity check ({len(passed_over)} found)" if passed_over else ""
    raise RepositoryError(
        f"there is no backup of {db_path.name!r} to restore beside it "
        f"({db_path.name}.backup-YYYY-MM-DD){detail}; the app takes one per day it is used"
    )


def restore_backup(
    db_path: Path,
    backup: Path | None = None,
    *,
    now: datetime,
    consent: Consent = refuse,
) -> Restored:
    """Restore ``backup`` (default: the newest valid one) over ``db_path``.

    Raises `DatabaseInUseError` while another process writes the database,
    `RepositoryError` for a backup that fails its checks, and `RestoreRefusedError` when
    the current file holds more or newer swipes and ``consent`` says no; nothing is
    changed then, nor when the database already holds the backup page for page (then
    ``already_held``, `holds_the_same_bytes`). ``now`` (aware UTC) names the file moved
    aside.
    """
    if backup is not None:  # checked before anything is touched, the lock file included
        _refuse_unusable(backup)
    lock = WriterLock(db_path)  # refuses a database path that is a link
    lock.acquire()
    try:
        passed_over: list[tuple[Path, str]] = []
        if backup is None:
            backup, passed_over = choose_backup(db_path)
        else:
            _refuse_unusable(backup)  # again under the lock: it may have changed meanwhile
        comparison = compare(db_path, backup)
        if holds_the_same_bytes(db_path, backup):
            log.info(
                "%s already holds %s; nothing to restore",
                db_path,
                backup,
                extra={"event": "restore_not_needed", "backup": str(backup)},
            )
            return Restored(backup, [], passed_over, comparison, already_held=True)
        if comparison.needs_consent and not consent(comparison):
            raise RestoreRefusedError(
                f"not restored: {comparison.describe()}; the current file holds more or newer "
                "swipes, so nothing was changed. Add --yes to restore the backup anyway (the "
                "current file is moved aside, not deleted)"
            )
        staged = db_path.with_name(f".{db_path.name}.{os.getpid()}.restoring")
        staged.unlink(missing_ok=True)
        source = _open_untouched(backup)
        try:
            copy_database(source, staged)
        finally:
            source.close()
        try:
            moved = move_database_aside(db_path, "before-restore", now)
            os.replace(staged, db_path)
        except OSError as exc:
            raise RepositoryError(
                f"restoring {str(db_path)!r} failed ({exc.strerror or exc}); the copy of the "
                f"backup is kept in {str(staged)!r}"
            ) from exc
    finally:
        lock.release()
    log.info(
        "restored %s from %s",
        db_path,
        backup,
        extra={"event": "restored", "backup": str(backup), "moved_aside": [str(p) for p in moved]},
    )
    return Restored(backup, moved, passed_over, comparison)


def _refuse_unusable(backup: Path) -> None:
    problem = backup_problem(backup)
    if problem is not None:
        raise RepositoryError(f"the backup {backup.name!r} cannot be restored: {problem}")


def _open_untouched(path: Path) -> sqlite3.Connection:
    """Read a file nobody writes, creating nothing beside it (no -shm, no lock)."""
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None)
