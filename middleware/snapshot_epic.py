"""`snapshot_epic`: when to take a snapshot, as one stream from actions to actions.

    actions ─► Swiped ─► coalesce_swipes (debounce + buffer, max wait) ─► "batch" ─┐
    day_ends (midnight timer, clock jumps and zone changes) ─► "midnight"/"clock" ──┼─► check
    actions ─► AppStarted ─► "start",  SnapshotRequested ─► "manual" ─────────────────┤    │
    actions ─► SettingsChanged ─► "settings" ──────────────────────────────────────────┘    │
                                                                                          ▼
         TimezoneChanged (if the clock's zone moved), decide(state, now): SnapshotScheduled
         (each carrying its row) or SnapshotSkipped, then BatchCoalesced for a batch
    actions ─► WriteFailed ─► timer ─► WriteRetried                      (see `retry_epic`)

A check reads the clock and the state, and `decide` is pure: which days ended is the one
rule (`store.rollovers.ended_days`) whatever triggered the check. The person's settings
(swipe interval, quiet period, maximum wait) are read from the state, not captured here:
the coalescer reads them as each batch opens and `decide` at each check, and a change is
checked at once, as a start with the new settings would be. The epic keeps nothing of its
own: what is claimed, pending or retrying lives in the state. `AppClosing` closes the
open batch, so its check runs before the job stops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import reactivex
from reactivex import Observable, abc
from reactivex import operators as ops

from middleware.clock import Clock
from middleware.decide import decide
from middleware.decision_log import record_event
from middleware.epic_middleware import ErrorReport, of_type
from middleware.pipeline_errors import report
from middleware.policy import SnapshotPolicy
from middleware.retries import retry_epic
from middleware.streams.coalesce import coalesce_swipes
from middleware.streams.day_ends import DayEnd, day_ends
from middleware.streams.lists import each_item
from store.actions import (
    AppClosing,
    AppStarted,
    BatchCoalesced,
    ClockChanged,
    SettingsChanged,
    SnapshotRequested,
    SnapshotScheduled,
    SnapshotSkipped,
    Swiped,
    TimezoneChanged,
    Unswiped,
)
from store.state import AppState

CheckKind = Literal["batch", "midnight", "clock", "manual", "start", "settings"]


@dataclass(frozen=True, slots=True)
class Check:
    """Why to look at the policy now (and, for a batch, how many swipes it closed)."""

    kind: CheckKind
    batch_size: int = 0


def snapshot_epic(
    actions: Observable[Any],
    get_state: Callable[[], AppState],
    *,
    clock: Clock,
    scheduler: abc.SchedulerBase,
    policy: SnapshotPolicy,
    on_error: ErrorReport = report,
) -> Observable[Any]:
    """Every check's decisions as actions, plus the retries of failed writes; a check that
    raises is reported through ``on_error`` and the pipeline goes on."""
    closing = actions.pipe(of_type(AppClosing))
    batches = actions.pipe(
        of_type(Swiped | Unswiped),  # type: ignore[arg-type]  # an undo changes the profile too
        ops.take_until(closing),
        # Read from the state as each batch opens: a change of the settings applies from
        # the next batch on, as it would after a restart with them.
        coalesce_swipes(
            lambda: get_state().settings.quiet_period_seconds,
            lambda: get_state().settings.max_wait_seconds,
            scheduler=scheduler,
        ),
        ops.map(_batch_check),
    )
    boundaries = day_ends(
        clock,
        scheduler=scheduler,
        period_seconds=policy.periodic_check_seconds,
        changes=actions.pipe(of_type(ClockChanged, TimezoneChanged)),
    ).pipe(ops.map(_boundary_check))
    starts = actions.pipe(
        of_type(AppStarted),
        ops.filter(lambda _: policy.catch_up_at_start),
        ops.map(lambda _: Check("start")),
    )
    requests = actions.pipe(of_type(SnapshotRequested), ops.map(lambda _: Check("manual")))
    # A change of the settings is checked at once, as a start with them would be: a swipe
    # count the new interval has passed is recorded now, not at some later batch.
    changes = actions.pipe(of_type(SettingsChanged), ops.map(lambda _: Check("settings")))

    def check(what: Check) -> list[Any]:
        try:
            return run_check(what, get_state(), clock=clock)
        except Exception as error:  # isolation: reported, counted, and the pipeline goes on
            on_error(f"{what.kind} check", error)
            return []

    # No scheduler on `merge`: given one, it would subscribe its sources only at the
    # scheduler's next tick, and a swipe before that would be missed.
    checks = reactivex.merge(batches, boundaries, starts, requests, changes).pipe(
        ops.map(check), each_item()
    )
    return reactivex.merge(checks, retry_epic(actions, get_state, clock=clock, scheduler=scheduler))


def _batch_check(batch: list[Swiped]) -> Check:
    return Check("batch", len(batch))


def _boundary_check(why: DayEnd) -> Check:
    return Check(why)


def run_check(what: Check, state: AppState, *, clock: Clock) -> list[Any]:
    """The actions one check yields at the clock's now, each logged as a decision."""
    now = clock.now()
    zone = clock.zone().key
    actions: list[Any] = []
    if zone != state.timezone:
        record_event("timezone_changed", at=now, old=state.timezone, new=zone)
        actions.append(TimezoneChanged(timezone=zone, at=now))
        state = state._replace(timezone=zone)
    for decision in decide(state, now, requested=what.kind == "manual"):
        _log(decision, what, state)
        actions.append(decision)
    if what.kind == "batch":
        record_event("batch_coalesced", at=now, size=what.batch_size)
        actions.append(BatchCoalesced(size=what.batch_size, at=now))
    return actions


def _log(decision: SnapshotScheduled | SnapshotSkipped, what: Check, state: AppState) -> None:
    if isinstance(decision, SnapshotScheduled):
        record_event(
            "snapshot_scheduled",
            at=decision.at,
            trigger_type=decision.trigger_type.value,
            window_key=decision.window_key,
            swipes=decision.profile_version,
            reason=decision.reason,
        )
    else:
        record_event(
            "snapshot_skipped",
            at=decision.at,
            reason=decision.reason,
            detail=decision.detail,
            swipes=state.profile.sequence,
            check=what.kind,
        )
