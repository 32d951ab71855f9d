"""`look_periodically`: call a look at the world (the clock, the file) every period.

A look only reads the world and reacts to a change it finds, so a second look with nothing
having happened in between finds nothing new. A scheduler that knows when nothing has
happened (the simulation's virtual one, `schedule_periodic_look`) skips those looks: a
simulated year's nights are a million of them. Any other scheduler ticks as
``reactivex.interval`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

import reactivex
from reactivex import abc


@runtime_checkable
class LookScheduler(Protocol):
    """A scheduler that takes periodic looks itself, skipping the ones that find nothing."""

    def schedule_periodic_look(
        self, period: float, look: Callable[[], object]
    ) -> abc.DisposableBase: ...


def look_periodically(
    period_seconds: float, look: Callable[[], object], *, scheduler: abc.SchedulerBase
) -> abc.DisposableBase:
    """Call ``look()`` every ``period_seconds`` on ``scheduler``; dispose to stop."""
    if isinstance(scheduler, LookScheduler):
        return scheduler.schedule_periodic_look(period_seconds, look)

    def tick(_count: int) -> None:
        look()

    return reactivex.interval(period_seconds, scheduler=scheduler).subscribe(tick)
