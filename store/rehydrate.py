"""Rebuild the store's state at start-up from the database, without replaying all history.

The profile comes from the latest readable snapshot (its per-tag counts, and its meta for
the sequence number and the last swipe's time) plus the swipes stored after it, replayed
through the real reducer. So start-up costs one snapshot and at most a snapshot interval of
swipes, however long the history, and yields exactly the state the app had when it stopped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime
from typing import NamedTuple

from middleware.persistence.repository import SnapshotRepository
from store.actions import Swiped
from store.catalog import Catalog
from store.reducer import Reducer, create_reducer
from store.snapshot_rows import SnapshotRow, SwipeRecord
from store.state import AppState, LastSnapshot, ProfileState, SnapshotJobState, TagStats

log = logging.getLogger("tastetrail.repository")


def _profile_from(row: SnapshotRow | None, repository: SnapshotRepository) -> ProfileState:
    """The profile exactly as it was when ``row`` was taken (empty without a row)."""
    if row is None:
        return ProfileState()
    tags = {
        tag.tag: TagStats(likes=tag.likes, nopes=tag.nopes, superlikes=tag.superlikes)
        for tag in row.payload.tags
    }
    sequence = row.profile_version
    if row.meta is not None:
        last_swipe_at = row.meta.last_swipe_at
    else:  # a row without meta: the swipe log knows when its last swipe happened
        last = next(repository.swipes_after(sequence - 1, up_to=sequence), None)
        last_swipe_at = last.at if last is not None else None
    return ProfileState(tags=tags, sequence=sequence, last_swipe_at=last_swipe_at)


def _replay(state: AppState, swipes: Iterable[SwipeRecord], reducer: Reducer) -> AppState:
    """Apply stored swipes with the reducer; they were validated when first dispatched."""
    for record in swipes:
        expected = state.profile.sequence + 1
        if record.sequence != expected:
            log.warning(
                "swipe log jumps from %d to %d; replaying from there",
                expected - 1,
                record.sequence,
                extra={"event": "swipe_log_gap", "expected": expected, "got": record.sequence},
            )
        swipe = Swiped.model_construct(
            item_id=record.item_id, direction=record.direction, at=record.at
        )
        try:
            state = reducer(state, swipe)
        except KeyError:  # a card no longer in the catalog: count it, with no tags
            log.warning("replayed a swipe on unknown card %r", record.item_id)
            profile = state.profile._replace(sequence=expected, last_swipe_at=record.at)
            state = state._replace(profile=profile)
        if state.profile.sequence != record.sequence:
            state = state._replace(profile=state.profile._replace(sequence=record.sequence))
    return state


def rehydrate(
    repository: SnapshotRepository,
    catalog: Catalog,
    *,
    timezone: str,
    started_at: datetime | None = None,
) -> AppState:
    """The state as of the last stored swipe: latest snapshot plus the swipes after it."""
    latest = repository.latest_snapshot()
    profile = _profile_from(latest, repository)
    state = AppState(profile=profile, timezone=timezone, started_at=started_at)
    state = _replay(
        state, repository.swipes_after(profile.sequence), create_reducer(catalog.item_tags)
    )
    last = repository.last_created_snapshot()
    snapshots = SnapshotJobState(
        last_threshold_window=repository.last_threshold_window(),
        last_rollover_date=repository.last_rollover_date(),
        last_manual_version=repository.last_manual_version(),
        last_snapshot=(
            None
            if last is None
            else LastSnapshot(last.trigger_type, last.window_key, last.created_at)
        ),
        persisted_sequence=state.profile.sequence,
    )
    log.info(
        "rehydrated %d swipes from snapshot version %d plus %d replayed",
        state.profile.sequence,
        profile.sequence,
        state.profile.sequence - profile.sequence,
        extra={"event": "rehydrated", "swipes": state.profile.sequence},
    )
    return state._replace(snapshots=snapshots)


class RolloverCatchUp(NamedTuple):
    """What start-up found about day rollovers."""

    days: list[tuple[date, AppState]]
    """Each ended day with swipes but no DAY_ROLLOVER row, oldest first, with its end state."""
    checked_through: int
    """Every stored swipe up to this sequence is on a day that has a DAY_ROLLOVER row."""
    previously_checked_through: int
    """What the database recorded before this check; the check read only the swipes after."""

    @property
    def advanced(self) -> bool:
        """Whether this check verified more of the swipe log than was recorded."""
        return self.checked_through > self.previously_checked_through


def missing_rollovers(
    repository: SnapshotRepository, catalog: Catalog, *, today: date, timezone: str
) -> RolloverCatchUp:
    """Each ended day (before ``today``) with swipes but no DAY_ROLLOVER row, oldest first,
    with the state after the last swipe dated that day; and how far the log is now checked.

    Only the swipes after the recorded check are read (see `record_rollovers_checked`), so
    start-up does not probe every day of a long history. Every day is still looked at once:
    rollovers are not always written in date order (a zone change, a failed catch-up write
    followed by later rows), so a gap before the last rollover is found like any other, and
    the check only moves past a day once that day has its row.

    Each day's state is rebuilt from the nearest snapshot at or before that swipe, or from
    the previous missing day's state when that is nearer; this only runs after a crash or a
    session that ended before midnight, so a short replay is fine.
    """
    checked = repository.rollovers_checked_through()
    swipe_days = repository.swipe_days_after(checked)
    recorded = repository.rollover_dates(since=swipe_days[0].day) if swipe_days else set()
    unrecorded = [swipe_day for swipe_day in swipe_days if swipe_day.day not in recorded]
    if unrecorded:  # the check stops before the first swipe whose day has no row yet
        checked_through = min(swipe_day.first_sequence for swipe_day in unrecorded) - 1
    elif swipe_days:
        checked_through = max(swipe_day.last_sequence for swipe_day in swipe_days)
    else:
        checked_through = checked
    reducer = create_reducer(catalog.item_tags)
    previous: AppState | None = None
    missing: list[tuple[date, AppState]] = []
    for day, _first, last_sequence in unrecorded:
        if day >= today:
            continue
        if previous is not None and previous.profile.sequence > last_sequence:
            previous = None  # days interleave (the zone changed): start afresh
        row = repository.latest_snapshot(max_profile_version=last_sequence)
        from_row = row.profile_version if row is not None else 0
        if previous is not None and previous.profile.sequence >= from_row:
            state = previous
        else:
            state = AppState(profile=_profile_from(row, repository), timezone=timezone)
        state = _replay(
            state, repository.swipes_after(state.profile.sequence, up_to=last_sequence), reducer
        )
        missing.append((day, state))
        previous = state
    return RolloverCatchUp(missing, checked_through, checked)
