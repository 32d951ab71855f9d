"""`each_item` and `delay_each` on virtual time: empty, error, never, bursts, disposal."""

from __future__ import annotations

from reactivex.testing import ReactiveTest, TestScheduler

from middleware.streams.lists import delay_each, each_item

on_next = ReactiveTest.on_next
on_completed = ReactiveTest.on_completed
on_error = ReactiveTest.on_error


def flattened(scheduler: TestScheduler, *messages: object) -> list[object]:
    source = scheduler.create_hot_observable(*messages)
    return list(scheduler.start(lambda: source.pipe(each_item())).messages)


def delayed(scheduler: TestScheduler, *messages: object, disposed: float = 1000.0) -> list[object]:
    source = scheduler.create_hot_observable(*messages)
    observer = scheduler.start(
        lambda: source.pipe(delay_each(lambda item: item[1], scheduler=scheduler)),
        disposed=disposed,
    )
    return list(observer.messages)


def test_each_item_passes_the_items_of_each_list_in_order(scheduler: TestScheduler) -> None:
    messages = flattened(
        scheduler,
        on_next(210, ["a", "b"]),
        on_next(220, []),
        on_next(230, ["c"]),
        on_completed(240),
    )
    assert messages == [on_next(210, "a"), on_next(210, "b"), on_next(230, "c"), on_completed(240)]


def test_each_item_of_an_empty_source_only_completes(scheduler: TestScheduler) -> None:
    assert flattened(scheduler, on_completed(250)) == [on_completed(250)]


def test_each_item_passes_an_error_on(scheduler: TestScheduler) -> None:
    boom = RuntimeError("boom")
    assert flattened(scheduler, on_next(210, ["a"]), on_error(220, boom)) == [
        on_next(210, "a"),
        on_error(220, boom),
    ]


def test_each_item_of_a_silent_source_emits_nothing(scheduler: TestScheduler) -> None:
    assert flattened(scheduler) == []


def test_delay_each_emits_each_item_after_its_own_delay(scheduler: TestScheduler) -> None:
    messages = delayed(scheduler, on_next(210, ("a", 30.0)), on_next(215, ("b", 5.0)))
    assert messages == [on_next(220, ("b", 5.0)), on_next(240, ("a", 30.0))]


def test_delay_each_completes_after_the_last_delayed_item(scheduler: TestScheduler) -> None:
    messages = delayed(scheduler, on_next(210, ("a", 30.0)), on_completed(220))
    assert messages == [on_next(240, ("a", 30.0)), on_completed(240)]


def test_delay_each_of_an_empty_source_completes_at_once(scheduler: TestScheduler) -> None:
    assert delayed(scheduler, on_completed(250)) == [on_completed(250)]


def test_delay_each_passes_an_error_at_once_and_drops_what_waits(scheduler: TestScheduler) -> None:
    boom = RuntimeError("boom")
    messages = delayed(scheduler, on_next(210, ("a", 30.0)), on_error(220, boom))
    assert messages == [on_error(220, boom)]


def test_delay_each_of_a_silent_source_emits_nothing(scheduler: TestScheduler) -> None:
    assert delayed(scheduler) == []


def test_delay_each_keeps_every_item_of_a_burst(scheduler: TestScheduler) -> None:
    burst = [on_next(210 + i * 0.01, (i, 10.0)) for i in range(100)]
    messages = delayed(scheduler, *burst)
    assert [m.value.value[0] for m in messages] == list(range(100))  # type: ignore[attr-defined]


def test_disposing_delay_each_cancels_the_items_still_waiting(scheduler: TestScheduler) -> None:
    messages = delayed(scheduler, on_next(210, ("a", 5.0)), on_next(212, ("b", 90.0)), disposed=300)
    assert messages == [on_next(215, ("a", 5.0))]
