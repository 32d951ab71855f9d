"""The root reducer: a pure function ``(state, action) -> new state``.

It never reads the clock (times arrive in actions), never does I/O, and updates a swipe's
aggregates in O(tags of the card): it never looks at swipe history.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from store.actions import (
    AppStarted,
    BatchCoalesced,
    Direction,
    SnapshotFailed,
    SnapshotRecorded,
    SnapshotRetried,
    SnapshotScheduled,
    SnapshotSkipped,
    Swiped,
    SwipesPersisted,
    TimezoneChanged,
    TriggerType,
)
from store.state import (
    AppState,
    LastSkip,
    LastSnapshot,
    ProfileState,
    SnapshotCounters,
    SnapshotJobState,
    TagStats,
)
from store.windows import threshold_of

_NO_STATS = TagStats()

Reducer = Callable[[AppState, Any], AppState]


# ``tuple.__new__`` skips the Python-level ``__new__`` a NamedTuple generates; on the swipe
# hot path that halves the cost of each new tuple. Field order is the class's field order.
_new = tuple.__new__


def reduce_swipe(profile: ProfileState, swipe: Swiped, card_tags: tuple[str, ...]) -> ProfileState:
    """Count ``swipe`` against each tag of its card; O(len(card_tags)), no history scan."""
    tags = {**profile.tags}  # a fresh dict: the old state's dict is never mutated
    get = tags.get
    direction = swipe.direction
    if direction is Direction.RIGHT:
        for tag in card_tags:
            likes, nopes, superlikes = get(tag, _NO_STATS)
            tags[tag] = _new(TagStats, (likes + 1, nopes, superlikes))
    elif direction is Direction.LEFT:
        for tag in card_tags:
            likes, nopes, superlikes = get(tag, _NO_STATS)
            tags[tag] = _new(TagStats, (likes, nopes + 1, superlikes))
    else:
        for tag in card_tags:
            likes, nopes, superlikes = get(tag, _NO_STATS)
            tags[tag] = _new(TagStats, (likes, nopes, superlikes + 1))
    return _new(ProfileState, (tags, profile.sequence + 1, swipe.at))


def _bump(counters: SnapshotCounters, **changes: int) -> SnapshotCounters:
    return counters._replace(**{name: getattr(counters, name) + by for name, by in changes.items()})


def reduce_snapshot_job(job: SnapshotJobState, action: object) -> SnapshotJobState:
    """Track claimed windows, pending writes and counters from the job's outcome actions."""
    if isinstance(action, SnapshotScheduled):
        changes: dict[str, Any] = {"pending": job.pending | {action.window_key}}
        if action.trigger_type is TriggerType.SWIPE_THRESHOLD:
            changes["last_threshold_window"] = max(
                job.last_threshold_window, threshold_of(action.window_key)
            )
        elif action.trigger_type is TriggerType.DAY_ROLLOVER:
            last = job.last_rollover_date
            day = action.snapshot_date_local
            changes["last_rollover_date"] = day if last is None or day > last else last
        else:
            changes["last_manual_version"] = max(job.last_manual_version, action.profile_version)
        return job._replace(**changes)
    if isinstance(action, SnapshotRecorded):
        counters = (
            _bump(job.counters, created=1) if action.created else _bump(job.counters, duplicates=1)
        )
        return job._replace(
            pending=job.pending - {action.window_key},
            failing=False,
            last_error=None,
            counters=counters,
            last_snapshot=(
                LastSnapshot(action.trigger_type, action.window_key, action.created_at)
                if action.created
                else job.last_snapshot
            ),
        )
    if isinstance(action, SnapshotFailed):
        return job._replace(
            failing=True, last_error=action.error, counters=_bump(job.counters, failed=1)
        )
    if isinstance(action, SnapshotRetried):
        return job._replace(counters=_bump(job.counters, retried=1))
    if isinstance(action, SnapshotSkipped):
        skipped = dict(job.counters.skipped)
        skipped[action.reason] = skipped.get(action.reason, 0) + 1
        return job._replace(
            counters=job.counters._replace(skipped=skipped),
            last_skip=LastSkip(action.reason, action.at),
        )
    if isinstance(action, SwipesPersisted):
        return job._replace(
            persisted_sequence=max(job.persisted_sequence, action.sequence),
            failing=bool(job.pending) and job.failing,
            last_error=job.last_error if job.pending else None,
        )
    if isinstance(action, BatchCoalesced):
        return job._replace(counters=_bump(job.counters, batches=1, swipes_coalesced=action.size))
    return job


def create_reducer(item_tags: Mapping[str, tuple[str, ...]]) -> Reducer:
    """Build the root reducer for a catalog given as ``{item_id: tags}``."""

    def reducer(state: AppState, action: Any) -> AppState:
        # Swipes are the hot path: test for them first, with an exact type check.
        if type(action) is Swiped:
            profile = reduce_swipe(state.profile, action, item_tags[action.item_id])
            return _new(AppState, (profile, state.snapshots, state.timezone, state.started_at))
        if isinstance(action, AppStarted):
            return state._replace(timezone=action.timezone, started_at=action.at)
        if isinstance(action, TimezoneChanged):
            return state._replace(timezone=action.timezone)
        snapshots = reduce_snapshot_job(state.snapshots, action)
        if snapshots is state.snapshots:
            return state
        return state._replace(snapshots=snapshots)

    return reducer
