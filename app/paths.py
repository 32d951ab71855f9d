"""Where the app keeps its database, and how a ``--db`` argument is checked."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from middleware.persistence.file_checks import path_problem, shorten, special_file_kind

APP_NAME = "TasteTrail"
DEFAULT_DB_NAME = "tastetrail.sqlite3"
DEMO_DB_NAME = "tastetrail-demo.sqlite3"


def user_data_dir() -> Path:
    """The platform's per-user data directory for the app (not created here)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """The embedded default database: a SQLite file in the user data directory."""
    return user_data_dir() / DEFAULT_DB_NAME


def demo_db_path() -> Path:
    """The database ``--demo-clock`` uses unless ``--db`` names one: beside the default."""
    return user_data_dir() / DEMO_DB_NAME


def is_default_db_path(path: Path) -> bool:
    """Whether ``path`` is the default database, however it is spelled (``~``, links)."""
    default = default_db_path()
    path = path.expanduser()
    if path.exists() and default.exists():
        return os.path.samefile(path, default)
    return path.resolve() == default.resolve()


class DatabasePathError(ValueError):
    """A ``--db`` value that cannot be a database file."""


def check_db_path(raw: str) -> Path:
    """Return ``raw`` as a database file path, or raise `DatabasePathError` saying why not.

    The message does not name the option: argparse puts ``argument --db:`` before it.

    Refused: an empty value, a ``file:`` URI (we open plain paths only, so a URI's query
    parameters can never change how the file is opened), a name the file system cannot hold,
    a directory, and a path whose folder does not exist (nothing is created on the way).
    """
    if not raw.strip():
        raise DatabasePathError("the path is empty; pass a file path such as ./profile.sqlite3")
    if raw.lower().startswith("file:"):
        raise DatabasePathError(
            f"expected a plain file path, not a URI, received {raw!r}; drop the 'file:' "
            "prefix and any '?...' options"
        )
    try:
        path = Path(raw).expanduser()
    except RuntimeError:  # '~name' for a user this system does not know
        raise DatabasePathError(
            f"--db starts with a home folder that does not exist ({shorten(raw)!r}); "
            "pass the path without '~name', e.g. ./profile.sqlite3"
        ) from None
    problem = path_problem(path)
    if problem is not None:
        raise DatabasePathError(
            f"--db cannot be used: {problem} (received {shorten(raw)!r}); choose another path"
        )
    if path.is_dir():
        raise DatabasePathError(
            f"{raw!r} is a directory; pass a file path inside it, e.g. "
            f"{str(path / DEFAULT_DB_NAME)!r}"
        )
    kind = special_file_kind(path)
    if kind is not None:
        raise DatabasePathError(
            f"{shorten(raw)!r} is {kind}, not a regular file; pass the path of a database "
            "file, e.g. ./profile.sqlite3"
        )
    if not path.parent.is_dir():
        raise DatabasePathError(
            f"the folder {str(path.parent)!r} does not exist (in {raw!r}); create it first "
            "or choose another path"
        )
    return path
