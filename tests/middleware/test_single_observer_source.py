"""`SingleObserverSource`: the swipe stream's entry point."""

from __future__ import annotations

import pytest

from middleware.single_observer_source import SingleObserverSource


def test_pushed_items_reach_the_subscriber_in_order_and_complete_ends_the_stream() -> None:
    source: SingleObserverSource[int] = SingleObserverSource()
    seen: list[object] = []
    source.subscribe(seen.append, on_completed=lambda: seen.append("done"))
    for item in (1, 2, 3):
        source.push(item)
    source.complete()
    source.push(4)
    assert seen == [1, 2, 3, "done"]


def test_a_second_subscriber_is_refused_with_what_to_do() -> None:
    source: SingleObserverSource[int] = SingleObserverSource()
    source.subscribe(lambda _: None)
    with pytest.raises(RuntimeError, match="share"):
        source.subscribe(lambda _: None)


def test_after_unsubscribing_items_are_dropped_and_a_new_subscriber_is_accepted() -> None:
    source: SingleObserverSource[int] = SingleObserverSource()
    first: list[int] = []
    subscription = source.subscribe(first.append)
    subscription.dispose()
    source.push(1)
    second: list[int] = []
    source.subscribe(second.append)
    source.push(2)
    assert (first, second) == ([], [2])


def test_fail_passes_the_error_on_once() -> None:
    source: SingleObserverSource[int] = SingleObserverSource()
    errors: list[Exception] = []
    source.subscribe(lambda _: None, on_error=errors.append)
    boom = ValueError("boom")
    source.fail(boom)
    source.fail(ValueError("again"))
    assert errors == [boom]
