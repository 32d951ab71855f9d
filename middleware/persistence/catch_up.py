"""The local days start-up finds open: swipes on them, and a period with no row yet.

Start-up does not decide which periods ended; it only rebuilds the two facts the one rule
(`store.rollovers.ended_periods`) reads, exactly as the live job keeps them:

- ``claimed``: for each period trigger of the registry, the first date of every period with
  a row (one indexed read of that trigger's keys: one short key per active period);
- ``open_days``: each local date of the swipes stored after the recorded check whose
  periods do not all have their row, with the profile right after its last swipe. Dates
  are the ones stored with each swipe (the zone in force when it happened), never
  recomputed in today's zone.

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
from store.kinds import TriggerType
from store.rollovers import is_closed
from store.state import ProfileState
from store.triggers import PERIODS


class StartupDays(NamedTuple):
    """What start-up found about day rollovers."""

    open_days: Mapping[date, ProfileState]
    """Each date with stored swipes and a period without its row, with the profile after
    its last swipe."""
    claimed: Mapping[TriggerType, frozenset[date]]
    """For each period trigger, the first date of each period with a row."""
    checked_through: int
    """Every stored swipe up to this sequence is on a day whose periods all have a row."""
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
    """The open local days and the claimed periods, as the file records them.

    Each open day's profile is rebuilt from the nearest snapshot at or before its last swipe,
    or from the previous open day's profile when that is nearer; days are few (those since
    the last start), so each costs one snapshot read and at most an interval of swipes.
    """
    checked = repository.rollovers_checked_through()
    swipe_days = repository.swipe_days_after(checked)
    claimed = {trigger.type: frozenset(repository.claimed_periods(trigger)) for trigger in PERIODS}
    unrecorded = [swipe_day for swipe_day in swipe_days if not is_closed(claimed, swipe_day.day)]
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
        claimed,
        checked_through,
        checked,
        replaces_a_record_beyond_the_log=repository.ignored_rollover_check is not None,
    )
