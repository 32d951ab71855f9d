"""Epics and the middleware that runs them, after redux-observable's `createEpicMiddleware`.

An epic is a function ``(actions, get_state) -> Observable[action]``: it sees every action
after the reducer has run, and every action it emits is dispatched (and so reduced, and
seen by the epics in turn). Side effects live in epics' streams; the state stays the one
place where what the app knows is kept.

    epics = EpicMiddleware()
    store = create_store(reducer, state, middleware=[epics])
    epics.run(root_epic)

Delivery is synchronous, as a Redux middleware's ``next`` is: an action an epic emits while
it reacts to another is reduced and delivered at once. Nothing an epic raises reaches the
caller of ``dispatch``: it is reported as a pipeline error (`middleware.pipeline_errors`:
counted, logged, printed once, kept in the state).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from reactivex import Observable, abc
from reactivex import operators as ops
from reactivex.disposable import Disposable
from reactivex.subject import Subject

from middleware.pipeline_errors import report
from store.middleware_api import Dispatch, MiddlewareAPI

T = TypeVar("T")

Epic = Callable[[Observable[Any], Callable[[], Any]], Observable[Any]]
"""``(actions, get_state) -> actions to dispatch``."""


def of_type(*kinds: type[T]) -> Callable[[Observable[Any]], Observable[T]]:
    """Keep the actions of the given classes (redux-observable's ``ofType``).

    On the epic middleware's own stream (`ActionStream`) the actions are routed by class
    instead of filtered: an action reaches only the streams that asked for its class.
    """

    def operator(source: Observable[Any]) -> Observable[T]:
        if isinstance(source, ActionStream):
            return cast("Observable[T]", source.of_kinds(kinds))
        return cast("Observable[T]", source.pipe(ops.filter(_is_one_of(kinds))))

    return operator


def _is_one_of(kinds: tuple[type[Any], ...]) -> Callable[[Any], bool]:
    return lambda action: isinstance(action, kinds)


class _Route(Observable[Any]):
    """A hot stream of one route's actions: its observers, called in subscription order.

    A `Subject` would do, but takes a lock and copies its observers on every item; actions
    are dispatched on the store's one thread (the store asserts it), so a plain list does.
    """

    def __init__(self) -> None:
        self.observers: list[abc.ObserverBase[Any]] = []
        super().__init__(self._subscribe_route)

    def _subscribe_route(
        self, observer: abc.ObserverBase[Any], scheduler: abc.SchedulerBase | None = None
    ) -> abc.DisposableBase:
        self.observers = [*self.observers, observer]

        def remove() -> None:
            self.observers = [seen for seen in self.observers if seen is not observer]

        return Disposable(remove)

    def push(self, action: Any) -> None:
        for observer in self.observers:  # a new list on each change: safe to iterate
            observer.on_next(action)


class ActionStream(Observable[Any]):
    """The reduced actions, as one hot stream, with a route per class for `of_type`.

    Every epic used to filter every action (six filters a swipe, most of figure 2's cost
    over a bare dispatch); here `push` finds, once per action class, the subjects whose
    kinds it is one of, and feeds only those. Subscribing to the stream itself still sees
    every action.
    """

    def __init__(self) -> None:
        self._all: Subject[Any] = Subject()
        self._by_kinds: dict[tuple[type[Any], ...], _Route] = {}
        self._routes: dict[type[Any], tuple[_Route, ...]] = {}
        super().__init__(self._subscribe_all)

    def _subscribe_all(
        self, observer: abc.ObserverBase[Any], scheduler: abc.SchedulerBase | None = None
    ) -> abc.DisposableBase:
        return self._all.subscribe(observer, scheduler=scheduler)

    def of_kinds(self, kinds: tuple[type[Any], ...]) -> Observable[Any]:
        """The actions that are instances of one of ``kinds``."""
        route = self._by_kinds.get(kinds)
        if route is None:
            route = self._by_kinds[kinds] = _Route()
            self._routes = {}  # recomputed for each class as its next action arrives
        return route

    def push(self, action: Any) -> None:
        """Deliver ``action`` to the whole stream's observers and to its class's routes."""
        if self._all.observers:
            self._all.on_next(action)
        routes = self._routes.get(type(action))
        if routes is None:
            routes = tuple(r for kinds, r in self._by_kinds.items() if isinstance(action, kinds))
            self._routes[type(action)] = routes
        for route in routes:
            route.push(action)


ErrorReport = Callable[[str, BaseException], object]
"""``(stage, error)``: what to do with an exception the pipeline caught (`pipeline_errors`)."""


class EpicMiddleware:
    """A store middleware feeding every reduced action to the epics it runs."""

    def __init__(self, *, on_error: ErrorReport | None = None) -> None:
        self._on_error: ErrorReport = on_error or report
        self._actions = ActionStream()
        self._api: MiddlewareAPI | None = None
        self._subscription: abc.DisposableBase | None = None

    def __call__(self, api: MiddlewareAPI) -> Callable[[Dispatch], Dispatch]:
        if self._api is not None:
            raise RuntimeError(
                "This epic middleware is attached to a store already; create one per store."
            )
        self._api = api

        def wrap(next_dispatch: Dispatch) -> Dispatch:
            def dispatch(action: Any) -> Any:
                result = next_dispatch(action)
                try:
                    self._actions.push(action)
                except Exception as error:  # isolation: an epic's failure never reaches dispatch
                    self._on_error("epic", error)
                return result

            return dispatch

        return wrap

    @property
    def api(self) -> MiddlewareAPI:
        if self._api is None:
            raise RuntimeError(
                "The epic middleware is not attached to a store: pass it in the store's "
                "middleware list before calling run()."
            )
        return self._api

    def run(self, epic: Epic) -> None:
        """Start ``epic``: from now on it sees every action, and what it emits is dispatched."""
        if self._subscription is not None:
            raise RuntimeError("This epic middleware runs an epic already; merge epics into one.")
        api = self.api

        def dispatch(action: Any) -> None:
            try:
                api.dispatch(action)
            except Exception as error:  # a timer's action must not take the scheduler down
                self._on_error("dispatch", error)

        def stream_failed(error: Exception) -> None:  # the epic's stream has ended
            self._on_error("epic stream", error)

        self._subscription = epic(self._actions, api.get_state).subscribe(
            on_next=dispatch, on_error=stream_failed
        )

    def stop(self) -> None:
        """Unsubscribe the epic: its timers stop, and it sees no more actions (idempotent)."""
        subscription, self._subscription = self._subscription, None
        if subscription is not None:
            subscription.dispose()

