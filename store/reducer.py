"""The root reducer: a pure function ``(state, action) -> new state``.

It never reads the clock (times arrive in actions), never does I/O, and updates a swipe's
aggregates in O(tags of the card): it never looks at swipe history. A swipe also records
its local date, in the zone in force (``state.timezone``), as an open day awaiting its
rollover (`open_day`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, Protocol, assert_never
from zoneinfo import ZoneInfo

from store.actions import (
    AppStarted,
    BatchCoalesced,
    Direction,
    PipelineFailed,
    SettingsChanged,
    SettingsNotSaved,
    SettingsSaved,
    SnapshotRecorded,
    SnapshotScheduled,
    SnapshotSkipped,
    Swiped,
    SwipesPersisted,
    TimezoneChanged,
    TriggerType,
    Unswiped,
    WriteFailed,
    WriteRetried,
)
from store.effects import snapshot_effect
from store.errors import InvalidActionError
from store.local_day import local_date
from store.named_tuples import updater
from store.rollovers import is_closed
from store.settings import Settings
from store.state import (
    AppState,
    LastSkip,
    LastSnapshot,
    PendingWrite,
    ProfileState,
    SnapshotCounters,
    SnapshotJobState,
    TagStats,
)
from store.triggers import CountTrigger, ManualTrigger, PeriodTrigger, entry_for

_NO_STATS = TagStats()

# States are built by field name (`store.named_tuples`): each updater is compiled from the
# class's own fields, so a field added later is carried over, never shifted. They cost what
# ``tuple.__new__`` does, which figure 1 (store dispatch, 1.5x python-redux) needs: the
# plain constructors took it under its target (1.43x).
_liked = updater(TagStats, "likes")
_noped = updater(TagStats, "nopes")
_superliked = updater(TagStats, "superlikes")
_after_swipe = updater(ProfileState, "tags", "sequence", "last_swipe_at")
_swiped = updater(AppState, "profile", "open_days")

Reducer = Callable[[AppState, Any], AppState]


class SwipeEvent(Protocol):
    """What the profile's arithmetic reads of a swipe or an undo: a `Swiped` or `Unswiped`
    action, or a stored row of the swipe log (which was one when it was dispatched)."""

    @property
    def direction(self) -> Direction: ...

    @property
    def at(self) -> datetime: ...


def reduce_swipe(
    profile: ProfileState, swipe: SwipeEvent, card_tags: tuple[str, ...]
) -> ProfileState:
    """Count ``swipe`` against each tag of its card; O(len(card_tags)), no history scan."""
    tags = {**profile.tags}  # a fresh dict: the old state's dict is never mutated
    get = tags.get
    direction = swipe.direction
    if direction is Direction.RIGHT:
        for tag in card_tags:
            stats = get(tag, _NO_STATS)
            tags[tag] = _liked(stats, likes=stats.likes + 1)
    elif direction is Direction.LEFT:
        for tag in card_tags:
            stats = get(tag, _NO_STATS)
            tags[tag] = _noped(stats, nopes=stats.nopes + 1)
    else:
        for tag in card_tags:
            stats = get(tag, _NO_STATS)
            tags[tag] = _superliked(stats, superlikes=stats.superlikes + 1)
    return _after_swipe(profile, tags=tags, sequence=profile.sequence + 1, last_swipe_at=swipe.at)


def reduce_unswipe(
    profile: ProfileState, undo: SwipeEvent, card_tags: tuple[str, ...]
) -> ProfileState:
    """Take ``undo``'s swipe back from each tag of its card: the counts as if it had never
    been made (never below zero); the version still moves on, as for any event."""
    tags = {**profile.tags}
    field = _FIELD_OF[undo.direction]
    for tag in card_tags:
        counts = tags.get(tag, _NO_STATS)._asdict()
        counts[field] = max(0, counts[field] - 1)
        if any(counts.values()):
            tags[tag] = TagStats(**counts)
        else:
            tags.pop(tag, None)
    return profile._replace(
        tags=tags, sequence=profile.sequence + 1, last_swipe_at=undo.at, undone=profile.undone + 1
    )


_FIELD_OF = {Direction.RIGHT: "likes", Direction.LEFT: "nopes", Direction.UP: "superlikes"}
"""Which `TagStats` field counts a direction."""


def open_day(
    open_days: Mapping[date, ProfileState],
    claimed: Mapping[TriggerType, frozenset[date]],
    day: date,
    profile: ProfileState,
) -> Mapping[date, ProfileState]:
    """``open_days`` noting that ``profile`` is the state right after the latest swipe dated
    ``day``; a date whose periods are all claimed already stays closed (a swipe on it, after
    the clock went back, is stored with that date but never gives a period a second row)."""
    if day not in open_days and is_closed(claimed, day):
        return open_days
    return {**open_days, day: profile}


def claim_window(state: AppState, scheduled: SnapshotScheduled) -> AppState:
    """``state`` once the window of ``scheduled`` is claimed: the job's slice records the
    claim (as the trigger's kind tracks it) and the pending write; a date whose periods are
    now all claimed leaves the open days."""
    job = state.snapshots
    pending = {
        **job.pending_writes,
        snapshot_effect(scheduled.window_key): PendingWrite(snapshot=scheduled.snapshot),
    }
    open_days = state.open_days
    entry = entry_for(scheduled.trigger_type)
    match entry:
        case PeriodTrigger():
            claimed = dict(job.claimed_periods)
            claimed[entry.type] = claimed.get(entry.type, frozenset()) | {
                entry.parse_key(scheduled.window_key)
            }
            job = job._replace(pending_writes=pending, claimed_periods=claimed)
            open_days = {d: p for d, p in open_days.items() if not is_closed(claimed, d)}
        case CountTrigger():
            job = job._replace(
                pending_writes=pending,
                last_threshold_window=max(
                    job.last_threshold_window, entry.parse_key(scheduled.window_key)
                ),
            )
        case ManualTrigger():
            job = job._replace(
                pending_writes=pending,
                last_manual_version=max(job.last_manual_version, scheduled.profile_version),
            )
        case _:
            assert_never(entry)
    return state._replace(snapshots=job, open_days=open_days)


def _bump(counters: SnapshotCounters, **changes: int) -> SnapshotCounters:
    return counters._replace(**{name: getattr(counters, name) + by for name, by in changes.items()})


def _without(writes: Mapping[str, PendingWrite], effect_id: str) -> Mapping[str, PendingWrite]:
    return {key: write for key, write in writes.items() if key != effect_id}


def _mark(
    writes: Mapping[str, PendingWrite], effect_id: str, attempt: int, failed: bool
) -> Mapping[str, PendingWrite]:
    """The pending write ``effect_id`` at ``attempt``, failed or sent (others: as they are)."""
    write = writes.get(effect_id)
    if write is None:  # a swipe commit (the log is the pending work), or landed meanwhile
        return writes
    return {**writes, effect_id: write._replace(attempt=attempt, failed=failed)}


def reduce_snapshot_job(job: SnapshotJobState, action: object) -> SnapshotJobState:
    """Track pending writes and counters from the job's outcome actions (claims: `claim_window`)."""
    if isinstance(action, SnapshotRecorded):
        counters = (
            _bump(job.counters, created=1) if action.created else _bump(job.counters, duplicates=1)
        )
        return job._replace(
            pending_writes=_without(job.pending_writes, snapshot_effect(action.window_key)),
            failing=False,
            last_error=None,
            counters=counters,
            last_snapshot=(
                LastSnapshot(
                    trigger_type=action.trigger_type,
                    window_key=action.window_key,
                    created_at=action.created_at,
                )
                if action.created
                else job.last_snapshot
            ),
        )
    if isinstance(action, WriteFailed):
        return job._replace(
            pending_writes=_mark(job.pending_writes, action.effect_id, action.attempt, True),
            failing=True,
            last_error=action.error,
            counters=_bump(job.counters, failed=1),
        )
    if isinstance(action, WriteRetried):
        return job._replace(
            pending_writes=_mark(job.pending_writes, action.effect_id, action.attempt, False),
            counters=_bump(job.counters, retried=1),
        )
    if isinstance(action, SnapshotSkipped):
        skipped = dict(job.counters.skipped)
        skipped[action.reason] = skipped.get(action.reason, 0) + 1
        return job._replace(
            counters=job.counters._replace(skipped=skipped),
            last_skip=LastSkip(reason=action.reason, at=action.at),
        )
    if isinstance(action, SwipesPersisted):
        return job._replace(
            persisted_sequence=max(job.persisted_sequence, action.sequence),
            failing=bool(job.pending) and job.failing,
            last_error=job.last_error if job.pending else None,
        )
    if isinstance(action, PipelineFailed):
        return job._replace(
            pipeline_errors=job.pipeline_errors + 1,
            last_pipeline_error=f"{action.stage}: {action.error}",
        )
    if isinstance(action, BatchCoalesced):
        return job._replace(counters=_bump(job.counters, batches=1, swipes_coalesced=action.size))
    return job


def reduce_settings(
    state: AppState, action: SettingsChanged | SettingsSaved | SettingsNotSaved
) -> AppState:
    """The settings in force after a change, and whether the last change is saved."""
    if isinstance(action, SettingsChanged):
        return state._replace(
            settings=Settings(
                swipe_interval=action.swipe_interval,
                quiet_period_seconds=action.quiet_period_seconds,
                max_wait_seconds=action.max_wait_seconds,
            ),
            settings_revision=state.settings_revision + 1,
        )
    if isinstance(action, SettingsSaved):
        return state._replace(settings_not_saved=None)
    return state._replace(settings_not_saved=action.error)


def create_reducer(item_tags: Mapping[str, tuple[str, ...]]) -> Reducer:
    """Build the root reducer for a catalog given as ``{item_id: tags}``."""

    def reducer(state: AppState, action: Any) -> AppState:
        # Swipes are the hot path: test for them first, with an exact type check.
        if type(action) is Swiped:
            profile = reduce_swipe(state.profile, action, item_tags[action.item_id])
            day = local_date(action.at, ZoneInfo(state.timezone))
            snapshots = state.snapshots
            open_days = open_day(state.open_days, snapshots.claimed_periods, day, profile)
            return _swiped(state, profile=profile, open_days=open_days)
        if type(action) is Unswiped:
            profile = reduce_unswipe(state.profile, action, item_tags.get(action.item_id, ()))
            day = local_date(action.at, ZoneInfo(state.timezone))
            claimed = state.snapshots.claimed_periods
            return _swiped(
                state, profile=profile, open_days=open_day(state.open_days, claimed, day, profile)
            )
        if isinstance(action, AppStarted):
            return state._replace(timezone=action.timezone, started_at=action.at)
        if isinstance(action, TimezoneChanged):
            return state._replace(timezone=action.timezone)
        if isinstance(action, SnapshotScheduled):
            return claim_window(state, action)
        if isinstance(action, SettingsChanged | SettingsSaved | SettingsNotSaved):
            return reduce_settings(state, action)
        if isinstance(action, SwipesPersisted) and action.sequence > state.profile.sequence:
            raise InvalidActionError(
                f"Invalid action: SwipesPersisted says swipes up to {action.sequence} are "
                f"stored, but the log holds {state.profile.sequence}; the writer reports only "
                "swipes the store has reduced, so this report is refused.",
                field="sequence",
                received=action.sequence,
            )
        snapshots = reduce_snapshot_job(state.snapshots, action)
        if snapshots is state.snapshots:
            return state
        return state._replace(snapshots=snapshots)

    return reducer
