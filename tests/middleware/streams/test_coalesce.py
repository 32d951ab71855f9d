"""`coalesce_swipes` on virtual time: empty, error, never, single, bursts and streams."""

from __future__ import annotations

from itertools import pairwise

import pytest
import reactivex
from hypothesis import given, settings
from hypothesis import strategies as st
from reactivex.testing import ReactiveTest, TestScheduler

from middleware.streams.coalesce import SwipeBatcher, coalesce_swipes

on_next = ReactiveTest.on_next
on_completed = ReactiveTest.on_completed
on_error = ReactiveTest.on_error
SUBSCRIBED = ReactiveTest.subscribed  # 200
QUIET = 5.0
MAX_WAIT = 20.0


def run(scheduler: TestScheduler, *messages: object, disposed: float = 1000.0) -> list[object]:
    source = scheduler.create_hot_observable(*messages)
    observer = scheduler.start(
        lambda: source.pipe(coalesce_swipes(QUIET, MAX_WAIT, scheduler=scheduler)),
        disposed=disposed,
    )
    return list(observer.messages)


def test_empty_source_completes_without_a_batch(scheduler: TestScheduler) -> None:
    assert run(scheduler, on_completed(250)) == [on_completed(250)]


def test_error_passes_through_and_ends_the_stream(scheduler: TestScheduler) -> None:
    boom = RuntimeError("boom")
    assert run(scheduler, on_next(210, "a"), on_error(212, boom)) == [on_error(212, boom)]


def test_never_emitting_source_produces_nothing(scheduler: TestScheduler) -> None:
    assert run(scheduler) == []


def test_single_swipe_is_one_batch_after_the_quiet_period(scheduler: TestScheduler) -> None:
    assert run(scheduler, on_next(210, "a")) == [on_next(210 + QUIET, ["a"])]


def test_burst_within_quiet_window_is_one_batch(scheduler: TestScheduler) -> None:
    burst = [on_next(210 + i * 0.1, i) for i in range(50)]
    messages = run(scheduler, *burst)
    assert messages == [on_next(210 + 49 * 0.1 + QUIET, list(range(50)))]


def test_slow_steady_stream_gives_one_batch_per_swipe(scheduler: TestScheduler) -> None:
    slow = [on_next(210 + i * (QUIET + 1), i) for i in range(4)]
    messages = run(scheduler, *slow)
    assert [m.value.value for m in messages] == [[0], [1], [2], [3]]  # type: ignore[attr-defined]


def test_continuous_stream_is_cut_by_max_wait(scheduler: TestScheduler) -> None:
    # One swipe a second for 100 s never leaves a quiet period: only max wait closes batches.
    stream = [on_next(210 + i, i) for i in range(100)]
    messages = run(scheduler, *stream)
    times = [m.time for m in messages]  # type: ignore[attr-defined]
    batches = [m.value.value for m in messages]  # type: ignore[attr-defined]
    assert sum(len(batch) for batch in batches) == 100
    assert [item for batch in batches for item in batch] == list(range(100))
    # No batch stays open longer than max wait after its first swipe.
    for time, batch in zip(times, batches, strict=True):
        assert time - (210 + batch[0]) <= MAX_WAIT
    assert len(batches) <= 100 // MAX_WAIT + 2


def test_completion_flushes_a_pending_burst_at_once(scheduler: TestScheduler) -> None:
    messages = run(scheduler, on_next(210, "a"), on_next(211, "b"), on_completed(212))
    assert messages == [on_next(212, ["a", "b"]), on_completed(212)]


def test_quiet_longer_than_max_wait_is_refused(scheduler: TestScheduler) -> None:
    with pytest.raises(ValueError, match="max_wait"):
        coalesce_swipes(10.0, 5.0, scheduler=scheduler)


@settings(max_examples=150, deadline=None)
@given(gaps=st.lists(st.floats(min_value=0.01, max_value=30.0), min_size=1, max_size=120))
def test_every_swipe_lands_in_exactly_one_batch_in_order(gaps: list[float]) -> None:
    scheduler = TestScheduler()
    times: list[float] = []
    at = 201.0
    for gap in gaps:
        at += gap
        times.append(round(at, 3))
    messages = run(
        scheduler,
        *[on_next(time, index) for index, time in enumerate(times)],
        on_completed(times[-1] + 1),
        disposed=times[-1] + 100,
    )
    emitted = [(m.time, m.value.value) for m in messages if m.value.kind == "N"]  # type: ignore[attr-defined]
    batches = [batch for _, batch in emitted]
    assert [item for batch in batches for item in batch] == list(range(len(times)))
    assert all(batch for batch in batches)
    completed_at = times[-1] + 1
    for emitted_at, batch in emitted:
        first, last = times[batch[0]], times[batch[-1]]
        deadline = min(last + QUIET, first + MAX_WAIT)
        # Closed at its deadline (debounce or max wait), or flushed by completion.
        assert emitted_at == pytest.approx(min(deadline, completed_at))
        # Inside a batch no gap reaches the quiet period.
        gaps = [times[b] - times[a] for a, b in pairwise(batch)]
        assert all(gap < QUIET + 1e-6 for gap in gaps)


def test_the_batcher_fed_directly_closes_batches_and_ignores_swipes_after_completion(
    scheduler: TestScheduler,
) -> None:
    batches: list[tuple[float, list[str]]] = []
    batcher: SwipeBatcher[str] = SwipeBatcher(
        QUIET,
        MAX_WAIT,
        scheduler=scheduler,
        on_batch=lambda batch: batches.append((scheduler.clock, batch)),
    )
    scheduler.advance_to(210.0)
    batcher.push("a")
    scheduler.advance_to(212.0)
    batcher.push("b")
    scheduler.advance_to(230.0)
    batcher.push("c")
    batcher.complete()
    batcher.push("d")
    scheduler.advance_to(300.0)
    assert batches == [(212.0 + QUIET, ["a", "b"]), (230.0, ["c"])]


def test_a_burst_faster_than_any_timer_is_cut_into_batches_of_at_most_max_items(
    scheduler: TestScheduler,
) -> None:
    # 1,250 swipes a millisecond apart (a machine, not a person): full batches close as
    # they fill, the rest after the quiet period.
    burst = [on_next(210 + index / 1000, index) for index in range(1_250)]
    source = scheduler.create_hot_observable(*burst)
    observer = scheduler.start(
        lambda: source.pipe(coalesce_swipes(QUIET, MAX_WAIT, scheduler=scheduler, max_items=500)),
        disposed=1000.0,
    )
    emitted = [(m.time, m.value.value) for m in observer.messages]  # type: ignore[attr-defined]
    assert [(time, len(batch)) for time, batch in emitted] == [
        (pytest.approx(210.499), 500),
        (pytest.approx(210.999), 500),
        (pytest.approx(211.249 + QUIET), 250),
    ]
    assert [item for _, batch in emitted for item in batch] == list(range(1_250))


def test_after_a_full_batch_the_next_one_still_closes_at_its_own_deadline(
    scheduler: TestScheduler,
) -> None:
    batches: list[tuple[float, list[int]]] = []
    batcher: SwipeBatcher[int] = SwipeBatcher(
        QUIET,
        MAX_WAIT,
        scheduler=scheduler,
        on_batch=lambda batch: batches.append((scheduler.clock, batch)),
        max_items=3,
    )
    scheduler.advance_to(210.0)
    for item in range(3):
        batcher.push(item)  # full: closes now, its timer stays armed
    scheduler.advance_to(213.0)
    batcher.push(3)  # the old timer fires at 215 and re-arms for this one's quiet period
    scheduler.advance_to(300.0)
    assert batches == [(210.0, [0, 1, 2]), (213.0 + QUIET, [3])]


def test_a_batch_size_below_one_is_refused(scheduler: TestScheduler) -> None:
    with pytest.raises(ValueError, match="max_items must be at least 1, received 0"):
        coalesce_swipes(QUIET, MAX_WAIT, scheduler=scheduler, max_items=0)


def test_the_scheduler_it_is_subscribed_with_is_passed_on_to_its_source(
    scheduler: TestScheduler,
) -> None:
    """As RxPY's own operators do: ``of`` runs on the subscriber's scheduler, not at once."""
    batches: list[list[str]] = []
    reactivex.of("a", "b").pipe(coalesce_swipes(QUIET, MAX_WAIT, scheduler=scheduler)).subscribe(
        batches.append, scheduler=scheduler
    )
    assert batches == [], "nothing is emitted before the subscriber's scheduler runs"
    scheduler.start()
    assert batches == [["a", "b"]]


def test_durations_given_as_functions_are_read_as_each_batch_opens(
    scheduler: TestScheduler,
) -> None:
    quiet = [QUIET]
    source = scheduler.create_hot_observable(
        on_next(210, "a"), on_next(212, "b"), on_next(300, "c"), on_next(310, "d")
    )

    def change_at_211(_scheduler: object, _state: object = None) -> None:
        quiet[0] = 50.0  # while the batch of a and b is open

    scheduler.schedule_absolute(211, change_at_211)
    observer = scheduler.start(
        lambda: source.pipe(
            coalesce_swipes(lambda: quiet[0], lambda: 100.0, scheduler=scheduler)
        ),
        disposed=1000,
    )
    # a, b: the batch kept the quiet period it opened with (closes at 212 + 5);
    # c, d: the next batch waits for the new one (closes at 310 + 50).
    assert observer.messages == [on_next(217, ["a", "b"]), on_next(360, ["c", "d"])]


def test_durations_read_for_a_batch_are_checked_as_it_opens(scheduler: TestScheduler) -> None:
    batcher: SwipeBatcher[str] = SwipeBatcher(
        lambda: 5.0, lambda: 1.0, scheduler=scheduler, on_batch=lambda _batch: None
    )
    with pytest.raises(ValueError, match="must not be shorter than quiet"):
        batcher.push("a")
