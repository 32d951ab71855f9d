"""`coalesce_swipes`: turn a stream of swipes into batches, so bursts never cause write storms.

Semantically this is RxPY's ``buffer`` with two kinds of boundary: a quiet period after the
last item (``debounce``) and a maximum wait after the first item of the batch. The obvious
composition, ``buffer(merge(debounce(quiet), max-wait timer))``, was measured here at about
48 us per item on a `TestScheduler`: RxPY's ``debounce`` schedules (and cancels) one timer per
item, and ``buffer`` routes each item through a window subject. Coalescing sits on every
swipe's path, and that composition was most of the cost of a simulated swipe, so this
operator keeps the same contract with one timer per batch: it remembers when the last item
came and, when the timer fires early because items kept coming, re-arms it for the new
deadline. Per item it does an append and a comparison.

The quiet period and the maximum wait may be numbers or functions that return them (the
snapshot epic reads the person's settings from the state): they are read when a batch
opens, so a change applies from the next batch on and never reshapes the open one.

The state machine is `SwipeBatcher`, a plain class the operator wraps, so it can be tested
on its own as well as through the marble tests of the operator (quiet period, maximum wait,
completion, errors, never, bursts).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from reactivex import Observable, abc
from reactivex.disposable import CompositeDisposable, Disposable
from reactivex.scheduler import VirtualTimeScheduler

from middleware.clock import as_aware_utc

T = TypeVar("T")

Seconds = float | Callable[[], float]
"""A duration, or a function read for each new batch that returns it."""

_EPSILON = 1e-9
"""Virtual clocks add floats; a deadline this close counts as reached."""

MAX_BATCH_ITEMS = 500
"""A batch also closes when it holds this many items. No person fills one (a few swipes a
second for at most ``max_wait``); a machine dispatching flat out does, often while the thread
that runs the timers is too busy to run them, and then the open batch would hold every
swipe it sent (about 500 bytes each: 0.5 GB at a million) and no checkpoint would be taken."""


def _reader(value: Seconds) -> Callable[[], float]:
    if callable(value):
        return value
    return lambda: value


def _check_durations(quiet: Seconds, max_wait: Seconds, max_items: int = MAX_BATCH_ITEMS) -> None:
    if max_items < 1:
        raise ValueError(f"max_items must be at least 1, received {max_items!r}")
    if callable(quiet) or callable(max_wait):
        return  # read and checked as each batch opens
    _check_pair(quiet, max_wait)


def _check_pair(quiet: float, max_wait: float) -> None:
    if not (quiet > 0 and max_wait > 0):
        raise ValueError(
            f"quiet and max_wait must be positive seconds, received quiet={quiet!r}, "
            f"max_wait={max_wait!r}"
        )
    if max_wait < quiet:
        raise ValueError(
            f"max_wait ({max_wait!r}) must not be shorter than quiet ({quiet!r}); a batch "
            "would always be cut by max_wait"
        )


class SwipeBatcher(Generic[T]):
    """Collects pushed items into batches handed to ``on_batch``, with one timer per batch.

    A batch closes when no item came for ``quiet`` seconds, or ``max_wait`` seconds after
    its first item, or when it holds ``max_items``, whichever comes first, or at `complete`.
    Given as functions, ``quiet`` and ``max_wait`` are read as each batch opens.
    Items pushed after `complete`
    or `cancel` are ignored. Push from the thread that drives ``scheduler``.
    """

    __slots__ = (
        "_armed",
        "_batch",
        "_done",
        "_first_at",
        "_last_at",
        "_max_items",
        "_max_wait",
        "_now",
        "_on_batch",
        "_quiet",
        "_read_max_wait",
        "_read_quiet",
        "_scheduler",
        "_timer",
    )

    def __init__(
        self,
        quiet: Seconds,
        max_wait: Seconds,
        *,
        scheduler: abc.SchedulerBase,
        on_batch: Callable[[list[T]], None],
        max_items: int = MAX_BATCH_ITEMS,
    ) -> None:
        _check_durations(quiet, max_wait, max_items)
        self._read_quiet = _reader(quiet)
        self._read_max_wait = _reader(max_wait)
        self._quiet = 0.0  # the open batch's, read as it opened
        self._max_wait = 0.0
        self._max_items = max_items
        self._now = _seconds_reader(scheduler)
        self._scheduler = scheduler
        self._on_batch = on_batch
        self._batch: list[T] = []
        self._first_at = 0.0
        self._last_at = 0.0
        self._armed = False
        self._timer: abc.DisposableBase | None = None
        self._done = False

    def push(self, item: T) -> None:
        """Add ``item`` to the open batch (opening one, and arming its timer, if needed)."""
        if self._done:
            return
        at = self._now()
        batch = self._batch
        if not batch:
            self._first_at = at
            self._open_batch()
        batch.append(item)
        self._last_at = at
        if len(batch) >= self._max_items:
            # The timer stays armed: when it fires it finds the next batch (and re-arms for
            # its deadline) or none, which costs less than a timer per full batch.
            self._close()
        elif not self._armed:
            self._arm(min(self._quiet, self._first_at + self._max_wait - at))

    def complete(self) -> None:
        """Close the open batch now (a pending burst is not lost), then ignore new items."""
        if self._done:
            return
        self._done = True
        self._disarm()
        if self._batch:
            self._close()

    def cancel(self) -> None:
        """Drop the open batch and the timer; new items are ignored."""
        self._done = True
        self._disarm()
        self._batch = []

    def _open_batch(self) -> None:
        """Read the durations for the batch opening now (the settings in force)."""
        quiet, max_wait = self._read_quiet(), self._read_max_wait()
        _check_pair(quiet, max_wait)
        self._quiet, self._max_wait = quiet, max_wait

    def _arm(self, delay: float) -> None:
        self._armed = True
        self._timer = self._scheduler.schedule_relative(max(delay, 0.0), self._on_timer)

    def _disarm(self) -> None:
        self._armed = False
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.dispose()

    def _close(self) -> None:
        done, self._batch = self._batch, []
        self._on_batch(done)

    def _on_timer(self, _: abc.SchedulerBase, __: Any = None) -> None:
        self._armed = False
        self._timer = None
        if not self._batch or self._done:
            return
        deadline = min(self._last_at + self._quiet, self._first_at + self._max_wait)
        remaining = deadline - self._now()
        if remaining <= _EPSILON:
            self._close()
        else:  # items came since the timer was armed: wait for the new deadline
            self._arm(remaining)


def coalesce_swipes(
    quiet: Seconds,
    max_wait: Seconds,
    *,
    scheduler: abc.SchedulerBase,
    max_items: int = MAX_BATCH_ITEMS,
) -> Callable[[Observable[T]], Observable[list[T]]]:
    """Batch items that arrive close together; never emit an empty batch.

    A batch closes when the source has been quiet for ``quiet`` seconds (debounce), or
    ``max_wait`` seconds after the batch's first item, or when it holds ``max_items``
    (RxPY's ``buffer_with_time_or_count`` bound), whichever comes first, or when the
    source completes (so a pending burst is flushed at shutdown). An error is passed on at
    once; the items of the open batch are dropped with it, as ``buffer`` does.

    .. marble::
        :alt: coalesce_swipes(quiet=2, max_wait=5)

        -a-b-c-------d-e-f-g-h-i-j-|
        [  coalesce_swipes(2, 5)   ]
        -------[abc]-------[defg]--[hij]|

    Args:
        quiet: seconds without an item that close a batch (or a function returning
            them, read as each batch opens).
        max_wait: the longest a batch stays open, counted from its first item (or a
            function returning it, read as each batch opens).
        max_items: the most items in one batch (see `MAX_BATCH_ITEMS`).
        scheduler: the scheduler the timer runs on; there is no default, so time is
            always injected (a ``TestScheduler`` in tests, the Qt scheduler in the app).
    """
    _check_durations(quiet, max_wait, max_items)

    def _coalesce(source: Observable[T]) -> Observable[list[T]]:
        def subscribe(
            observer: abc.ObserverBase[list[T]],
            subscribe_scheduler: abc.SchedulerBase | None = None,
        ) -> abc.DisposableBase:
            batcher: SwipeBatcher[T] = SwipeBatcher(
                quiet, max_wait, scheduler=scheduler, on_batch=observer.on_next, max_items=max_items
            )

            def on_error(error: Exception) -> None:
                batcher.cancel()
                observer.on_error(error)

            def on_completed() -> None:
                batcher.complete()
                observer.on_completed()

            # As RxPY's operators do: the scheduler this was subscribed with goes on to the
            # source; the batch timers always run on the injected ``scheduler``.
            subscription = source.subscribe(
                batcher.push, on_error, on_completed, scheduler=subscribe_scheduler
            )
            return CompositeDisposable(subscription, Disposable(batcher.cancel))

        return Observable(subscribe)

    return _coalesce


def _seconds_reader(scheduler: abc.SchedulerBase) -> Callable[[], float]:
    """A cheap "now, in seconds" for ``scheduler``: read on every item, so it matters.

    A virtual-time scheduler's clock already is seconds (the app's `VirtualScheduler`
    keeps it as a float); any other scheduler's ``now`` is an aware datetime (or a naive
    one meaning UTC, RxPY's convention).
    """
    if isinstance(scheduler, VirtualTimeScheduler):

        def virtual_now() -> float:
            clock = scheduler.clock
            if isinstance(clock, float | int):
                return float(clock)
            return float(scheduler.to_seconds(scheduler.now))

        return virtual_now

    def wall_now() -> float:
        return as_aware_utc(scheduler.now).timestamp()

    return wall_now
