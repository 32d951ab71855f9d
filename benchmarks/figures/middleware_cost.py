"""Figure 2: what the snapshot middleware adds to a swipe on the GUI thread.

The subject is a real session, opened by the app's own `open_session` on virtual time with
the writer inline, on the `VirtualScheduler` the end-to-end tests and `simulate` use: before
each swipe the scheduler moves to the swipe's instant, so debounce and max-wait timers fire
and batches close as they would live; then the swipe's ``dispatch`` alone is timed
(validation, the middleware, the reducer, listeners). Timer callbacks and SQLite work are
not charged to the swipe: in the app they run later, and SQLite on the writer's thread. The
baseline is a bare store (no middleware) dispatching the same swipes, timed the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from app.bootstrap import open_session
from app.simulation.virtual_scheduler import VirtualScheduler
from benchmarks.config import count
from benchmarks.context import BenchContext
from benchmarks.report import FigureRow, Target
from benchmarks.runner import Contender, Measurement, percentile, run_interleaved
from benchmarks.swipes import START, ZONE, planned_swipes
from middleware.clock import SchedulerClock
from store.actions import Swiped
from store.profile_store import create_profile_store

WITH_JOB = "with snapshot middleware"
BARE = "bare dispatch"
SETTLE_SECONDS = 3_600.0
"""After the last swipe: let the last batch close and its writes land before closing."""


def _summary(timings_ns: Sequence[int]) -> Measurement:
    return {
        "mean": sum(timings_ns) / len(timings_ns) / 1_000,
        "p99": percentile(timings_ns, 0.99) / 1_000,
    }


def session_dispatch(context: BenchContext, swipes: list[Swiped]) -> Callable[[], Measurement]:
    """A run: a new session on a new database, each swipe's dispatch timed on its own."""
    catalog = context.catalog

    def measure() -> Measurement:
        scheduler = VirtualScheduler(START)
        session = open_session(
            context.new_path("session"),
            clock=SchedulerClock(scheduler, ZONE),
            scheduler=scheduler,
            threaded_writer=False,
            catalog=catalog,
        )
        dispatch = session.store.dispatch
        clock = time.perf_counter_ns
        advance_to = scheduler.advance_to
        timings: list[int] = []
        try:
            for swipe in swipes:
                advance_to(swipe.at.timestamp())
                started = clock()
                dispatch(swipe)
                timings.append(clock() - started)
            scheduler.advance_by(SETTLE_SECONDS)
        finally:
            session.close()
        if session.store.get_state().profile.sequence != len(swipes):
            raise RuntimeError("the session did not count every swipe: not comparable")
        return _summary(timings)

    return measure


def bare_dispatch(context: BenchContext, swipes: list[Swiped]) -> Callable[[], Measurement]:
    catalog = context.catalog

    def measure() -> Measurement:
        dispatch = create_profile_store(catalog=catalog).dispatch
        clock = time.perf_counter_ns
        timings: list[int] = []
        for swipe in swipes:
            started = clock()
            dispatch(swipe)
            timings.append(clock() - started)
        return _summary(timings)

    return measure


def run(context: BenchContext) -> list[FigureRow]:
    config = context.config
    swipes = planned_swipes(context.catalog, context.sizes.session_swipes)
    samples = run_interleaved(
        [
            Contender(WITH_JOB, session_dispatch(context, swipes)),
            Contender(BARE, bare_dispatch(context, swipes)),
        ],
        rounds=config.rounds,
        warm_up=config.warm_up,
    )
    size = count(len(swipes))
    return [
        FigureRow.compare(
            samples,
            figure=2,
            name=f"swipe with snapshot middleware, mean GUI-thread cost ({size} swipes)",
            unit="us/swipe",
            subject=(WITH_JOB, "mean"),
            baseline=(BARE, "mean"),
            target=Target("ratio", "<=", 2.0),
        ),
        FigureRow.compare(
            samples,
            figure=2,
            name=f"swipe with snapshot middleware, p99 latency ({size} swipes)",
            unit="us",
            subject=(WITH_JOB, "p99"),
            baseline=(BARE, "p99"),
            target=Target("median", "<=", 1_000.0, "us"),
        ),
    ]
