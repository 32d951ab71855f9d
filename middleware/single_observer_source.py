"""`SingleObserverSource`: the swipe stream's entry point, an observable with one subscriber.

The snapshot pipeline subscribes to the swipe stream exactly once. A `Subject` would also do,
but it takes two locks and copies its observer list on every item, which is measurable on a
path every swipe takes; this source hands each item straight to its one observer. Pushing
and subscribing happen on the store's owner thread.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from reactivex import Observable, abc
from reactivex.disposable import Disposable

T = TypeVar("T")


class SingleObserverSource(Observable[T], Generic[T]):
    """An observable fed by `push`, `complete` and `fail`; a second subscriber is refused."""

    def __init__(self) -> None:
        super().__init__()
        self._observer: abc.ObserverBase[T] | None = None
        self._done = False

    def _subscribe_core(
        self, observer: abc.ObserverBase[T], scheduler: abc.SchedulerBase | None = None
    ) -> abc.DisposableBase:
        if self._observer is not None:
            raise RuntimeError(
                "This source feeds one pipeline and has a subscriber already; share() it if "
                "several consumers need the items."
            )
        if self._done:
            observer.on_completed()
            return Disposable()
        self._observer = observer

        def unsubscribe() -> None:
            self._observer = None

        return Disposable(unsubscribe)

    def push(self, item: T) -> None:
        """Hand ``item`` to the subscriber, if there is one (items before it are dropped)."""
        observer = self._observer
        if observer is not None and not self._done:
            observer.on_next(item)

    def complete(self) -> None:
        """End the stream (idempotent)."""
        if self._done:
            return
        self._done = True
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.on_completed()

    def fail(self, error: Exception) -> None:
        """End the stream with ``error``."""
        if self._done:
            return
        self._done = True
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.on_error(error)
