"""The invariants a database keeps after any run or fault, checked against the file itself.

``python -m app simulate`` checks them after every run and the reliability suite after every
fault (``tests/reliability/invariants.py`` asserts them), so a session replayed from the
command line is held to exactly what the tests hold. Each check returns the `Violation`s it
finds (none when it holds) instead of raising, so a run names everything that broke.

The file is read the way the next start reads it, through the app's read-only repository.
The swipe log is replayed once, in sequence order, beside the rows in version order, and
only the current state is kept: memory does not grow with the history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import assert_never
from zoneinfo import ZoneInfo

from middleware.persistence.damaged_swipes import not_in_catalog
from middleware.persistence.rehydrate import rehydrate
from middleware.persistence.repository import SnapshotRepository
from store.actions import TriggerType
from store.catalog import Catalog
from store.local_day import local_date
from store.reducer import reduce_swipe, reduce_unswipe
from store.selectors import build_current_profile_snapshot_input
from store.snapshot_rows import SnapshotRow
from store.state import AppState, ProfileState
from store.triggers import PERIODS, CountTrigger, ManualTrigger, PeriodTrigger, entry_for

INTACT = "the file is intact"
ONE_ROW_PER_WINDOW = "one row per window"
LOG_WITHOUT_GAPS = "the swipe log has no gaps"
ACKNOWLEDGED_KEPT = "nothing acknowledged is lost"
ROWS_READABLE = "every row is readable"
SWIPES_READABLE = "every swipe row is readable"
ROWS_MATCH_LOG = "every row agrees with the swipe log"
ROLLOVER_ENDS_ITS_DAY = "a rollover covers its whole day"
RESTART_MATCHES_LOG = "a restart rehydrates to the swipe log"
ONE_ROLLOVER_PER_DATE = "one rollover per local date"
NOTHING_AFTER_ITS_CLOCK = "no row is dated after its clock"
ENDED_DAYS_ROLLED_OVER = "every ended local date has its rollover"


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken invariant: its name (a constant of this module) and what was found."""

    invariant: str
    detail: str

    def __str__(self) -> str:
        return f"{self.invariant}: {self.detail}"


@dataclass
class FileCheck:
    """What one pass over a file found: its violations and the facts later checks need."""

    violations: list[Violation] = field(default_factory=list)
    sequence: int = 0
    """The last stored swipe's sequence number (0 for an empty log)."""
    active_days: set[date] = field(default_factory=set)
    """The local dates the stored swipes carry."""
    rollover_days: Counter[date] = field(default_factory=Counter)
    """How many DAY_ROLLOVER rows each local date has."""
    period_rows: Counter[tuple[TriggerType, date]] = field(default_factory=Counter)
    """How many rows each period of each period trigger has (by the period's first date)."""


def payload_of(state: AppState) -> str:
    """The canonical payload a snapshot of ``state`` holds."""
    return build_current_profile_snapshot_input(state).canonical_json()


def _payload_differs(row: SnapshotRow, profile: ProfileState) -> bool:
    """Whether ``row``'s payload is not the canonical payload of ``profile``.

    Equal payload values have equal canonical text (the text is a function of the value),
    so the texts are compared only when the values differ: a year's 12,000 rows are
    otherwise written out twice each."""
    expected = build_current_profile_snapshot_input(AppState(profile=profile))
    return row.payload != expected and row.payload.canonical_json() != expected.canonical_json()


def dated_after_its_clock(row: SnapshotRow) -> Violation | None:
    """A row must not be dated after the clock that wrote it: a period row's period ended
    before the local date of its ``created_at`` (in the zone its meta records), any other
    row's date is that date. Rows without meta (written before it existed) are not checked."""
    if row.meta is None:
        return None
    try:
        written_on = local_date(row.created_at, ZoneInfo(row.meta.timezone))
    except (ValueError, OSError, KeyError):
        return Violation(
            NOTHING_AFTER_ITS_CLOCK, f"{row.window_key} names zone {row.meta.timezone!r}"
        )
    day = row.snapshot_date_local
    entry = entry_for(row.trigger_type)
    match entry:
        case PeriodTrigger():
            if not entry.period_of(day) < entry.period_of(written_on):
                return Violation(
                    NOTHING_AFTER_ITS_CLOCK,
                    f"{row.window_key} was written on {written_on}, before it ended",
                )
        case CountTrigger() | ManualTrigger():
            if day != written_on:
                return Violation(
                    NOTHING_AFTER_ITS_CLOCK,
                    f"{row.window_key} is dated {day}, written on {written_on}",
                )
        case _:
            assert_never(entry)
    return None


def rollover_count_violations(rollover_days: Counter[date]) -> list[Violation]:
    """No local date has more than one DAY_ROLLOVER row."""
    return [
        Violation(ONE_ROLLOVER_PER_DATE, f"{day} has {count} rollover rows")
        for day, count in sorted(rollover_days.items())
        if count > 1
    ]


def period_count_violations(period_rows: Counter[tuple[TriggerType, date]]) -> list[Violation]:
    """No period of any period trigger has more than one row."""
    return [
        Violation(
            ONE_ROLLOVER_PER_DATE,
            f"{_period(trigger).describe(start)} has {count} {trigger.value} rows",
        )
        for (trigger, start), count in sorted(period_rows.items())
        if count > 1
    ]


def _period(trigger: TriggerType) -> PeriodTrigger:
    entry = entry_for(trigger)
    if not isinstance(entry, PeriodTrigger):
        raise TypeError(f"{trigger.value} is not a period trigger")
    return entry


def ended_period_violations(
    active_days: set[date], period_rows: Counter[tuple[TriggerType, date]], *, today: date
) -> list[Violation]:
    """Every period of every period trigger with swipes that ended before the period of
    ``today`` has its row."""
    found = []
    for trigger in PERIODS:
        current = trigger.period_of(today)
        for start in sorted({trigger.period_of(day) for day in active_days}):
            if start < current and period_rows[(trigger.type, start)] == 0:
                found.append(
                    Violation(
                        ENDED_DAYS_ROLLED_OVER,
                        f"{trigger.describe(start)} ended with swipes and has no "
                        f"{trigger.type.value} row",
                    )
                )
    return found


def ended_day_violations(
    active_days: set[date], rollover_days: Counter[date], *, today: date
) -> list[Violation]:
    """Every local date with swipes that ended before ``today`` has its rollover row."""
    return [
        Violation(ENDED_DAYS_ROLLED_OVER, f"{day} ended with swipes and has no rollover row")
        for day in sorted(active_days)
        if day < today and rollover_days[day] == 0
    ]


def check_file(
    db_path: Path,
    catalog: Catalog,
    *,
    timezone: str,
    acknowledged_sequence: int = 0,
    acknowledged_rows: frozenset[str] = frozenset(),
    days_are_exact: bool = True,
    today: date | None = None,
) -> FileCheck:
    """Every invariant a restart relies on; the violations found are in the result.

    - the file passes ``PRAGMA integrity_check`` and no window has two rows;
    - the swipe log is 1..n without a gap or a damaged row, and holds every swipe
      acknowledged as committed;
    - every acknowledged row is there, every row is readable, and each row's payload is
      exactly the profile a replay of the first ``profile_version`` swipes gives;
    - no local date has two rollover rows, and no row is dated after its clock;
    - with ``days_are_exact`` (one zone, a clock that only moves forward), each rollover
      row covers exactly the swipes dated up to its day;
    - with ``today``, every local date with swipes before it has its rollover row;
    - rehydrating gives the state a replay of the whole log gives.
    """
    replay = _LogReplay(catalog, timezone)
    found = replay.violations
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        health = repository.integrity_check()
        if health != "ok":
            found.append(Violation(INTACT, health.replace("\n", "; ")))
        for trigger, key, count in repository.duplicate_windows():
            found.append(Violation(ONE_ROW_PER_WINDOW, f"{trigger} {key} has {count} rows"))
        replay.run(repository)
        if repository.skipped_rows:
            found.append(Violation(ROWS_READABLE, f"{repository.skipped_rows} row(s) skipped"))
        damaged = repository.damaged_swipes
        if damaged:
            found.append(
                Violation(
                    SWIPES_READABLE, f"{len(damaged)} damaged row(s) skipped: {damaged.listed()}"
                )
            )
        rehydrated = rehydrate(repository, catalog, timezone=timezone)
    if replay.sequence < acknowledged_sequence:
        found.append(
            Violation(
                ACKNOWLEDGED_KEPT,
                f"swipes up to {acknowledged_sequence} were acknowledged, "
                f"{replay.sequence} are stored",
            )
        )
    found.extend(
        Violation(ACKNOWLEDGED_KEPT, f"acknowledged row {row_id} is gone")
        for row_id in sorted(acknowledged_rows - replay.row_ids)
    )
    found.extend(period_count_violations(replay.period_rows))
    if days_are_exact:
        for key, period, start, version in replay.rollovers:
            last = replay.last_of_period(period, start)
            if version != last:
                found.append(
                    Violation(
                        ROLLOVER_ENDS_ITS_DAY,
                        f"{key} covers swipes up to {version}, its period's last is {last}",
                    )
                )
    if today is not None:
        found.extend(ended_period_violations(replay.active_days, replay.period_rows, today=today))
    final = None if replay.gap else replay.profile
    if final is not None and (
        rehydrated.profile != final
        or rehydrated.snapshots.persisted_sequence != replay.sequence
    ):
        found.append(
            Violation(
                RESTART_MATCHES_LOG,
                f"rehydrated to swipe {rehydrated.profile.sequence} with another profile "
                f"than the replay of {replay.sequence} swipes",
            )
        )
    return FileCheck(
        violations=found,
        sequence=replay.sequence,
        active_days=replay.active_days,
        rollover_days=replay.rollover_days,
        period_rows=replay.period_rows,
    )


class _LogReplay:
    """One pass over the swipe log, replayed on a fresh profile, beside the rows in version
    order: each row is compared with the profile after exactly its ``profile_version``
    swipes, and only that profile is kept."""

    def __init__(self, catalog: Catalog, timezone: str) -> None:
        self._item_tags = catalog.item_tags
        self._timezone = timezone
        self.profile = ProfileState()
        self.sequence = 0
        self.gap = False
        self.violations: list[Violation] = []
        self.active_days: set[date] = set()
        self.last_of_day: dict[date, int] = {}
        self.rollover_days: Counter[date] = Counter()
        self.period_rows: Counter[tuple[TriggerType, date]] = Counter()
        self.rollovers: list[tuple[str, PeriodTrigger, date, int]] = []
        self.row_ids: set[str] = set()
        self._last_of_periods: dict[TriggerType, dict[date, int]] = {}

    def run(self, repository: SnapshotRepository) -> None:
        # The profile is the reducer's own (`reduce_swipe`, `reduce_unswipe`: the arithmetic
        # the root reducer applies to the profile), on the rows the read checked already
        # (a row holds what the action it stores held). The root reducer would also keep
        # every local date open, none being claimed here: a copy of up to a year of open
        # dates at each swipe, for nothing a row or a restart is compared with.
        item_tags = self._item_tags
        last_of_day = self.last_of_day
        damaged = repository.damaged_swipes
        rows = repository.snapshots_by_version()
        row = next(rows, None)
        # Rows are compared with the profile as of their version, so before each swipe the
        # rows up to the swipes so far are: ``due`` is the version that needs a look next.
        due = row.profile_version if row is not None else None
        for record in repository.swipes_after(0):
            tags = item_tags.get(record.item_id)
            if tags is None:  # another program's row, as replay
                damaged.add(record.sequence, not_in_catalog(record.item_id))
                continue
            if not self.gap:
                if due is not None and due <= self.sequence:
                    row = self._check_rows_up_to_now(row, rows)
                    due = row.profile_version if row is not None else None
                if record.sequence != self.sequence + 1:
                    # Rows are compared no further either way; a gap that is exactly the
                    # damaged rows the read skipped is named once, as those rows.
                    self.gap = True
                    skipped = range(self.sequence + 1, record.sequence)
                    if not all(sequence in damaged for sequence in skipped):
                        self.violations.append(
                            Violation(
                                LOG_WITHOUT_GAPS,
                                f"swipe {record.sequence} follows {self.sequence}",
                            )
                        )
            self.sequence = record.sequence
            last_of_day[record.local_date] = record.sequence
            if not self.gap:
                if record.undoes is None:
                    self.profile = reduce_swipe(self.profile, record, tags)
                else:
                    self.profile = reduce_unswipe(self.profile, record, tags)
        self.active_days.update(last_of_day)
        if not self.gap:
            row = self._check_rows_up_to_now(row, rows)
        while row is not None:  # beyond the last swipe (or the gap): nothing to compare with
            self._note(row)
            if not self.gap:
                self.violations.append(
                    Violation(ROWS_MATCH_LOG, f"{row.window_key} covers swipes that are not stored")
                )
            row = next(rows, None)

    def _check_rows_up_to_now(
        self, row: SnapshotRow | None, rows: Iterator[SnapshotRow]
    ) -> SnapshotRow | None:
        while row is not None and row.profile_version <= self.sequence:
            self._note(row)
            if _payload_differs(row, self.profile):
                self.violations.append(
                    Violation(ROWS_MATCH_LOG, f"{row.window_key} disagrees with the log")
                )
            row = next(rows, None)
        return row

    def _note(self, row: SnapshotRow) -> None:
        self.row_ids.add(row.id)
        late = dated_after_its_clock(row)
        if late is not None:
            self.violations.append(late)
        entry = entry_for(row.trigger_type)
        if isinstance(entry, PeriodTrigger):
            try:
                start = entry.parse_key(row.window_key)
            except ValueError:
                self.violations.append(
                    Violation(ROWS_READABLE, f"{row.window_key} names no {entry.noun}")
                )
                return
            self.period_rows[(entry.type, start)] += 1
            if entry.type is TriggerType.DAY_ROLLOVER:
                self.rollover_days[start] += 1
            self.rollovers.append((row.window_key, entry, start, row.profile_version))

    def last_of_period(self, trigger: PeriodTrigger, start: date) -> int | None:
        """The last swipe stored on a date of the period of ``trigger`` from ``start``."""
        lasts = self._last_of_periods.get(trigger.type)
        if lasts is None:  # one pass over the days per trigger, not one per rollover row
            lasts = self._last_of_periods[trigger.type] = {}
            for day, sequence in self.last_of_day.items():
                period = trigger.period_of(day)
                lasts[period] = max(sequence, lasts.get(period, sequence))
        return lasts.get(start)
