"""Drive the real store, pipeline and SQLite file in virtual time with a synthetic user.

The session runs on a `VirtualScheduler`: before each planned swipe the scheduler advances to
that instant, so every debounce, max-wait, midnight and retry timer due by then fires in
order, exactly as it would have in real time, without waiting. The writer runs inline on
the same thread, so a run is deterministic for a given seed.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from app.bootstrap import open_session
from app.simulation.synthetic_user import plan_session
from app.simulation.virtual_scheduler import VirtualScheduler
from middleware.clock import SchedulerClock
from middleware.persistence.repository import SnapshotRepository
from middleware.policy import SnapshotPolicy
from store.actions import SnapshotScheduled, Swiped, TriggerType
from store.catalog import load_catalog
from store.local_day import local_date, next_local_midnight
from store.middleware_api import Dispatch, Middleware, MiddlewareAPI


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
    clock = SchedulerClock(scheduler, options.zone)
    faults = RandomWriteFaults(options.fail_rate, options.seed) if options.fail_rate else None
    scheduled: Counter[str] = Counter({trigger.value: 0 for trigger in TriggerType})
    session = open_session(
        options.db_path,
        clock=clock,
        scheduler=scheduler,
        policy=options.policy,
        threaded_writer=False,
        fault_injector=faults,
        catalog=catalog,
        extra_middleware=[_count_scheduled(scheduled)],
    )
    store = session.store
    planned = plan_session(
        catalog,
        swipes=options.swipes,
        days=options.days,
        start=options.start,
        zone=options.zone,
        seed=options.seed,
        burst_size=options.burst_size,
        pause_seconds=options.pause_seconds,
    )
    count = 0
    last_at = options.start
    try:
        for swipe in planned:
            scheduler.advance_to_seconds(swipe.at.timestamp())
            store.dispatch(Swiped(item_id=swipe.item_id, direction=swipe.direction, at=swipe.at))
            last_at = swipe.at
            count += 1
            if on_swipe is not None:
                on_swipe(count)
        # Let the last day end and every retry land: past the next local midnight, then long
        # enough for the capped backoff to retry whatever is still failing.
        end_of_day = next_local_midnight(last_at, options.zone)
        settle = end_of_day + timedelta(minutes=1)
        scheduler.advance_to(settle.timestamp())
        for _ in range(50):
            if not store.get_state().snapshots.pending:
                break
            scheduler.advance_by(options.policy.retry_max_seconds + 1)
    finally:
        session.close()
    virtual_seconds = scheduler.clock - options.start.timestamp()

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
    finally:
        repository.close()
    interval = options.policy.swipe_interval
    ended_days = [day for day in swipe_dates if day < local_date(end_of_day, options.zone)]
    minimum = state.profile.sequence // interval + len(ended_days)
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
