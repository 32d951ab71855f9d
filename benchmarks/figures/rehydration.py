"""Figure 5: start-up from a database holding a million swipes, against one holding a thousand.

Two rows. `rehydrate` alone: open the database read-only and rebuild the state from the
latest snapshot plus the swipes after it. And the whole start-up, `open_session` then
``close``: open and migrate, rehydrate, look for ended days without a rollover row, start
the job and let it make its start-up check. The clock is set one minute after the last
stored swipe, on the same day, so the start-up check finds nothing to write and every
round opens the same file in the same state.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

from app.bootstrap import open_session
from app.simulation.virtual_scheduler import VirtualScheduler
from benchmarks.config import count
from benchmarks.context import BenchContext
from benchmarks.figures.payload import long_history, short_history
from benchmarks.history import TIMEZONE, History
from benchmarks.report import FigureRow, Target
from benchmarks.runner import Contender, Measurement, run_interleaved
from middleware.clock import SchedulerClock
from middleware.persistence.rehydrate import rehydrate
from middleware.persistence.repository import SnapshotRepository


def _check(history: History, swipes: int) -> None:
    if swipes != history.swipes:
        raise RuntimeError(
            f"start-up rebuilt {swipes} swipes from a history of {history.swipes}: not comparable"
        )


def rehydration(context: BenchContext, history: History) -> Callable[[], Measurement]:
    catalog = context.catalog

    def measure() -> Measurement:
        started = time.perf_counter()
        with SnapshotRepository.open(history.path, read_only=True) as repository:
            state = rehydrate(repository, catalog, timezone=TIMEZONE)
        elapsed = time.perf_counter() - started
        _check(history, state.profile.sequence)
        return {"ms": elapsed * 1e3}

    return measure


def start_up(context: BenchContext, history: History) -> Callable[[], Measurement]:
    catalog = context.catalog
    now = history.last_swipe_at + timedelta(minutes=1)

    def measure() -> Measurement:
        scheduler = VirtualScheduler(now)
        started = time.perf_counter()
        session = open_session(
            history.path,
            clock=SchedulerClock(scheduler, ZoneInfo(TIMEZONE)),
            scheduler=scheduler,
            threaded_writer=False,
            catalog=catalog,
        )
        session.close()
        elapsed = time.perf_counter() - started
        _check(history, session.store.get_state().profile.sequence)
        return {"ms": elapsed * 1e3}

    return measure


def run(context: BenchContext) -> list[FigureRow]:
    config = context.config
    long, short = long_history(context), short_history(context)
    long_name, short_name = f"{count(long.swipes)} swipes", f"{count(short.swipes)} swipes"
    samples = run_interleaved(
        [
            Contender(f"rehydrate {long_name}", rehydration(context, long)),
            Contender(f"rehydrate {short_name}", rehydration(context, short)),
            Contender(f"start-up {long_name}", start_up(context, long)),
            Contender(f"start-up {short_name}", start_up(context, short)),
        ],
        rounds=config.rounds,
        warm_up=config.warm_up,
    )
    return [
        FigureRow.compare(
            samples,
            figure=5,
            name=f"rehydrate from a database of {long_name}",
            unit="ms",
            subject=(f"rehydrate {long_name}", "ms"),
            baseline=(f"rehydrate {short_name}", "ms"),
            baseline_name=f"from {short_name}",
            target=Target("ratio", "<=", 1.5),
        ),
        FigureRow.compare(
            samples,
            figure=5,
            name=f"start-up (open_session + close) on a database of {long_name}",
            unit="ms",
            subject=(f"start-up {long_name}", "ms"),
            baseline=(f"start-up {short_name}", "ms"),
            baseline_name=f"on {short_name}",
            target=Target("ratio", "<=", 1.5),
        ),
    ]
