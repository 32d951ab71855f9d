"""Figure 12: resident memory of the open window at 1k, 100k and 1M swipes, and over swipes.

Each round starts the bare Qt window and the app on each history (`window_runs`), reads
``VmRSS`` once the first frame is shown and the window has settled, then types a session
of arrow keys into it through the X server (500; 50 with ``--quick``; twenty a second,
cycling Right, Left, Up), waits until the database holds every one of those swipes and
the window has settled again (the last batch written, its snapshot's trend reload done),
and reads ``VmRSS`` again. The targets bound the growth from the 1k history to the
longer ones; the growth over the session is reported.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.context import BenchContext
from benchmarks.report import FigureRow, Target
from benchmarks.runner import Contender, Measurement, run_interleaved
from benchmarks.window_process import WindowProcess
from benchmarks.window_runs import (
    BARE,
    DeckKeys,
    Subject,
    WindowRuns,
    deck_keys,
    needs_x_server,
    window_runs,
)

FIGURE = 12
NAME = "resident memory of the open window (VmRSS)"
FULL_SWIPES = 500
QUICK_SWIPES = 50
KEY_INTERVAL_S = 0.05
SETTLE_S = 2.0
AFTER_SESSION_S = 4.0
"""Longer than the batch's longest wait (3 s), so the last batch and its reload are done."""
STORED_TIMEOUT_S = 180.0
GROWTH_MB = 30.0


def stored_swipes(database: Path) -> int:
    """The last swipe number in ``database``, read without writing anything."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5.0) as connection:
        (last,) = connection.execute("SELECT coalesce(max(sequence), 0) FROM swipes").fetchone()
    connection.close()
    return int(last)


def type_session(window: WindowProcess, keys: DeckKeys, swipes: int, database: Path | None) -> None:
    """Press ``swipes`` arrow keys; with a database, wait until it holds them all."""
    before = stored_swipes(database) if database is not None else 0
    for _ in range(swipes):
        keys.reshuffle_if_out()
        keys.swipe()
        time.sleep(KEY_INTERVAL_S)
    if database is None:
        return
    deadline = time.monotonic() + STORED_TIMEOUT_S
    while stored_swipes(database) < before + swipes:
        if time.monotonic() > deadline or window.exited:
            raise RuntimeError(
                f"the window stored {stored_swipes(database) - before} of {swipes} swipes "
                f"within {STORED_TIMEOUT_S:.0f} s: {window.describe()}"
            )
        time.sleep(0.25)


def measure_memory(runs: WindowRuns, subject: Subject, swipes: int) -> Callable[[], Measurement]:
    def measure() -> Measurement:
        with runs.open(subject) as window:
            shown = runs.start(window, subject)
            if shown is None:  # it never became usable: its memory while it tried
                resident = window.resident_mb()
                return {"open_mb": resident, "after_session_mb": resident}
            time.sleep(SETTLE_S)
            opened = window.resident_mb()
            database = None if subject.swipes is None else window.workdir / "profile.sqlite3"
            type_session(window, deck_keys(runs, window, subject), swipes, database)
            time.sleep(AFTER_SESSION_S)
            return {"open_mb": opened, "after_session_mb": window.resident_mb()}

    return measure


def run(context: BenchContext) -> list[FigureRow]:
    missing = needs_x_server()
    if missing is not None:
        return [FigureRow.skipped(FIGURE, NAME, "MB", missing)]
    runs = window_runs(context)
    small, mid, large = runs.subjects()
    config = context.config
    swipes = QUICK_SWIPES if config.quick else FULL_SWIPES
    samples = run_interleaved(
        [Contender(s.name, measure_memory(runs, s, swipes)) for s in (BARE, small, mid, large)],
        rounds=config.heavy_rounds,
        warm_up=False,  # every run is a fresh process
        on_round=lambda done: context.progress(f"figure {FIGURE}: round {done} done"),
    )

    def name(subject: Subject, what: str) -> str:
        late = runs.unusable.get(subject.name)
        never = f"; no first frame within {late:.0f} s, while it tried" if late else ""
        return f"{NAME}, {what} at {subject.name}{never}"

    rows = [
        FigureRow.compare(
            samples,
            figure=FIGURE,
            name=name(small, "open"),
            unit="MB",
            subject=(small.name, "open_mb"),
            baseline=(BARE.name, "open_mb"),
        )
    ]
    rows += [
        FigureRow.compare(
            samples,
            figure=FIGURE,
            name=name(subject, "open"),
            unit="MB",
            subject=(subject.name, "open_mb"),
            baseline=(small.name, "open_mb"),
            baseline_name=f"at {small.name}",
            target=Target("difference", "<=", GROWTH_MB, "MB"),
        )
        for subject in (large, mid)
    ]
    rows += [
        FigureRow.compare(
            samples,
            figure=FIGURE,
            name=name(subject, f"after {swipes} swipes typed"),
            unit="MB",
            subject=(subject.name, "after_session_mb"),
            baseline=(subject.name, "open_mb"),
            baseline_name="before them",
        )
        for subject in (small, large)
        if subject.name not in runs.unusable
    ]
    return rows
