"""`VirtualScheduler`: due-time order, ties, cancellation, periodic timers, the clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from reactivex import abc
from reactivex.internal import ArgumentOutOfRangeException

from app.simulation.virtual_scheduler import VirtualScheduler

START = datetime(2026, 1, 20, 9, tzinfo=UTC)


def recorder(log: list[tuple[str, float]], name: str) -> Any:
    def action(scheduler: abc.SchedulerBase, _state: Any = None) -> None:
        assert isinstance(scheduler, VirtualScheduler)
        log.append((name, scheduler.seconds - START.timestamp()))

    return action


def test_actions_run_in_due_order_with_the_clock_at_their_due_time() -> None:
    scheduler = VirtualScheduler(START)
    log: list[tuple[str, float]] = []
    scheduler.schedule_relative(3.0, recorder(log, "c"))
    scheduler.schedule_relative(timedelta(seconds=1), recorder(log, "a"))
    scheduler.schedule_absolute(START + timedelta(seconds=2), recorder(log, "b"))
    scheduler.advance_by(10)
    assert log == [("a", 1.0), ("b", 2.0), ("c", 3.0)]
    assert scheduler.now == START + timedelta(seconds=10)


def test_actions_due_at_the_same_instant_run_first_scheduled_first() -> None:
    scheduler = VirtualScheduler(START)
    log: list[tuple[str, float]] = []
    for name in "xyz":
        scheduler.schedule_relative(5.0, recorder(log, name))
    scheduler.advance_to(START + timedelta(seconds=5))
    assert [name for name, _ in log] == ["x", "y", "z"]


def test_a_cancelled_action_never_runs() -> None:
    scheduler = VirtualScheduler(START)
    log: list[tuple[str, float]] = []
    scheduler.schedule_relative(1.0, recorder(log, "kept"))
    scheduler.schedule_relative(1.0, recorder(log, "cancelled")).dispose()
    scheduler.advance_by(2)
    assert log == [("kept", 1.0)]


def test_an_action_scheduled_while_advancing_runs_if_due_before_the_target() -> None:
    scheduler = VirtualScheduler(START)
    log: list[tuple[str, float]] = []

    def first(inner: abc.SchedulerBase, _state: Any = None) -> None:
        log.append(("first", 1.0))
        inner.schedule_relative(0.5, recorder(log, "second"))
        inner.schedule_relative(60.0, recorder(log, "too late"))

    scheduler.schedule_relative(1.0, first)
    scheduler.advance_by(10)
    assert log == [("first", 1.0), ("second", 1.5)]


def test_periodic_actions_repeat_one_period_apart_until_disposed() -> None:
    scheduler = VirtualScheduler(START)
    seen: list[tuple[int, float]] = []

    def tick(count: Any) -> int:
        seen.append((count, scheduler.seconds - START.timestamp()))
        return int(count) + 1

    handle = scheduler.schedule_periodic(60.0, tick, 0)
    scheduler.advance_by(185)
    assert seen == [(0, 60.0), (1, 120.0), (2, 180.0)]
    handle.dispose()
    scheduler.advance_by(600)
    assert len(seen) == 3


def test_a_periodic_action_that_raises_stops_its_series() -> None:
    scheduler = VirtualScheduler(START)
    calls: list[int] = []

    def failing(_state: Any) -> None:
        calls.append(1)
        raise RuntimeError("boom")

    scheduler.schedule_periodic(1.0, failing)
    with pytest.raises(RuntimeError, match="boom"):
        scheduler.advance_by(5)
    scheduler.advance_by(5)
    assert calls == [1]


def test_the_clock_never_moves_backwards() -> None:
    scheduler = VirtualScheduler(START)
    scheduler.advance_by(10)
    with pytest.raises(ArgumentOutOfRangeException):
        scheduler.advance_to(START)
    with pytest.raises(ArgumentOutOfRangeException):
        scheduler.advance_to_seconds(START.timestamp() + 5)
    assert scheduler.now == START + timedelta(seconds=10)


def test_virtual_scheduler_refuses_a_naive_start() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        VirtualScheduler(datetime(2026, 1, 1))


def test_virtual_scheduler_runs_due_timers_when_advancing_cheaply() -> None:
    scheduler = VirtualScheduler(datetime(2026, 1, 20, 9, tzinfo=UTC))
    fired: list[datetime] = []
    scheduler.schedule_relative(5.0, lambda s, _=None: fired.append(s.now))
    start = scheduler.clock
    scheduler.advance_to_seconds(start + 4.0)
    assert fired == []
    scheduler.advance_to_seconds(start + 6.0)
    assert fired == [datetime(2026, 1, 20, 9, 0, 5, tzinfo=UTC)]
    assert scheduler.clock == start + 6.0


def test_a_periodic_look_sees_at_its_next_tick_what_changed_between_two_advances() -> None:
    scheduler = VirtualScheduler(START)
    world = {"file": "ours"}
    seen: list[tuple[float, str]] = []
    scheduler.schedule_periodic_look(
        60.0, lambda: seen.append((scheduler.seconds - START.timestamp(), world["file"]))
    )
    scheduler.advance_by(3_600)
    world["file"] = "gone"  # from outside, between two advances
    scheduler.advance_by(3_600)
    assert seen[0] == (60.0, "ours")
    assert (3_660.0, "gone") in seen, "the first tick after the change looks again"
    assert all(at % 60.0 == 0 for at, _ in seen), "looks keep their instants"


def test_a_periodic_look_runs_again_at_the_first_tick_after_any_action_ran() -> None:
    scheduler = VirtualScheduler(START)
    looks: list[float] = []
    scheduler.schedule_periodic_look(
        60.0, lambda: looks.append(scheduler.seconds - START.timestamp())
    )
    log: list[tuple[str, float]] = []
    scheduler.schedule_relative(1_000.0, recorder(log, "swipe"))
    scheduler.schedule_relative(5_000.0, recorder(log, "midnight"))
    scheduler.advance_by(6_000)
    assert log == [("swipe", 1_000.0), ("midnight", 5_000.0)]
    assert looks == [60.0, 1_020.0, 5_040.0], "one look after each thing that happened"


def test_looks_with_nothing_happening_in_between_are_skipped_over_a_simulated_year() -> None:
    scheduler = VirtualScheduler(START)
    looks: list[float] = []
    handle = scheduler.schedule_periodic_look(60.0, lambda: looks.append(scheduler.seconds))
    for day in range(1, 366):
        scheduler.advance_to(START.timestamp() + day * 86_400.0)
    assert len(looks) == 365, "one look a day (after each advance), not 525,600"
    handle.dispose()
    scheduler.advance_by(86_400 * 3)
    assert len(looks) == 365, "a disposed look never runs again"


def test_a_periodic_look_that_raises_stops_and_the_error_propagates() -> None:
    scheduler = VirtualScheduler(START)
    calls: list[float] = []

    def look() -> None:
        calls.append(scheduler.seconds)
        raise RuntimeError("the look failed")

    scheduler.schedule_periodic_look(60.0, look)
    with pytest.raises(RuntimeError, match="the look failed"):
        scheduler.advance_by(120)
    scheduler.advance_by(600)
    assert len(calls) == 1
