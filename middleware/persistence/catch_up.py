"""The local days start-up finds open: swipes on them, and no DAY_ROLLOVER row yet.

Start-up does not decide which days ended; it only rebuilds the two facts the one rule
(`store.rollovers.ended_days`) reads, exactly as the live job keeps them:

- ``rolled_over``: every local date with a DAY_ROLLOVER row (one indexed read of the
  rollover rows' keys: one short key per active day of the history);
- ``open_days``: each local date of the swipes stored after the recorded check that has no
  row, with the profile right after its last swipe. Dates are the ones stored with each
  swipe (the zone in force when it happened), never recomputed in today's zone.

The first check after start-up then asks the rule, which rolls over the dates that have
ended (the days the app was closed for) and leaves today's open for its midnight; so a
restart writes exactly what the live job would have written, and nothing it wrote already.

Only the swipes after the recorded check (see `record_rollovers_checked`) are read, and the
check only moves past a day once that day has its row: rollovers are not always written in
date order (a zone change, a failed write followed by later rows), so a gap before the last
rollover is found like any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from middleware.persistence.replay import profile_from, replay
from middleware.persistence.repository import SnapshotRepository
from store.catalog import Catalog
from store.state import ProfileState


class StartupDays(NamedTuple):
    """What start-up found about day rollovers."""

    open_days: Mapping[date, ProfileState]
    """Each date with stored swipes and no rollover row, with the profile after its last."""
    rolled_over: frozenset[date]
    """Each date with a DAY_ROLLOVER row."""
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


def read_open_days(repository: SnapshotRepository, catalog: Catalog) -> StartupDays:
    """The open local days and the rolled-over dates, as the file records them.

    Each open day's profile is rebuilt from the nearest snapshot at or before its last swipe,
    or from the previous open day's profile when that is nearer; days are few (those since
    the last start), so each costs one snapshot read and at most an interval of swipes.
    """
    checked = repository.rollovers_checked_through()
    swipe_days = repository.swipe_days_after(checked)
    rolled_over = frozenset(repository.rollover_dates())
    unrecorded = [swipe_day for swipe_day in swipe_days if swipe_day.day not in rolled_over]
    if unrecorded:  # the check stops before the first swipe whose day has no row yet
        checked_through = min(swipe_day.first_sequence for swipe_day in unrecorded) - 1
    elif swipe_days:
        checked_through = max(swipe_day.last_sequence for swipe_day in swipe_days)
    else:
        checked_through = checked
    open_days: dict[date, ProfileState] = {}
    previous: ProfileState | None = None
    for day, _first, last_sequence in unrecorded:
        if previous is not None and previous.sequence > last_sequence:
            previous = None  # days interleave (the zone changed): start afresh
        row = repository.latest_snapshot(max_profile_version=last_sequence)
        from_row = row.profile_version if row is not None else 0
        if previous is None or previous.sequence < from_row:
            previous = profile_from(row, repository)
        previous = replay(
            previous,
            repository.swipes_after(previous.sequence, up_to=last_sequence),
            catalog.item_tags,
            damaged=repository.damaged_swipes,
        )
        open_days[day] = previous
    return StartupDays(
        open_days,
        rolled_over,
        checked_through,
        checked,
        replaces_a_record_beyond_the_log=repository.ignored_rollover_check is not None,
    )
