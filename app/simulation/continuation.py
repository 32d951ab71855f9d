"""Where a simulated run starts, and which instants it covers.

A database with history is continued, not rewritten: without ``--start`` the run begins at
the first local midnight after the file's last swipe (a new local day, so no date that
already ended is swiped on again), or when its last row was written if that is later (the
clock of the session before showed at least that). A ``--start`` before the last swipe is
refused, since the swipe log only moves forward. Time faults must fall inside the run:
after its start, before the end of its last local day.

A new file's history ends now: without ``--start`` the run starts ``--days`` days before
the system clock (`new_file_start`). No run swipes after the system clock unless asked to
(``--allow-future``): `future_error` says so before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from app.simulation.time_faults import ClockJump, TimeFault, ZoneChange, format_duration, utc_text
from middleware.persistence import WriterLock
from middleware.persistence.errors import ReadOnlyDatabaseError, RepositoryError
from middleware.persistence.repository import SnapshotRepository
from store.instants import SUPPORTED_FROM
from store.local_day import local_date, next_local_midnight
from store.settings import DEFAULT_SETTINGS

_EARLIEST = datetime(1, 1, 3, tzinfo=UTC).timestamp()
_LATEST = datetime(9999, 12, 29, tzinfo=UTC).timestamp()
"""What a shifted clock may show: datetime's range, less two days for next-midnight sums."""


@dataclass(frozen=True, slots=True)
class History:
    """The last swipe a database holds, and when its last row was written."""

    sequence: int
    at: datetime
    last_row_at: datetime | None = None

    def continuation(self, zone: ZoneInfo) -> datetime:
        """The first local midnight in ``zone`` after the last swipe, or the last row's
        ``created_at`` if that is later."""
        after_swipes = next_local_midnight(self.at, zone)
        return max(after_swipes, self.last_row_at) if self.last_row_at else after_swipes


def read_history(db_path: Path) -> History | None:
    """The file's last swipe; None for a file that does not exist yet or has no swipes.

    Read through a read-only open, so a run refused for its ``--start`` leaves the file as it
    was; a file older than a read-only open can read (or an empty one) is opened writable and
    migrated, as the run itself would, under the writer lock like every write. Raises
    `RepositoryError` (`DatabaseInUseError` among them) for a file the run could not use
    either.
    """
    if not db_path.exists():
        return None
    try:
        repository = SnapshotRepository.open(db_path, read_only=True, leave_untouched=True)
    except ReadOnlyDatabaseError:
        with WriterLock(db_path), SnapshotRepository.open(db_path) as writable:
            return _history_in(writable)
    with repository:
        # A run writes: a damaged file is refused now, before any line says it continues.
        repository.refuse_if_damaged(source=f"the database {str(db_path)!r}", path=db_path)
        return _history_in(repository)


def stored_swipe_interval(db_path: Path) -> int | None:
    """The swipe interval the file's settings hold; None for a new file or the default.
    Read only: a file this cannot read is `read_history`'s to refuse."""
    if not db_path.exists():
        return None
    try:
        with SnapshotRepository.open(db_path, read_only=True) as repository:
            value = repository.stored_settings(DEFAULT_SETTINGS).values.get("swipe_interval")
    except RepositoryError:
        return None
    return value if isinstance(value, int) else None


def _history_in(repository: SnapshotRepository) -> History | None:
    last = repository.last_swipe()
    last_row = repository.last_created_snapshot()
    if last is None:
        return None
    return History(last.sequence, last.at, None if last_row is None else last_row.created_at)


def choose_start(
    requested: datetime | None, history: History | None, *, zone: ZoneInfo, default: datetime
) -> datetime:
    """``requested``, or where a run goes on after ``history``, or ``default`` for a new file.

    ValueError (one line: what, what was received, what to pass) for a ``requested`` start
    before the last swipe.
    """
    if history is None:
        return requested or default
    if requested is None:
        return history.continuation(zone)
    if requested < history.at:
        raise ValueError(
            f"--start {utc_text(requested)} is before the database's last swipe, "
            f"#{history.sequence} at {utc_text(history.at, exact=True)}; pass a --start after "
            "it, or leave --start out to continue from "
            f"{history.continuation(zone).astimezone(zone).isoformat()}"
        )
    return requested


def new_file_start(now: datetime, days: int) -> datetime:
    """Where a new file's run starts: ``days`` days before ``now`` (to the second), so its
    planned days end yesterday and its history ends before now. Never before the first
    storable instant: more days than that leaves start there, and the run's plan is refused
    for reaching past now, in one line, instead of a date before the year 1."""
    if timedelta(days=days) > now - SUPPORTED_FROM:
        return SUPPORTED_FROM
    return (now - timedelta(days=days)).replace(microsecond=0)


def most_ahead(faults: list[TimeFault]) -> timedelta:
    """The furthest the clock jumps ahead of the plan's time at any point of the run."""
    offset, ahead = timedelta(0), timedelta(0)
    for fault in sorted(faults, key=lambda each: each.at):
        if isinstance(fault, ClockJump):
            offset += fault.by
            ahead = max(ahead, offset)
    return ahead


def future_error(
    last_swipe: datetime | None,
    *,
    ahead: timedelta,
    now: datetime,
    continued_from: datetime | None = None,
) -> str | None:
    """Why the run would swipe after ``now`` (the system clock), or None.

    ``last_swipe`` is the plan's last instant, ``ahead`` how far clock jumps move the app's
    clock beyond it; ``continued_from`` is where a run over a file with history starts (its
    advice differs: an earlier start is not possible there).
    """
    if last_swipe is None or last_swipe + ahead <= now:
        return None
    problem = (
        f"the run would swipe until {utc_text(last_swipe + ahead)}, after now "
        f"({utc_text(now)}), and swipes dated after now would stand before the real ones "
        "made later"
    )
    if continued_from is None:
        return (
            f"{problem}; for a new file spread the --swipes over more --days (its history "
            "ends now), or pass an earlier --start, or --allow-future to write them anyway"
        )
    whole_days = max((now - continued_from) // timedelta(days=1), 0)
    room = (
        f"{whole_days} whole day(s) fit before now: pass --days {whole_days} or fewer"
        if whole_days
        else "not one whole day fits before now: its history is up to date"
    )
    return (
        f"{problem}; this file's history goes on from {utc_text(continued_from)}, and "
        f"{room}, or pass --allow-future to write them anyway"
    )


def end_of_run(start: datetime, days: int, zone: ZoneInfo) -> datetime:
    """The end of the run's last local day in ``zone`` (the plan swipes on ``days`` days)."""
    last_day = local_date(start, zone) + timedelta(days=days - 1)
    return next_local_midnight(datetime.combine(last_day, time(12), tzinfo=zone), zone)


def check_time_faults(faults: list[TimeFault], *, start: datetime, end: datetime) -> None:
    """ValueError (one line) for a fault outside ``(start, end)``, or for clock jumps that
    would take the clock out of the years a datetime can hold."""
    offset = 0.0
    for fault in sorted(faults, key=lambda each: each.at):
        if not start < fault.at < end:
            raise ValueError(
                f"{_option(fault)} is outside the simulated days, which run from "
                f"{utc_text(start)} to {utc_text(end)}; pass an instant between them, "
                "or more --days"
            )
        if isinstance(fault, ClockJump):
            offset += fault.by.total_seconds()
            earliest, latest = start.timestamp() + offset, end.timestamp() + offset
            if earliest < _EARLIEST or latest > _LATEST:
                raise ValueError(
                    f"{_option(fault)} takes the clock outside the years 1 to 9999, which is "
                    "all a clock can show; jump less far"
                )


def _option(fault: TimeFault) -> str:
    if isinstance(fault, ZoneChange):
        return f"--zone-change {utc_text(fault.at)}={fault.zone.key}"
    return f"--clock-jump {utc_text(fault.at)}={format_duration(fault.by)}"
