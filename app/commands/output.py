"""What the reading commands share: opening a database to read, a stdout that may close,
and data made safe to print.

``python -m app snapshots | head -2`` closes the pipe after two lines; the next write then
raises BrokenPipeError (Python ignores SIGPIPE). `write_stdout` stops there quietly, as
the Python documentation recommends: stdout is pointed at the null device, so the
interpreter's last flush at exit cannot fail again and print "Exception ignored".

Text from a database (a tag name, a window key, a file name) may hold control characters
when the file came from elsewhere: an ESC or BEL would reach the terminal as a command
(colours, a window title, worse). `printable` shows each as an escape (``\x1b``) instead.
"""

from __future__ import annotations

import stat
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from app.commands.stdout_reader import let_go_of_stdout
from app.program_name import error_line
from middleware.persistence.errors import RepositoryError
from middleware.persistence.repository import SnapshotRepository


def printable(text: object) -> str:
    """``text`` with every control or format character (ESC, BEL, a bidi override, a newline)
    written as a Python escape, so data printed to a terminal is only ever data."""
    value = str(text)
    if value.isprintable():  # the common case: nothing to escape
        return value
    return "".join(
        char
        if char == " " or unicodedata.category(char)[0] not in "CZ"
        else repr(char)[1:-1]
        for char in value
    )


class CommandError(Exception):
    """A problem the user can fix, said in one line; the command exits with status 2."""


def open_to_read(db_path: Path) -> SnapshotRepository:
    """The database at ``db_path``, read-only; `CommandError` if it cannot be read."""
    if not db_path.exists():
        raise CommandError(
            f"no database at {str(db_path)!r}; pass --db PATH to an existing file (run the "
            "app or 'simulate' first)"
        )
    empty = empty_file_line(db_path)
    if empty is not None:
        raise CommandError(empty)
    try:
        return SnapshotRepository.open(db_path, read_only=True)
    except RepositoryError as error:
        raise CommandError(str(error)) from None


def empty_file_line(db_path: Path) -> str | None:
    """The one line for an empty file (not a link) at ``db_path``; None for anything else.

    An empty file holds no TasteTrail database: it may be somebody's placeholder, so no
    command turns it into one, nor advises opening it writable.
    """
    try:
        status = db_path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode) or status.st_size > 0:
        return None
    return (
        f"{str(db_path)!r} is an empty file (0 bytes), not a TasteTrail database; pass --db "
        "PATH to an existing database (run the app or 'simulate' first); nothing was changed"
    )


def write_stdout(command: str, produce: Callable[[TextIO], None]) -> int:
    """Run ``produce(sys.stdout)`` and flush; the exit status for the command.

    0 when it finished or its reader went away; 2, with one line on stderr, for a
    `CommandError` or a `RepositoryError` raised while producing.
    """
    try:
        produce(sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        let_go_of_stdout()
        return 0
    except (CommandError, RepositoryError) as error:
        print(error_line(str(error).split("\n", 1)[0], command), file=sys.stderr)
        return 2
    return 0
