"""A long swipe history in a real database, built fast, for figures 4 and 5.

The history is what years of use leave behind: a heavy user's 1,500 swipes a day, every
swipe in the ``swipes`` table, a SWIPE_THRESHOLD row at every multiple of the interval and
a DAY_ROLLOVER row for every day that ended, each row built by `build_new_snapshot` from
the exact state at that point (the state comes from the real reducer), and the record of
how far the start-up check for missing rollovers got, as a start on the last day leaves
it. Swipes go in with the repository's `append_swipes`, many thousands per transaction;
the snapshot rows follow with `insert_snapshot`, so a row never covers a swipe that is
not stored, as in the app.
Cards and directions are drawn from a seeded generator; time zone UTC.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from benchmarks.swipes import SWIPES_PER_DAY
from middleware.persistence.repository import SnapshotRepository
from middleware.policy import SNAPSHOT_SWIPE_INTERVAL
from store.actions import Direction, Swiped, TriggerType
from store.catalog import Catalog
from store.reducer import create_reducer
from store.snapshot_of_state import build_new_snapshot
from store.snapshot_rows import NewSnapshot, SwipeRecord
from store.state import AppState
from store.windows import rollover_window_key, threshold_window_key

TIMEZONE = "UTC"
FIRST_DAY = date(2023, 1, 2)
DAY_STARTS = time(8, 0)
SECONDS_APART = 20.0
"""1,500 swipes 20 s apart from 08:00: every day's swipes end by 16:20, on the same date."""
APPEND_CHUNK = 20_000


@dataclass(frozen=True, slots=True)
class History:
    """A built database and the state after its last swipe."""

    path: Path
    swipes: int
    state: AppState
    last_swipe_at: datetime


def _instant(day: date, index_in_day: int) -> datetime:
    start = datetime.combine(day, DAY_STARTS, tzinfo=UTC)
    return start + timedelta(seconds=SECONDS_APART * index_in_day)


def _direction(rng: random.Random) -> Direction:
    roll = rng.random()
    if roll < 0.05:
        return Direction.UP
    return Direction.RIGHT if roll < 0.55 else Direction.LEFT


def days_of(swipes: int) -> int:
    """How many local days a history of ``swipes`` swipes spans."""
    return (swipes - 1) // SWIPES_PER_DAY + 1


def build_history(
    path: Path,
    catalog: Catalog,
    swipes: int,
    *,
    seed: int = 1,
    first_day: date = FIRST_DAY,
    last_day_ended: bool = False,
) -> History:
    """Write ``swipes`` swipes and their snapshot rows into a new database at ``path``.

    The swipes start on ``first_day``. With ``last_day_ended`` the last day has ended too:
    its rollover row is written and the start-up check recorded through the last swipe, as
    an app that was open at midnight leaves them (the next start has nothing to catch up).
    """
    if swipes < 1:
        raise ValueError(f"a history needs at least one swipe, received {swipes}")
    reducer = create_reducer(catalog.item_tags)
    rng = random.Random(seed)
    cards = [card.id for card in catalog.cards]
    interval = SNAPSHOT_SWIPE_INTERVAL
    state = AppState(timezone=TIMEZONE)
    pending_swipes: list[SwipeRecord] = []
    pending_rows: list[NewSnapshot] = []
    at = _instant(FIRST_DAY, 0)
    with SnapshotRepository.open(path) as repository:

        def flush() -> None:
            repository.append_swipes(pending_swipes)
            for row in pending_rows:
                repository.insert_snapshot(row)
            pending_swipes.clear()
            pending_rows.clear()

        for sequence in range(1, swipes + 1):
            day_index, index_in_day = divmod(sequence - 1, SWIPES_PER_DAY)
            day = first_day + timedelta(days=day_index)
            if index_in_day == 0 and sequence > 1:
                ended = day - timedelta(days=1)
                pending_rows.append(
                    build_new_snapshot(
                        state,
                        trigger_type=TriggerType.DAY_ROLLOVER,
                        window_key=rollover_window_key(ended),
                        snapshot_date_local=ended,
                        reason=f"local day {ended} ended with activity (UTC)",
                        created_at=datetime.combine(day, time(0, 0), tzinfo=UTC),
                    )
                )
            at = _instant(day, index_in_day)
            item_id = cards[rng.randrange(len(cards))]
            direction = _direction(rng)
            state = reducer(
                state, Swiped.model_construct(item_id=item_id, direction=direction, at=at)
            )
            pending_swipes.append(SwipeRecord(sequence, item_id, direction, at, day))
            if sequence % interval == 0:
                pending_rows.append(
                    build_new_snapshot(
                        state,
                        trigger_type=TriggerType.SWIPE_THRESHOLD,
                        window_key=threshold_window_key(sequence),
                        snapshot_date_local=day,
                        reason=f"swipe {sequence} reached {sequence}",
                        created_at=at,
                    )
                )
            if len(pending_swipes) >= APPEND_CHUNK:
                flush()
        if last_day_ended:
            day = first_day + timedelta(days=days_of(swipes) - 1)
            pending_rows.append(
                build_new_snapshot(
                    state,
                    trigger_type=TriggerType.DAY_ROLLOVER,
                    window_key=rollover_window_key(day),
                    snapshot_date_local=day,
                    reason=f"local day {day} ended with activity (UTC)",
                    created_at=datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=UTC),
                )
            )
        flush()
        if last_day_ended:
            repository.record_rollovers_checked(swipes)
            return History(path=path, swipes=swipes, state=state, last_swipe_at=at)
        # The app records at each start how far every swipe's day has its rollover row; a
        # history used daily has that record up to the end of the last day that ended.
        last_day_started = (swipes - 1) // SWIPES_PER_DAY * SWIPES_PER_DAY
        repository.record_rollovers_checked(last_day_started)
    return History(path=path, swipes=swipes, state=state, last_swipe_at=at)
