"""Two small operators the snapshot epic needs on every check and every failed write.

RxPY can say both with ``flat_map`` (``flat_map(from_iterable)``, ``flat_map(timer)``), but
``flat_map`` builds and subscribes an inner observable per item, through ``zip`` and the
current-thread trampoline: about a third of a millisecond each, measured on a simulated
session with failing writes (five times the cost of the whole session before). These keep
the same contract with a plain callback per item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from reactivex import Observable, abc
from reactivex.disposable import CompositeDisposable, SingleAssignmentDisposable

T = TypeVar("T")


def each_item() -> Callable[[Observable[Iterable[T]]], Observable[T]]:
    """Emit the items of each iterable the source emits, in order.

    .. marble::
        :alt: each_item

        --[a,b]---[]---[c]--|
        [     each_item     ]
        --ab-----------c----|
    """

    def operator(source: Observable[Iterable[T]]) -> Observable[T]:
        def subscribe(
            observer: abc.ObserverBase[T], scheduler: abc.SchedulerBase | None = None
        ) -> abc.DisposableBase:
            def on_next(items: Iterable[T]) -> None:
                for item in items:
                    observer.on_next(item)

            return source.subscribe(
                on_next, observer.on_error, observer.on_completed, scheduler=scheduler
            )

        return Observable(subscribe)

    return operator


def delay_each(
    seconds: Callable[[T], float], *, scheduler: abc.SchedulerBase
) -> Callable[[Observable[T]], Observable[T]]:
    """Emit each item ``seconds(item)`` after it came (each with its own delay, so order
    may change). Completion waits for the items still delayed, as ``delay`` does; an error
    passes at once and drops them; disposal cancels what is waiting.

    .. marble::
        :alt: delay_each(a: 3, b: 1)

        -a-b-------|
        [delay_each]
        ---b-a-----|
    """

    def operator(source: Observable[T]) -> Observable[T]:
        def subscribe(
            observer: abc.ObserverBase[T], _: abc.SchedulerBase | None = None
        ) -> abc.DisposableBase:
            waiting = CompositeDisposable()
            source_done = False

            def on_next(item: T) -> None:
                timer = SingleAssignmentDisposable()

                def fire(_scheduler: abc.SchedulerBase, _state: Any = None) -> None:
                    waiting.remove(timer)
                    observer.on_next(item)
                    if source_done and not waiting.length:
                        observer.on_completed()

                waiting.add(timer)
                timer.disposable = scheduler.schedule_relative(max(seconds(item), 0.0), fire)

            def on_error(error: Exception) -> None:
                waiting.dispose()
                observer.on_error(error)

            def on_completed() -> None:
                nonlocal source_done
                source_done = True
                if not waiting.length:
                    observer.on_completed()

            subscription = source.subscribe(on_next, on_error, on_completed)
            return CompositeDisposable(subscription, waiting)

        return Observable(subscribe)

    return operator
