"""Figure 1: our store's dispatch of a swipe, against python-redux doing the same work.

Both stores start empty, get the same pre-built swipes (ours as validated `Swiped` models,
python-redux's as its own immutable actions), count them against the same catalog tags and
have no listeners; only the dispatch loop is timed. Ours also validates every action and
checks its thread, which python-redux does not.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from benchmarks.config import count
from benchmarks.context import BenchContext
from benchmarks.figures.redux_peer import create_peer_store, peer_actions, peer_swipe_count
from benchmarks.report import FigureRow, Target
from benchmarks.runner import Contender, Measurement, run_interleaved
from benchmarks.swipes import planned_swipes
from store.actions import Swiped
from store.profile_store import create_profile_store

OURS = "our store"
PEER = "python-redux 0.25.4"


def _check(done: int, expected: int, who: str) -> None:
    if done != expected:
        raise RuntimeError(f"{who} counted {done} swipes, expected {expected}: not comparable")


def our_dispatch(context: BenchContext, swipes: Sequence[Swiped]) -> Callable[[], Measurement]:
    """A run: a fresh `create_profile_store()`, then every swipe dispatched, timed."""
    catalog = context.catalog

    def measure() -> Measurement:
        store = create_profile_store(catalog=catalog)
        dispatch = store.dispatch
        started = time.perf_counter()
        for swipe in swipes:
            dispatch(swipe)
        elapsed = time.perf_counter() - started
        _check(store.get_state().profile.sequence, len(swipes), OURS)
        return {"throughput": len(swipes) / elapsed}

    return measure


def run(context: BenchContext) -> list[FigureRow]:
    sizes, config = context.sizes, context.config
    swipes = planned_swipes(context.catalog, sizes.dispatch_actions)
    item_tags = context.catalog.item_tags
    their_actions = peer_actions(swipes)

    def peer() -> Measurement:
        store = create_peer_store(item_tags)
        dispatch = store.dispatch
        started = time.perf_counter()
        for action in their_actions:
            dispatch(action)
        elapsed = time.perf_counter() - started
        _check(peer_swipe_count(store), len(their_actions), PEER)
        return {"throughput": len(their_actions) / elapsed}

    samples = run_interleaved(
        [Contender(OURS, our_dispatch(context, swipes)), Contender(PEER, peer)],
        rounds=config.rounds,
        warm_up=config.warm_up,
    )
    return [
        FigureRow.compare(
            samples,
            figure=1,
            name=f"store dispatch of Swiped, no middleware ({count(len(swipes))} per round)",
            unit="swipes/s",
            subject=(OURS, "throughput"),
            baseline=(PEER, "throughput"),
            target=Target("ratio", ">=", 1.5),
        )
    ]
