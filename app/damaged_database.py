"""What the desktop app does with a damaged database: move it aside and start afresh, or not.

SQLite calls a file damaged (truncated, pages malformed) and refuses it; refusing in one
line left a desktop user with no app. So the app offers to move the file aside as
``NAME.corrupt-<UTC time>`` (bytes, ``-wal`` and ``-shm`` kept, to recover or send for help)
and start a new database: ``--move-aside`` does it at once; otherwise a person at an
interactive display is asked (`ui.damaged_database_dialog`); and without one (Qt's
``offscreen`` or ``minimal`` platform) the app refuses in one line that names both ways
out, ``--move-aside`` and ``python -m app restore``. The decision is `choose`, a pure
function; the move takes the writer lock, so it never runs under another running app.
"""

from __future__ import annotations

import logging
import shlex
from datetime import datetime
from pathlib import Path
from typing import Literal

from app.program_name import error_line
from middleware.persistence import WriterLock
from middleware.persistence.aside import aside_name, move_database_aside
from middleware.persistence.errors import DamagedDatabaseError

log = logging.getLogger("tastetrail.app")

Choice = Literal["move_aside", "ask", "refuse"]
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})
"""Qt platforms with nobody to see a dialog: they render to memory, or to nothing."""


def interactive(platform: str) -> bool:
    """Whether Qt's platform ``platform`` (``QT_QPA_PLATFORM``, or Qt's name) has a person."""
    return platform.split(":", 1)[0].strip().lower() not in HEADLESS_PLATFORMS


def choose(*, move_aside_requested: bool, can_ask: bool) -> Choice:
    """Move the damaged file aside (asked for on the command line), ask, or refuse."""
    if move_aside_requested:
        return "move_aside"
    return "ask" if can_ask else "refuse"


def refusal_line(error: DamagedDatabaseError, db_path: Path) -> str:
    """The one line for a damaged database nobody chose to move aside."""
    command = f"python -m app --db {shlex.quote(str(db_path))}"
    return error_line(
        f"TasteTrail cannot open {str(db_path)!r}: {error} To start anyway, run "
        f"`{command} --move-aside`: it "
        f"keeps the file as {db_path.name}.corrupt-<UTC time> and starts a new database."
    )


def corrupt_name(db_path: Path, at: datetime) -> Path:
    """Where `move_damaged_aside` would move ``db_path`` at ``at`` (aware UTC)."""
    return aside_name(db_path, "corrupt", at)


def move_damaged_aside(db_path: Path, *, at: datetime) -> list[Path]:
    """Move the damaged database and its journals to ``NAME.corrupt-<UTC time>``.

    Raises `DatabaseInUseError` when another process holds the database's writer lock.
    """
    with WriterLock(db_path):
        moved = move_database_aside(db_path, "corrupt", at)
    log.warning(
        "moved the damaged database %s aside as %s; starting a new database",
        db_path,
        ", ".join(path.name for path in moved),
        extra={"event": "damaged_database_moved", "moved": [str(path) for path in moved]},
    )
    return moved
