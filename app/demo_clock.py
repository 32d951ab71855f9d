"""``--demo-clock``: a clock the user can move, kept away from the user's real history.

The same rule keeps ``--demo`` (the demo controls: a burst of made-up swipes, failing
writes) off the user's history: the demo tools run on the demo database or a named file.

A jump to 23:59:50 makes the next swipes and the day rollover carry a date the wall clock
has not reached; written into the default database, that would date real swipes wrongly
and end the real day early. So a demo clock runs on a database of its own (`demo_db_path`,
beside the default one) unless ``--db`` names another, and is refused on the default
database twice: at start-up, and by the jump itself. A file named by ``--db`` is taken only
while it holds no swipe (new, empty, or never swiped in): a copy of real history would get
swipes dated ahead of the real ones. The demo database itself is always the demo's.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from app.bootstrap import Session
from app.paths import demo_db_path, is_default_db_path
from middleware.clock import ShiftedClock
from middleware.persistence.holdings import UnreadableFileError, read_holdings
from store.local_day import local_date

DEMO_JUMP_TIME = time(23, 59, 50)


class DemoClockRefusedError(ValueError):
    """A shifted clock was asked for on the default database, the user's real history."""


def _refusal(db_path: Path, flag: str = "--demo-clock") -> DemoClockRefusedError:
    harm = (
        "a moved clock would write wrong dates into your real history"
        if flag == "--demo-clock"
        else "its controls would write made-up swipes into your real history"
    )
    return DemoClockRefusedError(
        f"{flag} is refused on the default database ({str(db_path)!r}): {harm}; leave out "
        f"--db to use the demo database ({str(demo_db_path())!r}), or name another file "
        "with --db"
    )


def demo_database(db_path: Path | None, flag: str = "--demo-clock") -> Path:
    """The database a demo runs on: ``db_path`` if given, else the demo database.

    ``flag`` (``--demo-clock`` or ``--demo``) is named when the default database is refused.
    """
    if db_path is None:
        return demo_db_path()
    if is_default_db_path(db_path):
        raise _refusal(db_path, flag)
    if flag == "--demo-clock" and db_path != demo_db_path() and holds_swipes(db_path):
        raise DemoClockRefusedError(
            f"--demo-clock is refused on {str(db_path)!r}: it already holds swipes, and a "
            "moved clock would date new swipes ahead of them; leave out --db to use the demo "
            f"database ({str(demo_db_path())!r}), or name a new file with --db"
        )
    return db_path


def holds_swipes(db_path: Path) -> bool:
    """Whether ``db_path`` holds a swipe; read without writing a byte (nor a -shm beside it).

    A ``-wal`` not yet folded in counts as yes. A file SQLite cannot read, or with no
    swipes table, is left to the database check, which refuses what is not ours.
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        return False
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return True
    try:
        return read_holdings(db_path, untouched=True).swipes > 0
    except UnreadableFileError:
        return False


def jump_before_midnight(clock: ShiftedClock, session: Session) -> None:
    """Move ``clock`` to 23:59:50 local time today, and tell the job the clock moved.

    Raises `DemoClockRefusedError` when the session writes to the default database.
    """
    if is_default_db_path(session.db_path):
        raise _refusal(session.db_path)
    zone = clock.zone()
    today = local_date(clock.now(), zone)
    clock.jump_to(datetime.combine(today, DEMO_JUMP_TIME, tzinfo=zone))
    session.job.notice_clock_change()
