"""The snapshot job: a store middleware feeding an RxPY pipeline that decides and writes.

    dispatch(Swiped) ─► reducer ─► middleware ─► writer.append_swipe   (O(1) enqueue)
                                      │
                                      └► swipes ─► coalesce_swipes (debounce + buffer) ─┐
          midnight_ticks (re-armed after each fire) ────────────────────────────────────┤
          periodic check (re-derives the local date) ───────────────────────────────────┼► check
          app-start catch-up, "snapshot now" (MANUAL) ──────────────────────────────────┘    │
                                                                                             ▼
                          should_create_snapshot(state, now) ─► SnapshotScheduled ─► writer.insert
                                                                                             │
          store ◄── ActionInbox ◄── SnapshotRecorded / SnapshotFailed / SwipesPersisted ◄────┘

Decisions run on the store's owner thread (the one that drives ``scheduler``); SQLite work
runs on the writer's thread; outcomes come back as actions through an `ActionInbox`, so the
state always knows which windows are recorded. No exception raised by the pipeline or the
writer reaches ``dispatch``: each is logged, counted and the pipeline goes on. A failed
snapshot write is retried with capped exponential backoff; since it is the same row (same
window, trigger and version, so the same id), a retry can never produce a duplicate.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

import reactivex
from reactivex import Observable, abc
from reactivex import operators as ops
from reactivex.disposable import CompositeDisposable
from reactivex.subject import Subject

from middleware.clock import Clock
from middleware.coalesce import coalesce_swipes
from middleware.decision_log import record_event
from middleware.midnight import midnight_ticks
from middleware.persistence.errors import RepositoryError
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.writer import (
    SnapshotWriteFailed,
    SnapshotWriter,
    SnapshotWritten,
    SwipeFlushFailed,
    SwipesFlushed,
    WriteOutcome,
)
from middleware.policy import (
    DEFAULT_POLICY,
    CreateSnapshot,
    SnapshotPolicy,
    should_create_snapshot,
)
from middleware.single_observer_source import SingleObserverSource
from store.actions import (
    BatchCoalesced,
    SnapshotFailed,
    SnapshotRecorded,
    SnapshotRequested,
    SnapshotRetried,
    SnapshotScheduled,
    SnapshotSkipped,
    Swiped,
    SwipesPersisted,
    TimezoneChanged,
    TriggerType,
)
from store.inbox import ActionInbox
from store.local_day import local_date, next_local_midnight
from store.middleware_api import Dispatch, MiddlewareAPI
from store.snapshot_rows import NewSnapshot, SwipeRecord, build_new_snapshot
from store.state import AppState

CheckKind = Literal["batch", "midnight", "periodic", "manual", "start"]
SWIPE_LOG_WINDOW = "swipes-log"
"""The window key under which failures to commit queued swipes are reported."""


@dataclass(frozen=True, slots=True)
class _Check:
    kind: CheckKind
    batch_size: int = 0


_PERIODIC = _Check("periodic")


class _LocalDayCache:
    """The local day of the latest swipe and the instants bounding it.

    A swipe inside ``[start, end)`` belongs to ``day`` without any time-zone arithmetic,
    which keeps the per-swipe cost O(1); the bounds are recomputed once per day.
    """

    __slots__ = ("day", "end", "start", "zone_key")

    def __init__(self) -> None:
        # An empty interval until the first instant: ``start <= instant < end`` never holds.
        self.zone_key = ""
        self.start = datetime.max.replace(tzinfo=UTC)
        self.end = datetime.min.replace(tzinfo=UTC)
        self.day = date.min

    def day_of(self, instant: datetime, zone_key: str) -> date:
        if self.start <= instant < self.end and zone_key == self.zone_key:
            return self.day
        zone = ZoneInfo(zone_key)
        self.zone_key = zone_key
        self.start = instant
        self.end = next_local_midnight(instant, zone)
        self.day = local_date(instant, zone)
        return self.day


class SnapshotJob:
    """Records profile snapshots as the user swipes, at local midnight, and on request."""

    def __init__(
        self,
        open_repository: Callable[[], SnapshotRepository],
        *,
        clock: Clock,
        scheduler: abc.SchedulerBase,
        policy: SnapshotPolicy = DEFAULT_POLICY,
        threaded_writer: bool = True,
        wake: Callable[[], None] | None = None,
    ) -> None:
        """Build the job; attach it with ``middleware=[job.middleware]``, then `start`.

        ``wake`` is called from the writer's thread when outcomes are waiting; it must make
        the owner thread call `drain_outcomes` (the app emits a queued Qt signal). Without
        it, a drain is scheduled on ``scheduler``, which is right for an inline writer.
        """
        self._clock = clock
        self._scheduler = scheduler
        self._policy = policy
        self._wake = wake
        self._writer = SnapshotWriter(
            open_repository, report=self._report, threaded=threaded_writer
        )
        self._api: MiddlewareAPI | None = None
        self._get_state: Callable[[], Any] = _unattached
        self._inbox: ActionInbox | None = None
        self._swipes: SingleObserverSource[Swiped] = SingleObserverSource()
        self._requests: Subject[_Check] = Subject()
        self._rearm: Subject[None] = Subject()
        self._subscription = CompositeDisposable()
        self._retries: dict[str, tuple[NewSnapshot, int]] = {}
        self._scheduled: dict[str, NewSnapshot] = {}
        self._swipe_flush_attempt = 0
        self._last_checked_day: date | None = None
        self._day_cache = _LocalDayCache()
        self._checked_day_cache = _LocalDayCache()
        self._rollover_guard: datetime | None = None
        self._started = False
        self._closed = False

    # --- wiring ---------------------------------------------------------------------------

    def middleware(self, api: MiddlewareAPI) -> Callable[[Dispatch], Dispatch]:
        """The store middleware (Redux shape): see every action after the reducer ran."""
        if self._api is not None:
            raise RuntimeError(
                "This snapshot job is attached to a store already; create one job per store."
            )
        self._api = api
        self._get_state = api.get_state
        self._inbox = ActionInbox(
            api.dispatch,
            owner_thread_ident=threading.get_ident(),
            wake=self._wake or self._schedule_drain,
        )

        def wrap(next_dispatch: Dispatch) -> Dispatch:
            def dispatch(action: Any) -> Any:
                if type(action) is Swiped:
                    return self._on_swipe(action, next_dispatch)
                result = next_dispatch(action)
                if isinstance(action, SnapshotRequested):
                    self._requests.on_next(_Check("manual"))
                elif isinstance(action, SnapshotFailed):
                    self._guard("schedule retry", self._schedule_retry, action)
                return result

            return dispatch

        return wrap

    @property
    def writer(self) -> SnapshotWriter:
        return self._writer

    @property
    def policy(self) -> SnapshotPolicy:
        return self._policy

    def start(self) -> None:
        """Subscribe the pipeline, then run the start-up check (see `read_open_days`)."""
        self._require_api()
        if self._started:
            return
        self._started = True
        policy, scheduler = self._policy, self._scheduler
        batches = self._swipes.pipe(
            coalesce_swipes(
                policy.quiet_period_seconds, policy.max_wait_seconds, scheduler=scheduler
            ),
            ops.map(_batch_check),
        )
        midnights = midnight_ticks(self._clock, scheduler=scheduler, rearm=self._rearm).pipe(
            ops.map(lambda _: _Check("midnight"))
        )
        periodic = reactivex.interval(policy.periodic_check_seconds, scheduler=scheduler).pipe(
            ops.map(lambda _: _PERIODIC)
        )
        checks: Observable[_Check] = reactivex.merge(batches, midnights, periodic, self._requests)
        self._subscription.add(
            # No scheduler here: given one, `merge` would subscribe its sources on it, i.e.
            # only at the scheduler's next tick, and a swipe before that would be missed.
            # Every timer in the pipeline has its scheduler already.
            checks.subscribe(
                on_next=lambda check: self._guard("check", self._check, check),
                on_error=self._on_pipeline_error,
            )
        )
        if policy.catch_up_at_start:
            self._requests.on_next(_Check("start"))

    def request_snapshot(self) -> None:
        """Ask for a MANUAL snapshot now (same as dispatching `SnapshotRequested`)."""
        self._require_api().dispatch(SnapshotRequested(at=self._clock.now()))

    def notice_clock_change(self) -> None:
        """The clock or the zone moved under us: re-arm the midnight timer and check now."""
        self._rearm.on_next(None)
        self._last_checked_day = None
        self._requests.on_next(_Check("periodic"))

    def drain_outcomes(self) -> int:
        """Dispatch the writer's outcomes on the owner thread; returns how many."""
        return self._inbox.drain() if self._inbox is not None else 0

    def close(self) -> bool:
        """Flush a pending burst, write what is queued, stop timers and the writer.

        Completing the swipe stream closes the open batch, so its check runs now; pending
        retries get one last attempt; then the writer drains within the policy's deadline.
        Idempotent. Returns False if the writer missed the deadline.
        """
        if self._closed:
            return True
        self._closed = True
        self._guard("final batch", self._swipes.complete)
        self._subscription.dispose()
        for snapshot, attempt in list(self._retries.values()):
            self._writer.insert_snapshot(snapshot, attempt=attempt + 1)
        self._retries.clear()
        finished = self._writer.close(deadline_seconds=self._policy.shutdown_deadline_seconds)
        if self._inbox is not None:
            self._guard("final drain", self._inbox.drain)
        return finished

    # --- the owner thread: swipes and checks ---------------------------------------------

    def _on_swipe(self, swipe: Swiped, next_dispatch: Dispatch) -> Any:
        guard = self._rollover_guard
        if guard is not None and swipe.at >= guard:
            # This swipe starts a new local day: capture the day that ended first, while the
            # state still holds exactly that day's activity.
            self._guard("rollover before swipe", self._check_rollover_before, swipe.at)
        result = next_dispatch(swipe)
        # The hot path of every swipe: the guard and the day lookup are inlined.
        try:
            state: AppState = self._get_state()
            at = swipe.at
            days = self._day_cache
            if days.start <= at < days.end and days.zone_key == state.timezone:
                day = days.day
            else:  # the first swipe of a local day (or of another zone)
                day = days.day_of(at, state.timezone)
                self._rollover_guard = days.end
            self._writer.append_swipe(
                _new_tuple(
                    SwipeRecord, (state.profile.sequence, swipe.item_id, swipe.direction, at, day)
                )
            )
            self._swipes.push(swipe)
        except Exception as error:  # isolation: a failure here must not reach dispatch
            record_event("pipeline_error", level=40, stage="record swipe", error=repr(error))
        return result

    def _check_rollover_before(self, now: datetime) -> None:
        self._decide(now, requested=False, only_rollover=True)

    def _check(self, check: _Check) -> None:
        api = self._require_api()
        now = self._clock.now()
        zone = self._clock.zone()
        state: AppState = api.get_state()
        if zone.key != state.timezone:
            record_event("timezone_changed", at=now, old=state.timezone, new=zone.key)
            api.dispatch(TimezoneChanged(timezone=zone.key, at=now))
            self._rearm.on_next(None)
        if check.kind == "batch":
            record_event("batch_coalesced", at=now, size=check.batch_size)
            api.dispatch(BatchCoalesced(size=check.batch_size, at=now))
        elif check.kind == "periodic":
            # Once a minute: the cached bounds of today answer without zone arithmetic.
            today = self._checked_day_cache.day_of(now, zone.key)
            if today == self._last_checked_day:
                return
            # The local date changed and the midnight timer did not say so (the clock jumped,
            # or the machine slept through midnight): re-arm it from the wall clock, decide.
            self._rearm.on_next(None)
        self._last_checked_day = local_date(now, zone)
        self._decide(now, requested=check.kind == "manual", only_rollover=False, check=check)
        if check.kind == "batch":
            self._writer.flush()

    def _decide(
        self,
        now: datetime,
        *,
        requested: bool,
        only_rollover: bool,
        check: _Check | None = None,
    ) -> None:
        api = self._require_api()
        # At most: one rollover per ended day, one threshold (or one manual) per check.
        for created in range(len(api.get_state().snapshots.open_days) + 2):
            state: AppState = api.get_state()
            decision = should_create_snapshot(
                state, now, policy=self._policy, requested=requested and created == 0
            )
            if not isinstance(decision, CreateSnapshot):
                if created == 0 and not only_rollover:
                    record_event(
                        "snapshot_skipped",
                        at=now,
                        reason=decision.reason.value,
                        detail=decision.detail,
                        swipes=state.profile.sequence,
                        check=check.kind if check else "swipe",
                    )
                    api.dispatch(SnapshotSkipped(reason=decision.reason.value, at=now))
                return
            if only_rollover and decision.trigger_type is not TriggerType.DAY_ROLLOVER:
                return
            self._schedule(state, decision, now)
            if decision.trigger_type is TriggerType.MANUAL:
                return

    def _schedule(self, state: AppState, decision: CreateSnapshot, now: datetime) -> None:
        if decision.trigger_type is TriggerType.DAY_ROLLOVER:
            # The profile as it was after that day's last swipe, whatever came since.
            day_end = state.snapshots.open_days[decision.snapshot_date_local]
            state = state._replace(profile=day_end)
        snapshot = build_new_snapshot(
            state,
            trigger_type=decision.trigger_type,
            window_key=decision.window_key,
            snapshot_date_local=decision.snapshot_date_local,
            reason=decision.reason,
            created_at=now,
        )
        self._submit(snapshot, decision.reason, now)

    def _submit(self, snapshot: NewSnapshot, reason: str, now: datetime) -> None:
        api = self._require_api()
        api.dispatch(
            SnapshotScheduled(
                trigger_type=snapshot.trigger_type,
                window_key=snapshot.window_key,
                profile_version=snapshot.profile_version,
                snapshot_date_local=snapshot.snapshot_date_local,
                reason=reason,
                at=now,
            )
        )
        record_event(
            "snapshot_scheduled",
            at=now,
            trigger_type=snapshot.trigger_type.value,
            window_key=snapshot.window_key,
            swipes=snapshot.profile_version,
            reason=reason,
        )
        self._scheduled[snapshot.window_key] = snapshot
        self._writer.insert_snapshot(snapshot)

    # --- failures and retries -------------------------------------------------------------

    def _schedule_retry(self, failed: SnapshotFailed) -> None:
        if self._closed or failed.retry_in_seconds is None:
            return
        if failed.window_key == SWIPE_LOG_WINDOW:
            self._schedule_later(failed.retry_in_seconds, "retry swipe flush", self._retry_flush)
            return
        snapshot = self._scheduled.get(failed.window_key)
        if snapshot is None:
            return
        self._retries[failed.window_key] = (snapshot, failed.attempt)
        self._schedule_later(failed.retry_in_seconds, "retry", self._retry, failed.window_key)

    def _retry(self, window_key: str) -> None:
        entry = self._retries.pop(window_key, None)
        if entry is None or self._closed:
            return
        snapshot, attempt = entry
        now = self._clock.now()
        record_event(
            "snapshot_retried",
            at=now,
            trigger_type=snapshot.trigger_type.value,
            window_key=window_key,
            attempt=attempt + 1,
        )
        self._require_api().dispatch(
            SnapshotRetried(window_key=window_key, attempt=attempt + 1, at=now)
        )
        self._writer.insert_snapshot(snapshot, attempt=attempt + 1)

    def _retry_flush(self) -> None:
        if not self._closed:
            self._writer.flush()

    # --- the writer's thread: outcomes become actions ------------------------------------

    def _report(self, outcome: WriteOutcome) -> None:
        inbox = self._inbox
        if inbox is None:
            return
        now = self._clock.now()
        if isinstance(outcome, SwipesFlushed):
            self._swipe_flush_attempt = 0
            inbox.post(SwipesPersisted(sequence=outcome.sequence, count=outcome.count))
        elif isinstance(outcome, SwipeFlushFailed):
            self._swipe_flush_attempt += 1
            attempt = self._swipe_flush_attempt
            delay = self._policy.retry_delay(attempt)
            record_event(
                "swipe_flush_failed",
                at=now,
                swipes=outcome.count,
                error=str(outcome.error),
                attempt=attempt,
                retry_in=delay,
                level=30,
            )
            inbox.post(
                SnapshotFailed(
                    window_key=SWIPE_LOG_WINDOW,
                    error=_short(outcome.error),
                    attempt=attempt,
                    retry_in_seconds=delay,
                    at=now,
                )
            )
        elif isinstance(outcome, SnapshotWritten):
            snapshot = outcome.snapshot
            self._scheduled.pop(snapshot.window_key, None)
            record_event(
                "snapshot_created" if outcome.created else "snapshot_duplicate",
                at=now,
                trigger_type=snapshot.trigger_type.value,
                window_key=snapshot.window_key,
                swipes=snapshot.profile_version,
                attempt=outcome.attempt,
                latency_ms=outcome.latency_seconds * 1000,
            )
            inbox.post(
                SnapshotRecorded(
                    trigger_type=snapshot.trigger_type,
                    window_key=snapshot.window_key,
                    profile_version=snapshot.profile_version,
                    created=outcome.created,
                    created_at=snapshot.created_at,
                    attempts=outcome.attempt,
                )
            )
        else:
            self._report_failure(outcome, now)

    def _report_failure(self, outcome: SnapshotWriteFailed, now: datetime) -> None:
        assert self._inbox is not None
        snapshot = outcome.snapshot
        delay = None if self._closed else self._policy.retry_delay(outcome.attempt)
        record_event(
            "snapshot_failed",
            at=now,
            trigger_type=snapshot.trigger_type.value,
            window_key=snapshot.window_key,
            swipes=snapshot.profile_version,
            attempt=outcome.attempt,
            error=str(outcome.error),
            retry_in=delay,
            level=30,
        )
        self._inbox.post(
            SnapshotFailed(
                window_key=snapshot.window_key,
                trigger_type=snapshot.trigger_type,
                error=_short(outcome.error),
                attempt=outcome.attempt,
                retry_in_seconds=delay,
                at=now,
            )
        )

    # --- plumbing ------------------------------------------------------------------------

    def _schedule_drain(self) -> None:
        self._schedule_later(0.0, "drain", self.drain_outcomes)

    def _schedule_later(
        self, seconds: float, what: str, function: Callable[..., Any], *args: Any
    ) -> None:
        def action(_scheduler: abc.SchedulerBase, _state: Any = None) -> None:
            self._guard(what, function, *args)

        self._scheduler.schedule_relative(seconds, action)

    def _require_api(self) -> MiddlewareAPI:
        if self._api is None:
            raise RuntimeError(
                "The snapshot job is not attached to a store: pass "
                "middleware=[job.middleware] to create_profile_store, then call job.start()."
            )
        return self._api

    def _guard(self, what: str, function: Callable[..., Any], *args: Any) -> Any:
        """Run ``function``; log and swallow any error so it never reaches ``dispatch``."""
        try:
            return function(*args)
        except Exception as error:  # isolation is the point: log, count, carry on
            record_event("pipeline_error", level=40, stage=what, error=repr(error))
            return None

    def _on_pipeline_error(self, error: Exception) -> None:
        record_event("pipeline_error", level=40, stage="stream", error=repr(error))


_new_tuple = tuple.__new__
"""Builds a NamedTuple without its Python-level ``__new__``: half the cost, per swipe."""


def _unattached() -> Any:
    raise RuntimeError("The snapshot job is not attached to a store yet.")


def _short(error: RepositoryError) -> str:
    return str(error).split("\n", 1)[0][:300]


def _batch_check(batch: list[Any]) -> _Check:
    return _Check("batch", len(batch))
