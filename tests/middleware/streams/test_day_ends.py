"""`day_ends` on virtual time: midnights, clock jumps, zone changes, re-arming, disposal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from reactivex.subject import Subject

from app.simulation.virtual_scheduler import VirtualScheduler
from middleware.clock import SchedulerClock, ShiftedClock
from middleware.streams.day_ends import day_ends

PERIOD = 60.0
START = datetime(2026, 3, 28, 21, 0, tzinfo=UTC)  # 22:00 in Berlin; clocks move on the 29th


class Watch:
    """A `day_ends` stream subscribed on virtual time, recording what it said and when."""

    def __init__(self, zone: str = "Europe/Berlin") -> None:
        self.scheduler = VirtualScheduler(START)
        self.base = SchedulerClock(self.scheduler, ZoneInfo(zone))
        self.clock = ShiftedClock(self.base)
        self.changes: Subject[Any] = Subject()
        self.said: list[tuple[datetime, str]] = []
        self.errors: list[Exception] = []
        self.subscription = day_ends(
            self.clock, scheduler=self.scheduler, period_seconds=PERIOD, changes=self.changes
        ).subscribe(lambda why: self.said.append((self.clock.now(), why)), self.errors.append)

    def advance_to(self, instant: datetime) -> None:
        self.scheduler.advance_to(instant.timestamp())


def test_it_fires_at_each_local_midnight_and_only_then() -> None:
    watch = Watch()
    watch.advance_to(datetime(2026, 3, 30, 12, 0, tzinfo=UTC))
    # Berlin's midnights: 23:00 UTC before the change to summer time, 22:00 UTC after it.
    assert watch.said == [
        (datetime(2026, 3, 28, 23, 0, tzinfo=UTC), "midnight"),
        (datetime(2026, 3, 29, 22, 0, tzinfo=UTC), "midnight"),
    ]


def test_a_jump_across_midnight_is_seen_within_one_period() -> None:
    watch = Watch()
    watch.clock.jump_to(datetime(2026, 3, 29, 8, 0, tzinfo=UTC))
    watch.scheduler.advance_by(PERIOD)
    assert [why for _at, why in watch.said] == ["clock"]
    assert watch.said[0][0] - datetime(2026, 3, 29, 8, 0, tzinfo=UTC) <= timedelta(seconds=PERIOD)


def test_after_a_jump_the_midnight_timer_is_armed_from_the_clock() -> None:
    watch = Watch()
    watch.clock.jump_to(datetime(2026, 3, 29, 8, 0, tzinfo=UTC))
    watch.scheduler.advance_by(PERIOD)
    watch.said.clear()
    watch.scheduler.advance_by(86_400)
    assert watch.said == [(datetime(2026, 3, 29, 22, 0, tzinfo=UTC), "midnight")]


def test_a_zone_change_that_changes_the_date_is_seen_within_one_period() -> None:
    watch = Watch()
    watch.base.set_zone(ZoneInfo("Asia/Tokyo"))  # already 06:00 on the 29th there
    watch.scheduler.advance_by(PERIOD)
    assert [why for _at, why in watch.said] == ["clock"]


def test_a_jump_within_the_day_says_nothing() -> None:
    watch = Watch()
    watch.clock.jump_to(datetime(2026, 3, 28, 22, 30, tzinfo=UTC))
    watch.scheduler.advance_by(5 * PERIOD)
    assert watch.said == []


def test_a_change_rearms_the_midnight_timer_at_once() -> None:
    watch = Watch()
    watch.clock.jump_to(datetime(2026, 3, 28, 22, 59, 50, tzinfo=UTC))  # 23:59:50 in Berlin
    watch.changes.on_next("moved")
    assert watch.said == []
    watch.scheduler.advance_by(10)
    assert watch.said == [(datetime(2026, 3, 28, 23, 0, tzinfo=UTC), "midnight")]


def test_a_change_that_moved_the_date_says_so_at_once() -> None:
    watch = Watch()
    watch.base.set_zone(ZoneInfo("Pacific/Kiritimati"))
    watch.changes.on_next("zone changed")
    assert watch.said == [(START, "clock")]
    watch.changes.on_next("zone changed")  # nothing moved since: no second boundary
    assert len(watch.said) == 1


def test_disposing_it_stops_every_timer() -> None:
    watch = Watch()
    watch.subscription.dispose()
    watch.clock.jump_to(datetime(2026, 3, 29, 8, 0, tzinfo=UTC))
    watch.advance_to(datetime(2026, 4, 2, 0, 0, tzinfo=UTC))
    watch.changes.on_next("moved")
    assert watch.said == []


def test_an_error_of_the_changes_is_passed_on() -> None:
    watch = Watch()
    boom = RuntimeError("boom")
    watch.changes.on_error(boom)
    assert watch.errors == [boom]


def test_a_period_that_is_not_positive_is_refused() -> None:
    clock = SchedulerClock(VirtualScheduler(START), ZoneInfo("UTC"))
    with pytest.raises(ValueError, match="period_seconds must be positive"):
        day_ends(clock, scheduler=VirtualScheduler(START), period_seconds=0)
