"""`midnight_ticks`: a stream that fires at each local midnight, re-armed after every fire.

Each fire asks the clock for the time and zone afresh, so the next timer is armed from the
real "now" (a timer that fired late after a sleep re-arms for the right midnight), and
``rearm`` lets the job move the timer when the zone or the clock changes under it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reactivex import Observable, abc
from reactivex.disposable import CompositeDisposable, SerialDisposable

from middleware.clock import Clock
from store.local_day import next_local_midnight


def midnight_ticks(
    clock: Clock, *, scheduler: abc.SchedulerBase, rearm: Observable[Any] | None = None
) -> Observable[datetime]:
    """Emit the clock's ``now()`` at every local midnight of the clock's zone.

    .. marble::
        :alt: midnight_ticks (zone UTC, start 22:00)

        22:00 ---- 00:00 ---------------- 00:00 --->
        [          midnight_ticks               ]
        ---------- t1 ------------------- t2 ----->
    """

    def subscribe(
        observer: abc.ObserverBase[datetime], _: abc.SchedulerBase | None = None
    ) -> abc.DisposableBase:
        timer = SerialDisposable()

        def arm() -> None:
            now = clock.now()
            due = next_local_midnight(now, clock.zone())
            # Relative scheduling from the clock's own "now" works for every scheduler,
            # virtual or real, whatever its notion of absolute time.
            timer.disposable = scheduler.schedule_relative(due - now, fire)

        def fire(_: abc.SchedulerBase, __: Any = None) -> None:
            observer.on_next(clock.now())
            arm()

        arm()
        disposables = CompositeDisposable(timer)
        if rearm is not None:
            disposables.add(rearm.subscribe(lambda _: arm()))
        return disposables

    return Observable(subscribe)
