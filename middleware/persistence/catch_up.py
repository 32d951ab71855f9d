"""The start-up catch-up: ended local days with swipes but no DAY_ROLLOVER row.

A day the app was not running for at midnight (or one a zone change skipped) gets its
rollover row at the next start, as of the end of that day: each such day is found from the
swipe log and the recorded rollovers, and its end state is rebuilt from the nearest
snapshot plus the swipes up to that day's last one.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from middleware.persistence.rehydrate import profile_from, replay
from middleware.persistence.repository import SnapshotRepository
from store.catalog import Catalog
from store.reducer import create_reducer
from store.state import AppState


class RolloverCatchUp(NamedTuple):
    """What start-up found about day rollovers."""

    days: list[tuple[date, AppState]]
    """Each ended day with swipes but no DAY_ROLLOVER row, oldest first, with its end state."""
    checked_through: int
    """Every stored swipe up to this sequence is on a day that has a DAY_ROLLOVER row."""
    previously_checked_through: int
    """What the database recorded before this check; the check read only the swipes after."""
    replaces_a_record_beyond_the_log: bool = False
    """The database recorded a check past the log's last swipe, which was ignored."""

    @property
    def advanced(self) -> bool:
        """Whether the record should be written: this check verified more of the swipe log
        than was recorded, or the record pointed past the log and must be replaced."""
        return (
            self.checked_through > self.previously_checked_through
            or self.replaces_a_record_beyond_the_log
        )


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
            state = AppState(profile=profile_from(row, repository), timezone=timezone)
        state = replay(
            state,
            repository.swipes_after(state.profile.sequence, up_to=last_sequence),
            reducer,
            damaged=repository.damaged_swipes,
        )
        missing.append((day, state))
        previous = state
    return RolloverCatchUp(
        missing,
        checked_through,
        checked,
        replaces_a_record_beyond_the_log=repository.ignored_rollover_check is not None,
    )
