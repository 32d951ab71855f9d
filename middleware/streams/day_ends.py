"""`day_ends`: the one stream that says "the local date may have changed, check now".

Three things can end a local day, and this stream watches all of them:

- local midnight: a timer armed from the clock's own "now" and zone, re-armed from the
  clock after every fire (so a timer that fired late after a sleep arms the right midnight);
- a clock jump or a zone change, seen by a periodic look at the clock: the local date of now
  (or the zone) differs from the last look; the midnight timer is re-armed from the clock;
- ``changes``: anything that says the clock or the zone moved (the app's "clock changed"
  and "zone changed" actions): the timer is re-armed at once, and if the date or the zone
  differs from the last look, that is a day boundary too.

What ended is not decided here: each item only names why to check (``"midnight"``,
``"clock"``), and the check asks the one rule (`store.rollovers.ended_days`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from reactivex import Observable, abc
from reactivex.disposable import CompositeDisposable, SerialDisposable

from middleware.clock import Clock
from middleware.streams.periodic_look import look_periodically
from store.local_day import local_date, next_local_midnight

DayEnd = Literal["midnight", "clock"]
"""Why a day may have ended: its midnight came, or the clock or the zone moved."""


def day_ends(
    clock: Clock,
    *,
    scheduler: abc.SchedulerBase,
    period_seconds: float,
    changes: Observable[Any] | None = None,
) -> Observable[DayEnd]:
    """Emit at each local midnight of the clock's zone, and when a look at the clock (every
    ``period_seconds``, or on each item of ``changes``) finds another date or zone.

    .. marble::
        :alt: day_ends (zone UTC, start 22:00, the clock jumps ahead a day at 23:00)

        22:00 ---- 23:00(jump) -- look ---------- 00:00 --->
        [                 day_ends                        ]
        --------------------------- clock -------- midnight ->
    """
    if period_seconds <= 0:
        raise ValueError(f"period_seconds must be positive, received {period_seconds!r}")

    def subscribe(
        observer: abc.ObserverBase[DayEnd], _: abc.SchedulerBase | None = None
    ) -> abc.DisposableBase:
        timer = SerialDisposable()
        last_seen: tuple[date, str] | None = None

        def look() -> bool:
            """Note the clock's date and zone; True if they differ from the last look."""
            nonlocal last_seen
            zone = clock.zone()
            seen = (local_date(clock.now(), zone), zone.key)
            moved = last_seen is not None and seen != last_seen
            last_seen = seen
            return moved

        def arm() -> None:
            now = clock.now()
            due = next_local_midnight(now, clock.zone())
            # Relative to the clock's own "now": right on every scheduler, virtual or real.
            timer.disposable = scheduler.schedule_relative(due - now, fire)

        def fire(_: abc.SchedulerBase, __: Any = None) -> None:
            look()
            arm()
            observer.on_next("midnight")

        def on_look(rearm: bool) -> None:
            if look():
                arm()
                observer.on_next("clock")
            elif rearm:
                arm()

        look()
        arm()
        disposables = CompositeDisposable(timer)
        looks = look_periodically(period_seconds, lambda: on_look(False), scheduler=scheduler)
        disposables.add(looks)
        if changes is not None:
            disposables.add(changes.subscribe(lambda _: on_look(True), observer.on_error))
        return disposables

    return Observable(subscribe)
