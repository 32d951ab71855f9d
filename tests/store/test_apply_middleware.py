"""`apply_middleware`: order, the API middleware sees, re-dispatch and short-circuits."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from store import Dispatch, Middleware, MiddlewareAPI, apply_middleware, create_store


def add(state: int, action: Any) -> int:
    if isinstance(action, dict) and "add" in action:
        return state + int(action["add"])
    return state


def recording(name: str, log: list[str]) -> Middleware:
    def middleware(api: MiddlewareAPI) -> Callable[[Dispatch], Dispatch]:
        def wrap(next_dispatch: Dispatch) -> Dispatch:
            def dispatch(action: Any) -> Any:
                log.append(f"{name} before")
                result = next_dispatch(action)
                log.append(f"{name} after")
                return result

            return dispatch

        return wrap

    return middleware


def test_first_listed_middleware_is_outermost() -> None:
    log: list[str] = []
    store = create_store(add, 0, middleware=[recording("a", log), recording("b", log)])
    store.subscribe(lambda: log.append("listener"))
    store.dispatch({"add": 1})
    assert log == ["a before", "b before", "listener", "b after", "a after"]


def test_middleware_api_offers_only_get_state_and_dispatch() -> None:
    captured: list[MiddlewareAPI] = []

    def capture(api: MiddlewareAPI) -> Callable[[Dispatch], Dispatch]:
        captured.append(api)
        return lambda next_dispatch: next_dispatch

    store = create_store(add, 7, middleware=[capture])
    api = captured[0]
    assert [field.name for field in dataclasses.fields(api)] == ["get_state", "dispatch"]
    assert not hasattr(api, "__dict__")  # slotted: nothing else can be attached
    assert not hasattr(api, "subscribe")
    assert api.get_state() == 7
    api.dispatch({"add": 1})
    assert store.get_state() == 8


def test_middleware_sees_the_state_before_and_after_the_reducer() -> None:
    seen: list[tuple[int, int]] = []

    def observe(api: MiddlewareAPI) -> Callable[[Dispatch], Dispatch]:
        def wrap(next_dispatch: Dispatch) -> Dispatch:
            def dispatch(action: Any) -> Any:
                before = api.get_state()
                result = next_dispatch(action)
                seen.append((before, api.get_state()))
                return result

            return dispatch

        return wrap

    store = create_store(add, 0, middleware=[observe])
    store.dispatch({"add": 2})
    store.dispatch({"add": 3})
    assert seen == [(0, 2), (2, 5)]


def test_follow_up_action_dispatched_by_middleware_goes_through_the_whole_chain() -> None:
    log: list[str] = []

    def follow_up(api: MiddlewareAPI) -> Callable[[Dispatch], Dispatch]:
        def wrap(next_dispatch: Dispatch) -> Dispatch:
            def dispatch(action: Any) -> Any:
                result = next_dispatch(action)
                if action == {"add": 1}:
                    api.dispatch({"add": 10})
                return result

            return dispatch

        return wrap

    outer_seen: list[Any] = []

    def outer(api: MiddlewareAPI) -> Callable[[Dispatch], Dispatch]:
        def wrap(next_dispatch: Dispatch) -> Dispatch:
            def dispatch(action: Any) -> Any:
                outer_seen.append(action)
                return next_dispatch(action)

            return dispatch

        return wrap

    store = create_store(add, 0, middleware=[outer, follow_up, recording("inner", log)])
    store.dispatch({"add": 1})
    assert store.get_state() == 11
    assert outer_seen == [{"add": 1}, {"add": 10}]
    assert log == ["inner before", "inner after", "inner before", "inner after"]


def test_middleware_that_does_not_call_next_leaves_state_unchanged() -> None:
    def swallow_negative(api: MiddlewareAPI) -> Callable[[Dispatch], Dispatch]:
        def wrap(next_dispatch: Dispatch) -> Dispatch:
            def dispatch(action: Any) -> Any:
                if action["add"] < 0:
                    return "dropped"
                return next_dispatch(action)

            return dispatch

        return wrap

    store = create_store(add, 5, middleware=[swallow_negative])
    calls: list[int] = []
    store.subscribe(lambda: calls.append(1))
    assert store.dispatch({"add": -3}) == "dropped"
    assert store.get_state() == 5
    assert calls == []
    store.dispatch({"add": 1})
    assert store.get_state() == 6


def test_middleware_can_replace_the_action_passed_on() -> None:
    def doubler(api: MiddlewareAPI) -> Callable[[Dispatch], Dispatch]:
        return lambda next_dispatch: lambda action: next_dispatch({"add": action["add"] * 2})

    store = create_store(add, 0, middleware=[doubler])
    store.dispatch({"add": 4})
    assert store.get_state() == 8


def test_no_middleware_dispatches_straight_to_the_base() -> None:
    received: list[Any] = []

    def base(action: Any) -> Any:
        received.append(action)
        return "base result"

    dispatch = apply_middleware([], lambda: None, base, base)
    assert dispatch("action") == "base result"
    assert received == ["action"]
