"""The Redux-like store: `dispatch`, `get_state`, `subscribe`, with Redux's guard rails.

Two doors: `dispatch` for every caller, and the dispatch middleware is given
(``api.dispatch``), which alone accepts the actions ``validate_internal_action`` lets through
and ``validate_action`` refuses (the pipeline's own reports). The store belongs to the
thread that created it. Reducers run under an ``is_dispatching``
flag set in ``try/finally``, so a reducer can neither dispatch nor read the state, and a
reducer that raises leaves the state exactly as it was. Listeners are notified from a
snapshot of the subscription list, so subscribing or unsubscribing during a notification
takes effect from the next dispatch on and never skips or repeats a listener.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from store.apply_middleware import apply_middleware
from store.errors import (
    DispatchInReducerError,
    GetStateInReducerError,
    StoreError,
    WrongThreadError,
)
from store.middleware_api import Dispatch, Middleware

S = TypeVar("S")
A = TypeVar("A")

Reducer = Callable[[S, A], S]
Listener = Callable[[], None]
Unsubscribe = Callable[[], None]
ActionValidator = Callable[[object], A]


def _thread_name(ident: int) -> str:
    for thread in threading.enumerate():
        if thread.ident == ident:
            return f"{thread.name!r} (id {ident})"
    return f"id {ident}"


class Store(Generic[S, A]):
    """Holds the state, runs the reducer on each action and tells listeners."""

    def __init__(
        self,
        reducer: Callable[[S, A], S],
        initial_state: S,
        *,
        middleware: Sequence[Middleware] = (),
        validate_action: Callable[[object], A] | None = None,
        validate_internal_action: Callable[[object], A] | None = None,
    ) -> None:
        self._reducer = reducer
        self._state = initial_state
        self._validate_action = validate_action
        self._validate_internal_action = validate_internal_action or validate_action
        self._listeners: tuple[Listener, ...] = ()
        self._is_dispatching = False
        self._owner_ident = threading.get_ident()
        self._dispatch_chain: Dispatch = apply_middleware(
            middleware, self.get_state, self._dispatch_from_middleware, self._reduce_and_notify
        )

    @property
    def owner_thread_ident(self) -> int:
        """The ident of the thread that owns this store (the one that created it)."""
        return self._owner_ident

    def dispatch(self, action: object) -> object:
        """Validate ``action``, run it through the middleware and the reducer, tell listeners.

        Returns what the middleware chain returns (the action itself without middleware).
        Raises `InvalidActionError` for anything that is not a valid action; the state is then
        unchanged and no listener is called.
        """
        self._assert_owner_thread("dispatch")
        if self._validate_action is not None:
            action = self._validate_action(action)
        return self._dispatch_chain(action)

    def _dispatch_from_middleware(self, action: object) -> object:
        """`dispatch` for middleware (``api.dispatch``): internal actions are accepted too."""
        self._assert_owner_thread("dispatch")
        if self._validate_internal_action is not None:
            action = self._validate_internal_action(action)
        return self._dispatch_chain(action)

    def get_state(self) -> S:
        """Return the current state (immutable: never modify it, dispatch instead)."""
        if self._is_dispatching:
            raise GetStateInReducerError(
                "You may not call store.get_state() while the reducer is executing: the "
                "reducer has already received the state as an argument. Read it from there "
                "instead of from the store."
            )
        return self._state

    def subscribe(self, listener: Listener) -> Unsubscribe:
        """Call ``listener()`` after every dispatch; return a function that stops it.

        Unsubscribing twice is harmless. Changes made during a notification apply from the
        next dispatch on.
        """
        if not callable(listener):
            raise StoreError(
                f"Expected the listener to be a function, received {listener!r}. Pass a "
                "callable that takes no arguments."
            )
        if self._is_dispatching:
            raise DispatchInReducerError(
                "You may not call store.subscribe() while the reducer is executing. Subscribe "
                "from a component or a middleware, never from a reducer."
            )
        self._listeners = (*self._listeners, listener)
        subscribed = True

        def unsubscribe() -> None:
            nonlocal subscribed
            if not subscribed:
                return
            if self._is_dispatching:
                raise DispatchInReducerError(
                    "You may not unsubscribe from a store listener while the reducer is "
                    "executing. Unsubscribe from a listener or a component instead."
                )
            subscribed = False
            listeners = list(self._listeners)
            listeners.remove(listener)
            self._listeners = tuple(listeners)

        return unsubscribe

    def _reduce_and_notify(self, action: A) -> A:
        if self._is_dispatching:
            raise DispatchInReducerError(
                f"Reducers may not dispatch actions (received {action!r} while another action "
                "was being reduced). Return the new state instead, and dispatch follow-up "
                "actions from a middleware or a listener."
            )
        self._is_dispatching = True
        try:
            new_state = self._reducer(self._state, action)
        finally:
            self._is_dispatching = False
        self._state = new_state
        for listener in self._listeners:
            listener()
        return action

    def _assert_owner_thread(self, operation: str) -> None:
        current = threading.get_ident()
        if current != self._owner_ident:
            raise WrongThreadError(
                f"store.{operation}() was called from thread {_thread_name(current)}, but the "
                f"store belongs to thread {_thread_name(self._owner_ident)}. Hand the action "
                "to the owner thread with ActionInbox.post() instead."
            )


def create_store(
    reducer: Callable[[S, A], S],
    initial_state: S,
    *,
    middleware: Sequence[Middleware] = (),
    validate_action: Callable[[object], A] | None = None,
    validate_internal_action: Callable[[object], A] | None = None,
) -> Store[S, A]:
    """Build a `Store`; ``middleware`` runs in the order listed, outermost first.

    ``validate_action`` checks what `Store.dispatch` receives; ``validate_internal_action``
    (``validate_action`` if not given) what middleware dispatches through its API.

    A reducer that is not callable is refused here, as Redux refuses it at creation, rather
    than at the first dispatch.
    """
    if not callable(reducer):
        raise StoreError(
            f"Expected the reducer to be a function, received {reducer!r}. Pass a callable "
            "that takes (state, action) and returns the next state."
        )
    return Store(
        reducer,
        initial_state,
        middleware=middleware,
        validate_action=validate_action,
        validate_internal_action=validate_internal_action,
    )
