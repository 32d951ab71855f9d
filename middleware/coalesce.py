"""`coalesce_swipes`: turn a stream of swipes into batches, so bursts never cause write storms.

Composed from RxPY's own operators, as ``buffer_with_time`` is: ``buffer`` cuts the source
into batches at boundaries, and the boundaries are a quiet period (``debounce``) or a
maximum wait since the first item of a batch (``throttle_first`` + ``timer``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import reactivex
from reactivex import Observable, abc
from reactivex import operators as ops

T = TypeVar("T")


def coalesce_swipes(
    quiet: float,
    max_wait: float,
    *,
    scheduler: abc.SchedulerBase,
) -> Callable[[Observable[T]], Observable[list[T]]]:
    """Batch items that arrive close together; never emit an empty batch.

    A batch closes when the source has been quiet for ``quiet`` seconds, or ``max_wait``
    seconds after the batch's first item, whichever comes first, or when the source
    completes (so a pending burst is flushed at shutdown). Errors pass through.

    .. marble::
        :alt: coalesce_swipes(quiet=2, max_wait=5)

        -a-b-c-------d-e-f-g-h-i-j-|
        [  coalesce_swipes(2, 5)   ]
        -------[abc]-------[defg]--[hij]|

    Args:
        quiet: seconds without an item that close a batch (``debounce``).
        max_wait: the longest a batch stays open, counted from its first item.
        scheduler: the scheduler every timer runs on; there is no default, so time is
            always injected (a ``TestScheduler`` in tests, the Qt scheduler in the app).
    """
    if quiet <= 0 or max_wait <= 0:
        raise ValueError(
            f"quiet and max_wait must be positive seconds, received quiet={quiet!r}, "
            f"max_wait={max_wait!r}"
        )
    if max_wait < quiet:
        raise ValueError(
            f"max_wait ({max_wait!r}) must not be shorter than quiet ({quiet!r}); a batch "
            "would always be cut by max_wait"
        )

    def _coalesce(source: Observable[T]) -> Observable[list[T]]:
        def subscribe(
            observer: abc.ObserverBase[list[T]], _: abc.SchedulerBase | None = None
        ) -> abc.DisposableBase:
            shared = source.pipe(ops.share())
            after_quiet: Observable[Any] = shared.pipe(ops.debounce(quiet, scheduler=scheduler))
            # The first item after a max-wait window has passed starts a new timer; items
            # inside the window ride on the running timer, so no batch outlives max_wait.
            after_max_wait: Observable[Any] = shared.pipe(
                ops.throttle_first(max_wait, scheduler=scheduler),
                ops.flat_map(lambda _: reactivex.timer(max_wait, scheduler=scheduler)),
            )
            boundaries = reactivex.merge(after_quiet, after_max_wait)
            batches: Observable[list[T]] = shared.pipe(
                ops.buffer(boundaries),
                ops.filter(_not_empty),
            )
            return batches.subscribe(observer)

        return Observable(subscribe)

    return _coalesce


def _not_empty(batch: list[Any]) -> bool:
    return len(batch) > 0
