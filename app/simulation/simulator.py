"""Drive the real store, pipeline and SQLite file in virtual time with a synthetic user.

The session runs on a `VirtualScheduler`: before each planned swipe the scheduler advances to
that instant, so every debounce, max-wait, midnight and retry timer due by then fires in
order, exactly as it would have in real time, without waiting. The writer runs inline on
the same thread, so a run is deterministic for a given seed.

Zone changes and clock jumps (`app.simulation.time_faults`) happen at their instants of the
scheduler's time, between the swipes due before and after them. The app reads a clock that
a jump shifts from the scheduler's time, and each swipe carries that clock's reading, as it
would in the app.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from app.bootstrap import open_session
from app.simulation.decks import DeckKind, make_deck
from app.simulation.synthetic_user import PlanOutOfRangeError, plan_session
from app.simulation.time_faults import TimeFault, ZoneChange, in_order
from app.simulation.virtual_scheduler import VirtualScheduler
from middleware.clock import SchedulerClock, ShiftedClock
from middleware.persistence.repository import SnapshotRepository
from middleware.policy import SnapshotPolicy
from store.actions import Direction, SnapshotScheduled, Swiped, TriggerType
from store.catalog import load_catalog
from store.local_day import local_date, next_local_midnight
from store.middleware_api import Dispatch, Middleware, MiddlewareAPI
from store.triggers import PERIODS

GROUP_COMMIT_SECONDS = 60.0
"""The simulation's writer commits the swipes of a minute of virtual time together (or with
the snapshot row that comes first): the rows are the same as with one commit a swipe, in a
few thousand transactions instead of hundreds of thousands."""


@dataclass(frozen=True, slots=True)
class SimulationOptions:
    db_path: Path
    swipes: int
    days: int
    zone: ZoneInfo
    start: datetime
    seed: int = 1
    fail_rate: float = 0.0
    burst_size: int = 20
    pause_seconds: float = 120.0
    policy: SnapshotPolicy = field(default_factory=SnapshotPolicy)
    time_faults: tuple[TimeFault, ...] = ()
    not_after: datetime | None = None
    """No swipe, and no settling of timers, after this instant (the system clock, for a
    run that must not write the future); None: the run settles past its last midnight."""
    deck: DeckKind = DeckKind.ADAPTIVE
    """The deck the user swipes: the one that learns (as in the window), or the old shuffle."""


@dataclass(frozen=True, slots=True)
class SimulationReport:
    swipes: int
    days_with_activity: int
    batches: int
    swipes_coalesced: int
    scheduled_by_trigger: dict[str, int]
    skipped_by_reason: dict[str, int]
    rows_by_trigger: dict[str, int]
    rows_written: int
    duplicates_suppressed: int
    failures: int
    retries: int
    injected_failures: int
    swipes_in_database: int
    minimum_rows: int
    virtual_seconds: float
    zone_at_end: str
    """The user's zone when the run ended (the last zone change's, or the starting one)."""
    local_date_at_end: date
    """The local date by the app's clock when the run ended: every date before it has ended."""
    damaged_swipes: tuple[int, ...] = ()
    """Swipe rows of the file skipped as damaged (by start-up or by this summary's reads)."""
    sequence_at_end: int = 0
    """The store's last swipe when the run ended: every swipe asked for, history included."""
    snapshots_not_written: int = 0
    """Snapshot rows decided whose write never landed (still pending at the end)."""
    last_error: str | None = None
    """Why the last write failed, when the run ended with writes failing."""

    @property
    def unsaved_swipes(self) -> int:
        """Swipes asked for that are not in the file: the store's last beyond the file's."""
        return max(0, self.sequence_at_end - self.swipes_in_database)
    deck: str = DeckKind.ADAPTIVE.value
    likes: int = 0
    """Swipes that liked or superliked the card: how well the deck suited the user."""

    @property
    def like_rate(self) -> float:
        return self.likes / self.swipes if self.swipes else 0.0

    @property
    def write_amplification(self) -> float:
        """Rows written per row the policy requires (1.00 is the minimum)."""
        return self.rows_written / self.minimum_rows if self.minimum_rows else 0.0


class RandomWriteFaults:
    """Fails a seeded fraction of snapshot inserts with an injected SQLite I/O error."""

    def __init__(self, rate: float, seed: int) -> None:
        self._rate = rate
        self._rng = random.Random(seed ^ 0x5EED)
        self.injected = 0

    def __call__(self, operation: str) -> None:
        if operation == "insert_snapshot" and self._rng.random() < self._rate:
            self.injected += 1
            raise sqlite3.OperationalError("disk I/O error (injected by --fail-rate)")


def run_simulation(
    options: SimulationOptions, *, on_swipe: Callable[[int], None] | None = None
) -> SimulationReport:
    """Run one simulated session into ``options.db_path`` and report what was written."""
    catalog = load_catalog()
    scheduler = VirtualScheduler(options.start)
    world_clock = SchedulerClock(scheduler, options.zone)
    clock = ShiftedClock(world_clock)
    faults = RandomWriteFaults(options.fail_rate, options.seed) if options.fail_rate else None
    scheduled: Counter[str] = Counter({trigger.value: 0 for trigger in TriggerType})
    session = open_session(
        options.db_path,
        clock=clock,
        scheduler=scheduler,
        policy=options.policy,
        threaded_writer=False,
        group_commit_seconds=GROUP_COMMIT_SECONDS,
        fault_injector=faults,
        catalog=catalog,
        extra_middleware=[_count_scheduled(scheduled)],
    )
    store = session.store
    deck = make_deck(
        options.deck,
        catalog.item_tags,
        seed=options.seed,
        profile=lambda: store.get_state().profile,
        recently_swiped=session.recently_swiped,
    )
    planned = plan_session(
        catalog,
        swipes=options.swipes,
        days=options.days,
        start=options.start,
        zone=options.zone,
        seed=options.seed,
        burst_size=options.burst_size,
        pause_seconds=options.pause_seconds,
        deal=deck,
    )
    time_faults = in_order(list(options.time_faults))

    def happen_until(instant: float) -> None:
        while time_faults and time_faults[0].at.timestamp() <= instant:
            fault = time_faults.pop(0)
            scheduler.advance_to_seconds(fault.at.timestamp())
            if isinstance(fault, ZoneChange):
                world_clock.set_zone(fault.zone)
            else:
                clock.jump_to(clock.now() + fault.by)

    count = likes = 0
    try:
        for swipe in planned:
            if options.not_after is not None and swipe.at > options.not_after:
                raise PlanOutOfRangeError(
                    f"swipe {count + 1} of the plan would be at {swipe.at.isoformat()}, "
                    f"after {options.not_after.isoformat()}"
                )
            due = swipe.at.timestamp()
            happen_until(due)
            scheduler.advance_to_seconds(due)
            # The clock's reading, as the app stamps a swipe: the plan's instant, shifted by
            # the clock jumps so far (not read back from the float clock, which rounds).
            at = swipe.at + clock.offset
            store.dispatch(Swiped(item_id=swipe.item_id, direction=swipe.direction, at=at))
            count += 1
            likes += swipe.direction is not Direction.LEFT
            if on_swipe is not None:
                on_swipe(count)
        happen_until(float("inf"))
        # Let the last day end by the app's clock and every retry land: past its next local
        # midnight, then long enough for the capped backoff to retry whatever still fails.
        zone = clock.zone()
        end_of_day = next_local_midnight(clock.now(), zone)
        settle = end_of_day - clock.offset + timedelta(minutes=1)
        if options.not_after is not None:
            # Settle no later than now: a rollover of a day that has not ended is not due.
            settle = max(min(settle, options.not_after), clock.now() - clock.offset)
        scheduler.advance_to(settle.timestamp())
        for _ in range(50):
            if not store.get_state().snapshots.pending:
                break
            scheduler.advance_by(options.policy.retry_max_seconds + 1)
    finally:
        session.close()
    virtual_seconds = scheduler.clock - options.start.timestamp()
    today = local_date(clock.now(), zone)

    state = store.get_state()
    counters = state.snapshots.counters
    repository = SnapshotRepository.open(options.db_path, read_only=True)
    try:
        rows_by_trigger = {
            trigger.value: count
            for trigger, count in repository.count_snapshots_by_trigger().items()
        }
        swipe_dates = repository.swipe_dates()
        swipes_in_database = repository.max_swipe_sequence()
        damaged = set(session.damaged_swipes) | set(repository.damaged_swipes.sequences)
    finally:
        repository.close()
    interval = state.settings.swipe_interval  # the stored setting, unless the run set its own
    # One row per multiple of the interval, and one per ended period of each period trigger
    # (days, weeks, ...) that has swipes: asked of the registry, so a new trigger counts too.
    ended = sum(
        len({start for start in map(trigger.period_of, swipe_dates) if start < current})
        for trigger in PERIODS
        for current in [trigger.period_of(today)]
    )
    minimum = state.profile.sequence // interval + ended
    return SimulationReport(
        swipes=count,
        days_with_activity=len(swipe_dates),
        batches=counters.batches,
        swipes_coalesced=counters.swipes_coalesced,
        scheduled_by_trigger=dict(sorted(scheduled.items())),
        skipped_by_reason=dict(sorted(counters.skipped.items())),
        rows_by_trigger=dict(sorted(rows_by_trigger.items())),
        rows_written=sum(rows_by_trigger.values()),
        duplicates_suppressed=counters.duplicates,
        failures=counters.failed,
        retries=counters.retried,
        injected_failures=faults.injected if faults else 0,
        swipes_in_database=swipes_in_database,
        minimum_rows=minimum,
        virtual_seconds=virtual_seconds,
        zone_at_end=zone.key,
        local_date_at_end=today,
        damaged_swipes=tuple(sorted(damaged)),
        sequence_at_end=state.profile.sequence,
        snapshots_not_written=len(state.snapshots.pending_writes),
        last_error=state.snapshots.last_error,
        deck=options.deck.value,
        likes=likes,
    )


def _count_scheduled(scheduled: Counter[str]) -> Middleware:
    """A middleware that counts snapshot decisions by trigger type, for the summary."""

    def middleware(api: MiddlewareAPI) -> Callable[[Dispatch], Dispatch]:
        def wrap(next_dispatch: Dispatch) -> Dispatch:
            def dispatch(action: Any) -> Any:
                if isinstance(action, SnapshotScheduled):
                    scheduled[action.trigger_type.value] += 1
                return next_dispatch(action)

            return dispatch

        return wrap

    return middleware
