"""Figure 3: snapshot rows written for a bursty session, against the policy's minimum.

Our job runs as ``python -m app simulate`` runs it (`run_simulation`: the real store, RxPY
pipeline and SQLite file in virtual time) and the rows are counted in the database. The
minimum is what the policy requires: one row per multiple of the interval reached plus
one per local day that ended with swipes. The naive job (see `naive_job`) sees the same
synthetic user, swipe for swipe. Each round uses another seed, so another session.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta

from app.simulation.simulator import SimulationOptions, run_simulation
from app.simulation.synthetic_user import plan_session
from benchmarks.config import count
from benchmarks.context import BenchContext
from benchmarks.figures.naive_job import NaiveSnapshotJob
from benchmarks.report import FigureRow, Target
from benchmarks.runner import Contender, Measurement, run_interleaved
from benchmarks.swipes import START, ZONE
from store.actions import Swiped
from store.local_day import next_local_midnight
from store.profile_store import create_profile_store

OURS = "our job"
NAIVE = "naive job"


def _options(context: BenchContext, seed: int) -> SimulationOptions:
    sizes = context.sizes
    return SimulationOptions(
        db_path=context.new_path(f"amplification-seed{seed}"),
        swipes=sizes.amplification_swipes,
        days=sizes.amplification_days,
        zone=ZONE,
        start=START,
        seed=seed,
    )


def ours(context: BenchContext) -> Callable[[], Measurement]:
    seeds = itertools.count(1)

    def measure() -> Measurement:
        report = run_simulation(_options(context, next(seeds)))
        return {"rows": report.rows_written, "minimum": report.minimum_rows}

    return measure


def naive(context: BenchContext) -> Callable[[], Measurement]:
    """The naive job over exactly the swipes `run_simulation` plans for the same seed."""
    seeds = itertools.count(1)

    def measure() -> Measurement:
        options = _options(context, next(seeds))
        job = NaiveSnapshotJob(interval=options.policy.swipe_interval, zone=options.zone)
        store = create_profile_store(catalog=context.catalog, middleware=[job.middleware])
        last_at = options.start
        for planned in plan_session(
            context.catalog,
            swipes=options.swipes,
            days=options.days,
            start=options.start,
            zone=options.zone,
            seed=options.seed,
            burst_size=options.burst_size,
            pause_seconds=options.pause_seconds,
        ):
            job.advance_to(planned.at)
            store.dispatch(
                Swiped(item_id=planned.item_id, direction=planned.direction, at=planned.at)
            )
            last_at = planned.at
        # Like the simulator: let the last local day end before counting.
        job.advance_to(next_local_midnight(last_at, options.zone) + timedelta(minutes=1))
        return {"rows": len(job.rows)}

    return measure


def run(context: BenchContext) -> list[FigureRow]:
    sizes = context.sizes
    samples = run_interleaved(
        [Contender(OURS, ours(context)), Contender(NAIVE, naive(context))],
        rounds=context.config.heavy_rounds,
        warm_up=False,  # row counts do not depend on a warm cache
    )
    session = (
        f"{count(sizes.amplification_swipes)} bursty swipes, "
        f"{sizes.amplification_days} days, a seed per round"
    )
    return [
        FigureRow.compare(
            samples,
            figure=3,
            name=f"snapshot rows written by our job ({session})",
            unit="rows",
            subject=(OURS, "rows"),
            baseline=(OURS, "minimum"),
            baseline_name="policy minimum",
            target=Target("ratio", "==", 1.0),
        ),
        FigureRow.compare(
            samples,
            figure=3,
            name=f"snapshot rows written by the naive job ({session})",
            unit="rows",
            subject=(NAIVE, "rows"),
            baseline=(OURS, "minimum"),
            baseline_name="policy minimum",
        ),
    ]
