"""`create_store`: dispatch, get_state, subscribe, and the guard rails around them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from store import (
    DispatchInReducerError,
    GetStateInReducerError,
    MiddlewareAPI,
    MiddlewareConstructionError,
    Store,
    StoreError,
    Swiped,
    WrongThreadError,
    create_store,
)
from tests.conftest import START
from tests.threads import run_in_thread


def add(state: int, action: Any) -> int:
    """A tiny reducer: ``{"add": n}`` adds n, anything else leaves the state alone."""
    if isinstance(action, dict) and "add" in action:
        return state + int(action["add"])
    return state


def counting_listener() -> tuple[list[int], Callable[[], None]]:
    calls: list[int] = []
    return calls, lambda: calls.append(1)


def test_new_store_returns_its_initial_state() -> None:
    initial = {"deep": ["value"]}
    store = create_store(lambda state, action: state, initial)
    assert store.get_state() is initial


def test_dispatch_runs_the_reducer_and_returns_the_action() -> None:
    store = create_store(add, 0)
    action = {"add": 3}
    assert store.dispatch(action) is action
    store.dispatch({"add": 4})
    assert store.get_state() == 7


def test_listener_is_called_once_per_dispatch_and_sees_the_new_state() -> None:
    store = create_store(add, 0)
    seen: list[int] = []
    store.subscribe(lambda: seen.append(store.get_state()))
    store.dispatch({"add": 1})
    store.dispatch({"add": 2})
    assert seen == [1, 3]


def test_listeners_are_called_in_subscription_order() -> None:
    store = create_store(add, 0)
    order: list[str] = []
    store.subscribe(lambda: order.append("first"))
    store.subscribe(lambda: order.append("second"))
    store.dispatch({"add": 1})
    assert order == ["first", "second"]


def test_unsubscribed_listener_is_not_called_again() -> None:
    store = create_store(add, 0)
    calls, listener = counting_listener()
    unsubscribe = store.subscribe(listener)
    store.dispatch({"add": 1})
    unsubscribe()
    store.dispatch({"add": 1})
    assert len(calls) == 1


def test_unsubscribing_twice_is_harmless_and_keeps_other_listeners() -> None:
    store = create_store(add, 0)
    calls, listener = counting_listener()
    other_calls, other = counting_listener()
    unsubscribe = store.subscribe(listener)
    store.subscribe(other)
    unsubscribe()
    unsubscribe()
    store.dispatch({"add": 1})
    assert calls == []
    assert len(other_calls) == 1


def test_same_function_subscribed_twice_is_called_twice_and_unsubscribed_once_each() -> None:
    store = create_store(add, 0)
    calls, listener = counting_listener()
    first = store.subscribe(listener)
    store.subscribe(listener)
    store.dispatch({"add": 1})
    assert len(calls) == 2
    first()
    first()
    store.dispatch({"add": 1})
    assert len(calls) == 3


def test_subscribing_something_not_callable_is_refused_with_a_fix() -> None:
    store = create_store(add, 0)
    with pytest.raises(StoreError, match=r"received 42\. Pass a callable"):
        store.subscribe(42)  # type: ignore[arg-type]


def test_unsubscribing_during_a_notification_still_calls_that_rounds_listeners_once() -> None:
    store = create_store(add, 0)
    calls: list[str] = []
    unsubscribers: dict[str, Callable[[], None]] = {}

    def first() -> None:
        calls.append("first")
        unsubscribers["second"]()  # removes a listener that has not run yet this round
        unsubscribers["first"]()  # and itself

    unsubscribers["first"] = store.subscribe(first)
    unsubscribers["second"] = store.subscribe(lambda: calls.append("second"))
    store.subscribe(lambda: calls.append("third"))

    store.dispatch({"add": 1})
    assert calls == ["first", "second", "third"]

    calls.clear()
    store.dispatch({"add": 1})
    assert calls == ["third"]


def test_subscribing_during_a_notification_takes_effect_from_the_next_dispatch() -> None:
    store = create_store(add, 0)
    late_calls, late = counting_listener()
    subscribed = False

    def subscriber() -> None:
        nonlocal subscribed
        if not subscribed:
            subscribed = True
            store.subscribe(late)

    store.subscribe(subscriber)
    store.dispatch({"add": 1})
    assert late_calls == []
    store.dispatch({"add": 1})
    assert len(late_calls) == 1


def test_listener_may_dispatch_and_every_listener_sees_the_final_state() -> None:
    store = create_store(add, 0)
    seen: list[int] = []

    def follow_up() -> None:
        if store.get_state() == 1:
            store.dispatch({"add": 10})

    store.subscribe(follow_up)
    store.subscribe(lambda: seen.append(store.get_state()))
    store.dispatch({"add": 1})
    assert store.get_state() == 11
    assert seen[-1] == 11


def test_dispatch_from_inside_a_reducer_is_refused_and_says_what_to_do() -> None:
    holder: dict[str, Store[int, Any]] = {}

    def reducer(state: int, action: Any) -> int:
        if action == "nested":
            holder["store"].dispatch("inner")
        return state + 1

    store = create_store(reducer, 0)
    holder["store"] = store
    calls, listener = counting_listener()
    store.subscribe(listener)

    with pytest.raises(DispatchInReducerError) as caught:
        store.dispatch("nested")
    message = str(caught.value)
    assert "Reducers may not dispatch actions" in message
    assert "'inner'" in message
    assert "dispatch follow-up actions from a middleware or a listener" in message
    assert store.get_state() == 0
    assert calls == []

    store.dispatch("ordinary")  # the dispatching flag was reset
    assert store.get_state() == 1


def test_get_state_from_inside_a_reducer_is_refused_and_says_what_to_do() -> None:
    holder: dict[str, Store[int, Any]] = {}

    def reducer(state: int, action: Any) -> int:
        return holder["store"].get_state() + 1

    store = create_store(reducer, 0)
    holder["store"] = store
    with pytest.raises(GetStateInReducerError) as caught:
        store.dispatch("peek")
    assert "while the reducer is executing" in str(caught.value)
    assert "Read it from there instead of from the store" in str(caught.value)
    assert store.get_state() == 0


def test_subscribe_from_inside_a_reducer_is_refused() -> None:
    holder: dict[str, Store[int, Any]] = {}

    def reducer(state: int, action: Any) -> int:
        holder["store"].subscribe(lambda: None)
        return state + 1

    store = create_store(reducer, 0)
    holder["store"] = store
    with pytest.raises(DispatchInReducerError, match="never from a reducer"):
        store.dispatch("x")
    assert store.get_state() == 0


def test_dispatch_while_middleware_is_constructed_is_refused_and_says_what_to_do() -> None:
    def eager(api: MiddlewareAPI) -> Callable[[Any], Any]:
        api.dispatch({"add": 1})
        return lambda next_dispatch: next_dispatch

    with pytest.raises(MiddlewareConstructionError) as caught:
        create_store(add, 0, middleware=[eager])
    message = str(caught.value)
    assert "Dispatching while constructing your middleware is not allowed" in message
    assert "{'add': 1}" in message
    assert "Dispatch from inside the function your middleware returns" in message


def test_middleware_may_dispatch_once_construction_has_finished() -> None:
    captured: dict[str, MiddlewareAPI] = {}

    def keeps_api(api: MiddlewareAPI) -> Callable[[Any], Any]:
        captured["api"] = api
        return lambda next_dispatch: next_dispatch

    store = create_store(add, 0, middleware=[keeps_api])
    captured["api"].dispatch({"add": 5})
    assert store.get_state() == 5


def test_reducer_that_raises_leaves_state_unchanged_and_calls_no_listener() -> None:
    def reducer(state: dict[str, int], action: Any) -> dict[str, int]:
        if action == "boom":
            raise RuntimeError("reducer failed")
        return {**state, "n": state["n"] + 1}

    initial = {"n": 0}
    store = create_store(reducer, initial)
    calls, listener = counting_listener()
    store.subscribe(listener)

    with pytest.raises(RuntimeError, match="reducer failed"):
        store.dispatch("boom")
    assert store.get_state() is initial
    assert calls == []

    store.dispatch("fine")  # the store still works afterwards
    assert store.get_state() == {"n": 1}
    assert len(calls) == 1


def test_validator_refusal_leaves_state_unchanged_and_calls_no_listener() -> None:
    def validate(raw: object) -> dict[str, int]:
        if not isinstance(raw, dict):
            raise ValueError(f"not an action: {raw!r}")
        return raw

    store = create_store(add, 0, validate_action=validate)
    calls, listener = counting_listener()
    store.subscribe(listener)
    with pytest.raises(ValueError, match="not an action"):
        store.dispatch("junk")
    assert store.get_state() == 0
    assert calls == []


def test_dispatch_from_another_thread_is_refused_naming_both_threads(
    store: Store[Any, Any],
) -> None:
    before = store.get_state()
    owner = threading.current_thread().name
    calls, listener = counting_listener()
    store.subscribe(listener)

    error = run_in_thread(
        lambda: store.dispatch(Swiped(item_id="tiramisu", direction="RIGHT", at=START)),
        name="swipe-worker",
    )

    assert isinstance(error, WrongThreadError)
    message = str(error)
    assert "store.dispatch() was called from thread 'swipe-worker'" in message
    assert f"the store belongs to thread {owner!r}" in message
    assert "ActionInbox.post()" in message
    assert store.get_state() is before
    assert calls == []


def test_store_belongs_to_the_thread_that_created_it() -> None:
    created: list[Store[int, Any]] = []
    error = run_in_thread(lambda: created.append(create_store(add, 0)), name="builder")
    assert error is None
    store = created[0]
    assert store.owner_thread_ident != threading.get_ident()
    # The builder thread has ended, so only its id is left to name it by.
    with pytest.raises(WrongThreadError, match=f"belongs to thread id {store.owner_thread_ident}"):
        store.dispatch({"add": 1})
    assert store.get_state() == 0


def test_a_reducer_that_is_not_callable_is_refused_when_the_store_is_created() -> None:
    with pytest.raises(StoreError, match=r"received 'add'\. Pass a callable"):
        create_store("add", 0)  # type: ignore[arg-type]
