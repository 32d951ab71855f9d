"""Figure 7: a headless ``simulate`` of a million swipes, against bare store dispatch.

The subject is `run_simulation` exactly as ``python -m app simulate`` runs it: the synthetic
user, the real store, RxPY pipeline and a real SQLite file, in virtual time, including
opening the database and reading the rows back for the summary; its wall time gives swipes
per second. The baseline is figure 1's bare dispatch (no middleware), the ceiling for
anything that dispatches swipes through our store. The simulation warms up on a small
session rather than a full one.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from app.simulation.simulator import SimulationOptions, run_simulation
from benchmarks.config import count
from benchmarks.context import BenchContext
from benchmarks.figures.dispatch import our_dispatch
from benchmarks.report import FigureRow, Target
from benchmarks.runner import Contender, Measurement, run_interleaved
from benchmarks.swipes import START, ZONE, days_for, planned_swipes

WARM_UP_SWIPES = 2_000
SIMULATE = "simulate"
BARE = "bare dispatch"


def simulation(context: BenchContext, swipes: int) -> Callable[[], Measurement]:
    def measure() -> Measurement:
        options = SimulationOptions(
            db_path=context.new_path("simulate"),
            swipes=swipes,
            days=days_for(swipes),
            zone=ZONE,
            start=START,
        )
        started = time.perf_counter()
        report = run_simulation(options)
        elapsed = time.perf_counter() - started
        if report.swipes != swipes or report.swipes_in_database != swipes:
            raise RuntimeError(
                f"the simulation stored {report.swipes_in_database} of {swipes} swipes: "
                "not comparable"
            )
        return {"throughput": swipes / elapsed}

    return measure


def run(context: BenchContext) -> list[FigureRow]:
    sizes, config = context.sizes, context.config
    swipes = sizes.simulate_swipes
    actions = planned_swipes(context.catalog, sizes.simulate_dispatches)
    samples = run_interleaved(
        [
            Contender(
                SIMULATE,
                simulation(context, swipes),
                warm_up=simulation(context, min(swipes, WARM_UP_SWIPES)),
            ),
            Contender(BARE, our_dispatch(context, actions)),
        ],
        rounds=config.heavy_rounds,
        warm_up=config.warm_up,
        on_round=lambda done: context.progress(
            f"figure 7: round {done}/{config.heavy_rounds} done"
        ),
    )
    return [
        FigureRow.compare(
            samples,
            figure=7,
            name=f"headless simulate of {count(swipes)} swipes (run_simulation, SQLite file)",
            unit="swipes/s",
            subject=(SIMULATE, "throughput"),
            baseline=(BARE, "throughput"),
            baseline_name="bare store dispatch",
            target=Target("ratio", ">=", 0.25),
        )
    ]
