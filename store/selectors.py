"""Selectors: derived data read from the state, memoized by input identity.

Because the state is immutable and updated copy-on-write, "did this input change?" is an
identity check, and a selector whose inputs are unchanged returns its previous result
without recomputing, as reselect does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from operator import itemgetter
from typing import Any, Generic, TypeVar

from store.scoring import score_of_counts
from store.snapshot_input import SnapshotInput, TagAggregate
from store.state import AppState, LastSkip, TagStats

S = TypeVar("S")
R = TypeVar("R")


class MemoizedSelector(Generic[S, R]):
    """A selector that recomputes only when one of its inputs returns a different object."""

    __slots__ = ("_combine", "_inputs", "_last_arguments", "_last_result", "recomputations")

    def __init__(self, inputs: tuple[Callable[[S], Any], ...], combine: Callable[..., R]) -> None:
        self._inputs = inputs
        self._combine = combine
        self._last_arguments: tuple[Any, ...] | None = None
        self._last_result: R | None = None
        self.recomputations = 0

    def __call__(self, state: S) -> R:
        arguments = tuple(select(state) for select in self._inputs)
        last = self._last_arguments
        if last is not None and all(a is b for a, b in zip(arguments, last, strict=True)):
            return self._last_result  # type: ignore[return-value]
        result = self._combine(*arguments)
        self._last_arguments = arguments
        self._last_result = result
        self.recomputations += 1
        return result


def create_selector(
    *inputs: Callable[[S], Any], combine: Callable[..., R]
) -> MemoizedSelector[S, R]:
    """Memoize ``combine(*(select(state) for select in inputs))`` on input identity."""
    if not inputs:
        raise TypeError("create_selector needs at least one input selector, received none")
    return MemoizedSelector(inputs, combine)


def select_tag_stats(state: AppState) -> Mapping[str, TagStats]:
    return state.profile.tags


def select_swipe_count(state: AppState) -> int:
    return state.profile.sequence


_by_tag = itemgetter(0)
_by_score = itemgetter(4)


def _ordered_aggregates(tags: Mapping[str, TagStats]) -> tuple[TagAggregate, ...]:
    aggregates = [
        TagAggregate(tag, likes, nopes, superlikes, score_of_counts(likes, nopes, superlikes))
        for tag, (likes, nopes, superlikes) in tags.items()
        if likes + nopes + superlikes
    ]
    # `canonical_tag_order` as two sorts keyed in C: by tag, then by score descending, which
    # keeps equal scores in tag order (``reverse`` sorts are stable too). Half the cost of
    # one sort through a Python key function on a profile of some 34 tags.
    aggregates.sort(key=_by_tag)
    aggregates.sort(key=_by_score, reverse=True)
    return tuple(aggregates)


select_ordered_tags: MemoizedSelector[AppState, tuple[TagAggregate, ...]] = create_selector(
    select_tag_stats, combine=_ordered_aggregates
)
"""Every tag with at least one swipe, in canonical order (score desc, tag asc)."""


def select_top_tags(state: AppState, n: int) -> tuple[TagAggregate, ...]:
    """The ``n`` best-scoring tags, ties broken by tag name."""
    if n < 0:
        raise ValueError(f"n must be zero or more, received {n!r}")
    return select_ordered_tags(state)[:n]


def select_snapshots_stored(state: AppState) -> int:
    """How many snapshot rows the database holds: those at start plus those saved since."""
    job = state.snapshots
    return job.stored_at_start + job.counters.created


def select_rows_awaiting_retry(state: AppState) -> int:
    """How many snapshot rows a failed write left waiting: failed now, or on a retry.

    A row whose first write is on its way is not counted: it lands within milliseconds,
    and calling it a retry would report a failure that did not happen."""
    return sum(
        1
        for write in state.snapshots.pending_writes.values()
        if write.failed or write.attempt > 1
    )


def select_skip_since_last_snapshot(state: AppState) -> LastSkip | None:
    """The last check that saved nothing, if no snapshot was saved after it."""
    job = state.snapshots
    skip, last = job.last_skip, job.last_snapshot
    if skip is None or (last is not None and last.created_at > skip.at):
        return None
    return skip


def _snapshot_input(tags: tuple[TagAggregate, ...], swipe_count: int) -> SnapshotInput:
    # Built without validation: every field holds by construction (counts are whole numbers
    # >= 0 that the reducer only increments, each score comes from `score_of_counts`, the
    # order from `_ordered_aggregates`, tags are unique dict keys no longer than the catalog
    # allows). Validating again was a third of a snapshot's cost; a property test checks
    # that this object equals the validated one and the one read back from its own JSON.
    return SnapshotInput.model_construct(swipe_count=swipe_count, tags=tags)


build_current_profile_snapshot_input: MemoizedSelector[AppState, SnapshotInput] = create_selector(
    select_ordered_tags, select_swipe_count, combine=_snapshot_input
)
"""The one source of snapshot content: ``build_current_profile_snapshot_input(state)``."""


def select_reduced_swipe_day(state: AppState) -> date | None:
    """The local date the reducer gave the swipe it reduced last: the open day whose end is
    the current profile (the same object), or None when that date was closed already (the
    clock went back onto recorded periods) and the caller computes it by the same rule
    (`store.local_day.local_date`). Reading it back costs a dict walk over the few open
    days; computing it again costs ``local_date`` (0.57 us a swipe, per reader)."""
    profile = state.profile
    for day, day_end in state.open_days.items():
        if day_end is profile:
            return day
    return None
