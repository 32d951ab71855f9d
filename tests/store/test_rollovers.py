"""`ended_days`, the one rule for a day rollover, over the days the reducer keeps open.

Random sequences of swipes, zone changes, clock jumps back and forth (years ahead
included) and checks run through the real reducer; a plain model, written out here, says
which local dates have swipes and when each was claimed. At every step the rule must agree
with the model: each date with swipes is open or rolled over (never both, never neither),
an open date keeps the profile right after its last swipe, a claimed date never comes back,
and the dates that ended are exactly the open ones before today, whatever lies ahead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import (
    AppStarted,
    AppState,
    Catalog,
    Direction,
    SnapshotScheduled,
    Swiped,
    TimezoneChanged,
    TriggerType,
    build_new_snapshot,
    create_reducer,
    load_catalog,
)
from store.local_day import local_date
from store.rollovers import ended_days, ended_periods
from store.state import ProfileState
from store.triggers import PERIODS, PeriodTrigger

ZONES = ("UTC", "Europe/Berlin", "Asia/Tokyo", "Pacific/Kiritimati", "America/St_Johns")
START = datetime(2026, 3, 27, 21, 0, tzinfo=UTC)  # Berlin moves its clocks on the 29th
CATALOG = load_catalog()


def test_no_open_day_means_nothing_ended() -> None:
    assert ended_days({}, frozenset(), date(2026, 1, 20)) == []


def test_ended_days_are_the_open_ones_before_today_oldest_first() -> None:
    profile = ProfileState()
    open_days = {date(2026, 1, d): profile for d in (21, 19, 20, 22)}
    assert ended_days(open_days, frozenset(), date(2026, 1, 21)) == [
        date(2026, 1, 19),
        date(2026, 1, 20),
    ]


def test_a_day_that_is_rolled_over_has_not_ended_again() -> None:
    open_days = {date(2026, 1, 19): ProfileState()}
    assert ended_days(open_days, frozenset({date(2026, 1, 19)}), date(2026, 1, 21)) == []


def test_a_rollover_dated_years_ahead_of_the_clock_holds_back_no_day() -> None:
    open_days = {date(2026, 1, 21): ProfileState(), date(2031, 1, 20): ProfileState()}
    rolled_over = frozenset({date(2031, 1, 19)})
    assert ended_days(open_days, rolled_over, date(2026, 1, 22)) == [date(2026, 1, 21)]


@dataclass
class Model:
    """What the rule must reproduce, computed without it."""

    zone: str
    now: datetime
    swiped: dict[date, int] = field(default_factory=dict)
    """Each local date with swipes: the last swipe while the date was still open."""
    claimed: dict[TriggerType, set[date]] = field(
        default_factory=lambda: {trigger.type: set() for trigger in PERIODS}
    )
    """Each period trigger's claimed periods, by their first date."""

    def today(self) -> date:
        return local_date(self.now, ZoneInfo(self.zone))

    def closed(self, day: date) -> bool:
        return all(t.period_of(day) in self.claimed[t.type] for t in PERIODS)

    def ended(self, trigger: PeriodTrigger) -> list[tuple[date, date]]:
        last: dict[date, date] = {}
        for day, sequence in self.swiped.items():
            start = trigger.period_of(day)
            if self.closed(day) or start in self.claimed[trigger.type]:
                continue
            ended = start < trigger.period_of(self.today())
            if ended and (start not in last or self.swiped[last[start]] < sequence):
                last[start] = day
        return sorted(last.items())


@dataclass(frozen=True)
class Step:
    kind: str
    seconds: float = 0.0
    zone: str = "UTC"


steps = st.one_of(
    st.builds(Step, kind=st.just("swipe"), seconds=st.sampled_from([1.0, 600.0, 7_200.0])),
    st.builds(Step, kind=st.just("zone"), zone=st.sampled_from(ZONES)),
    # Back an hour or a day, forward a night, three days or five years (and back again).
    st.builds(
        Step,
        kind=st.just("jump"),
        seconds=st.sampled_from([-3_600.0, -86_400.0, 28_800.0, 259_200.0, 1.578e8, -1.578e8]),
    ),
    st.builds(Step, kind=st.just("check")),
)


def claim(
    reducer: Any, state: AppState, trigger: PeriodTrigger, start: date, day: date, now: datetime
) -> AppState:
    """What the snapshot job does for an ended period: claim its window, with the profile
    of its last open ``day``."""
    snapshot = build_new_snapshot(
        state._replace(profile=state.open_days[day]),
        trigger_type=trigger.type,
        window_key=trigger.format_key(start),
        snapshot_date_local=day,
        reason="ended",
        created_at=now,
    )
    scheduled = SnapshotScheduled(snapshot=snapshot, reason="ended", at=now)
    return reducer(state, scheduled)  # type: ignore[no-any-return]


@settings(max_examples=300, deadline=None)
@given(
    plan=st.lists(steps, min_size=1, max_size=40),
    zone=st.sampled_from(ZONES),
    start_hour=st.integers(0, 23),
)
def test_the_rule_agrees_with_the_swipe_log_at_every_step(
    plan: list[Step], zone: str, start_hour: int
) -> None:
    catalog = CATALOG
    reducer = create_reducer(catalog.item_tags)
    model = Model(zone=zone, now=START.replace(hour=start_hour))
    state = reducer(AppState(), AppStarted(at=model.now, timezone=zone))
    profiles: dict[int, ProfileState] = {}
    cards = [card.id for card in catalog.cards]
    for step in plan:
        if step.kind == "swipe":
            model.now += timedelta(seconds=step.seconds)
            swipe = Swiped(
                item_id=cards[len(profiles) % len(cards)], direction=Direction.UP, at=model.now
            )
            state = reducer(state, swipe)
            profiles[state.profile.sequence] = state.profile
            day = model.today()
            if not model.closed(day):
                model.swiped[day] = state.profile.sequence
        elif step.kind == "zone":
            model.zone = step.zone
            state = reducer(state, TimezoneChanged(at=model.now, timezone=step.zone))
        elif step.kind == "jump":
            model.now += timedelta(seconds=step.seconds)
        else:
            for trigger in PERIODS:
                claimed = state.snapshots.claimed_periods[trigger.type]
                for start, day in ended_periods(trigger, state.open_days, claimed, model.today()):
                    state = claim(reducer, state, trigger, start, day, model.now)
                    model.claimed[trigger.type].add(start)

        job = state.snapshots
        for trigger in PERIODS:
            claimed = job.claimed_periods[trigger.type]
            ended = ended_periods(trigger, state.open_days, claimed, model.today())
            assert ended == model.ended(trigger)
            assert claimed == model.claimed[trigger.type]
        assert set(state.open_days) == {d for d in model.swiped if not model.closed(d)}
        for day, day_end in state.open_days.items():
            assert day_end is profiles[model.swiped[day]], f"{day} lost its last swipe"


@pytest.mark.parametrize("zone", ZONES)
def test_a_swipe_is_dated_in_the_zone_in_force_when_it_happens(catalog: Catalog, zone: str) -> None:
    reducer = create_reducer(catalog.item_tags)
    at = datetime(2026, 1, 20, 12, 0, tzinfo=UTC)
    state = reducer(AppState(), AppStarted(at=at, timezone="UTC"))
    state = reducer(state, TimezoneChanged(at=at, timezone=zone))
    state = reducer(state, Swiped(item_id=catalog.cards[0].id, direction=Direction.LEFT, at=at))
    assert list(state.open_days) == [local_date(at, ZoneInfo(zone))]
