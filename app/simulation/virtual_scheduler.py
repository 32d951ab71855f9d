"""`VirtualScheduler`: virtual time in float seconds since the epoch, with cheap timers.

The simulator and the end-to-end tests run days of activity in virtual time: before each
swipe the clock moves to the swipe's instant, running every timer due by then in order. A
simulated session runs hundreds of thousands of timers (batch deadlines, the periodic check,
outcome drains), and RxPY's `VirtualTimeScheduler` converts every due time to a datetime
and back, wraps each action in two disposables and compares datetimes on every step: that
bookkeeping measured about 20 us per timer, more than the work most timers do. This
scheduler keeps the same contract (due times in order, ties first-scheduled first, the clock
set to each due time while its action runs, ``advance_to`` not re-entrant, cancelled actions
skipped) with a heap of float due times. ``now`` is still an aware UTC datetime, rounded to
the microsecond as RxPY's is.

A simulated year also runs two periodic looks a minute (is the date or the zone another?
is the file still ours?): a million ticks, most in the night between two days of swipes,
where nothing else runs. `schedule_periodic_look` takes such a look, one that only reads
the world: a look due when nothing else has run since its last one (no other action, no
call from outside) would find what that one found, so it is skipped, and a run of them is
stepped over at once. The ticks keep their instants and their order.

Scheduling is safe from any thread (the heap is locked); advancing belongs to one thread.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from reactivex import abc, typing
from reactivex.internal import ArgumentOutOfRangeException
from reactivex.scheduler import VirtualTimeScheduler

from store.instants import require_aware_utc

_TState = TypeVar("_TState")


class _ScheduledAction(abc.DisposableBase):
    """An action waiting in the heap; disposing it cancels it, or what it returned once run."""

    __slots__ = ("action", "disposed", "result", "state")

    def __init__(self, action: abc.ScheduledAction[Any], state: Any) -> None:
        self.action = action
        self.state = state
        self.disposed = False
        self.result: abc.DisposableBase | None = None

    def dispose(self) -> None:
        if self.disposed:
            return
        self.disposed = True
        result, self.result = self.result, None
        if result is not None:
            result.dispose()

    def run(self, scheduler: abc.SchedulerBase) -> None:
        result = self.action(scheduler, self.state)
        if isinstance(result, abc.DisposableBase):
            if self.disposed:
                result.dispose()
            else:
                self.result = result


class _PeriodicHandle(abc.DisposableBase):
    """Cancels a periodic action: the pending run, and every later one."""

    __slots__ = ("disposed", "pending")

    def __init__(self) -> None:
        self.disposed = False
        self.pending: abc.DisposableBase | None = None

    def dispose(self) -> None:
        self.disposed = True
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.dispose()


class _Look(abc.DisposableBase):
    """A periodic look (`VirtualScheduler.schedule_periodic_look`) and its next tick."""

    __slots__ = ("disposed", "due", "look", "order", "owner", "period", "seen")

    def __init__(
        self, owner: VirtualScheduler, look: Callable[[], object], period: float, due: float
    ) -> None:
        self.owner = owner
        self.look = look
        self.period = period
        self.due = due
        self.order = 0
        self.seen = -1  # the scheduler's epoch at the last look: -1, none yet
        self.disposed = False

    def dispose(self) -> None:
        if not self.disposed:
            self.disposed = True
            self.owner._remove_look(self)


class VirtualScheduler(VirtualTimeScheduler):
    """Virtual time in float seconds since the epoch, starting at ``start``."""

    def __init__(self, start: datetime) -> None:
        start = require_aware_utc(start, "VirtualScheduler's start")
        super().__init__(start.timestamp())
        self._clock: float = start.timestamp()
        self._heap: list[tuple[float, int, _ScheduledAction]] = []
        self._order = itertools.count()
        self._looks: list[_Look] = []
        self._next_look_due = math.inf
        self._epoch = 0
        """Counts what may have changed the world: each action run, each advance."""

    # --- time --------------------------------------------------------------------------

    @property
    def seconds(self) -> float:
        """The virtual clock, in seconds since the epoch (what ``clock`` returns, unlocked)."""
        return self._clock

    def _get_clock(self) -> float:
        return self._clock

    clock = property(fget=_get_clock)

    @property
    def now(self) -> datetime:
        return datetime.fromtimestamp(self._clock, UTC)

    # --- scheduling --------------------------------------------------------------------

    def schedule(
        self, action: abc.ScheduledAction[_TState], state: _TState | None = None
    ) -> abc.DisposableBase:
        return self._enqueue(self._clock, action, state)

    def schedule_relative(
        self,
        duetime: typing.RelativeTime,
        action: abc.ScheduledAction[_TState],
        state: _TState | None = None,
    ) -> abc.DisposableBase:
        return self._enqueue(self._clock + _seconds(duetime), action, state)

    def schedule_absolute(
        self,
        duetime: typing.AbsoluteTime,
        action: abc.ScheduledAction[_TState],
        state: _TState | None = None,
    ) -> abc.DisposableBase:
        return self._enqueue(_timestamp(duetime), action, state)

    def schedule_periodic(
        self,
        period: typing.RelativeTime,
        action: typing.ScheduledPeriodicAction[_TState],
        state: _TState | None = None,
    ) -> abc.DisposableBase:
        """Run ``action(state)`` every ``period``; its result is the next run's state.

        Each run is due one period after the previous one was due, as RxPY's own periodic
        scheduling does; an action that raises stops the series and the error propagates.
        """
        seconds = _seconds(period)
        if seconds <= 0:
            raise ValueError(f"period must be positive seconds, received {period!r}")
        handle = _PeriodicHandle()

        def run(_: abc.SchedulerBase, current: Any = None) -> None:
            if handle.disposed:
                return
            due = self._clock
            try:
                following = action(current)
            except Exception:
                handle.dispose()
                raise
            if not handle.disposed:
                handle.pending = self._enqueue(due + seconds, run, following)

        handle.pending = self._enqueue(self._clock + seconds, run, state)
        return handle

    def schedule_periodic_look(
        self, period: typing.RelativeTime, look: Callable[[], object]
    ) -> abc.DisposableBase:
        """Call ``look()`` every ``period``, as `schedule_periodic` would, except when
        nothing has run since its last call: no action of this scheduler and no advance
        (from outside, which may have changed the world). ``look`` must only read the world
        and react to a change it finds, so that a second look finds what the first found.
        A look that raises stops, and the error propagates."""
        seconds = _seconds(period)
        if seconds <= 0:
            raise ValueError(f"period must be positive seconds, received {period!r}")
        handle = _Look(self, look, seconds, self._clock + seconds)
        with self._lock:
            handle.order = next(self._order)
            self._looks.append(handle)
            self._next_look_due = min(self._next_look_due, handle.due)
        return handle

    def _remove_look(self, handle: _Look) -> None:
        with self._lock:
            self._looks = [look for look in self._looks if look is not handle]
            self._next_look_due = min((look.due for look in self._looks), default=math.inf)

    def _enqueue(
        self, due: float, action: abc.ScheduledAction[Any], state: Any
    ) -> abc.DisposableBase:
        scheduled = _ScheduledAction(action, state)
        with self._lock:
            heapq.heappush(self._heap, (due, next(self._order), scheduled))
        return scheduled

    # --- advancing ---------------------------------------------------------------------

    def advance_to_seconds(self, seconds: float) -> None:
        """Advance to ``seconds`` since the epoch, running the timers due by then."""
        heap = self._heap
        if (
            seconds > self._clock
            and not self._is_enabled
            and (not heap or heap[0][0] > seconds)
            and self._next_look_due > seconds
        ):
            self._clock = seconds  # nothing due: the common case between two swipes
            return
        self._advance(seconds)

    def advance_to(self, time: typing.AbsoluteTime) -> None:
        """Advance to ``time`` (seconds since the epoch or a datetime), running what is due."""
        self._advance(_timestamp(time))

    def advance_by(self, time: typing.RelativeTime) -> None:
        self._advance(self._clock + _seconds(time))

    def sleep(self, time: typing.RelativeTime) -> None:
        """Move the clock forward by ``time`` without running anything."""
        seconds = _seconds(time)
        if seconds < 0:
            raise ArgumentOutOfRangeException()
        self._clock += seconds

    def _advance(self, target: float) -> None:
        if target < self._clock:
            raise ArgumentOutOfRangeException()
        if target == self._clock or self._is_enabled:
            return
        self._run_due(until=target)
        self._clock = target

    def start(self) -> Any:
        """Run every queued action in due-time order, moving the clock along."""
        if self._is_enabled:
            return None
        self._run_due(until=math.inf)
        return None

    def _run_due(self, until: float) -> None:
        """Run the actions due by ``until`` in order, the clock set to each one's due time."""
        self._is_enabled = True
        self._epoch += 1  # whoever advances may have changed the world since the last run
        heap, lock, pop = self._heap, self._lock, heapq.heappop
        try:
            while self._is_enabled:
                with lock:
                    if self._next_look_due <= until:
                        look = self._first_look()
                        if not heap or (look.due, look.order) < heap[0][:2]:
                            self._take_look(look, until)
                            continue
                    if not heap or heap[0][0] > until:
                        break
                    due, _, scheduled = pop(heap)
                if due > self._clock:
                    self._clock = due
                if not scheduled.disposed:
                    self._epoch += 1
                    scheduled.run(self)
        finally:
            self._is_enabled = False

    def _first_look(self) -> _Look:
        return min(self._looks, key=lambda look: (look.due, look.order))

    def _take_look(self, look: _Look, until: float) -> None:
        """Take ``look`` at its tick (unless nothing ran since its last), then move it to
        its next tick; past the ticks that would find nothing new, up to the last one
        before the next action or ``until`` (called with the lock held)."""
        due = look.due
        if due > self._clock:
            self._clock = due
        if look.seen != self._epoch:
            look.seen = self._epoch
            self._lock.release()
            try:
                look.look()
            except Exception:
                look.dispose()
                raise
            finally:
                self._lock.acquire()
        if look.disposed:
            return
        period = look.period
        following = due + period
        if look.seen == self._epoch:  # nothing ran since: the next ticks find nothing new
            bound = min(self._heap[0][0] if self._heap else math.inf, until)
            if bound < math.inf:
                while following + period < bound:
                    following += period
        look.due = following
        look.order = next(self._order)
        self._next_look_due = min(item.due for item in self._looks)

    def stop(self) -> None:
        self._is_enabled = False

    @classmethod
    def add(cls, absolute: typing.AbsoluteTime, relative: typing.RelativeTime) -> float:
        return _timestamp(absolute) + _seconds(relative)


def _seconds(relative: typing.RelativeTime) -> float:
    """A duration (a timedelta, or seconds) in seconds."""
    return relative.total_seconds() if isinstance(relative, timedelta) else float(relative)


def _timestamp(absolute: typing.AbsoluteTime) -> float:
    """An instant (an aware datetime, or seconds since the epoch) in seconds since the epoch."""
    return absolute.timestamp() if isinstance(absolute, datetime) else float(absolute)
