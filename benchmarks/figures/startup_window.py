"""Figure 10: start-up to a usable window, at 1k, 100k and 1M swipes of history.

The real ``python -m app --db`` on a virtual X server (`window_runs`), timed from right
before its process is spawned to the first frame painted after the trend's first load
(the ``first-frame`` line of `ui.frame_report`): the interpreter, the imports, opening
and rehydrating the database, building the window, the trend's first read off the GUI
thread and the paint that shows it. The bare Qt window (`bare_window`: the interpreter,
Qt's widgets and one paint) is the floor. Each round starts every window once, in turn,
on a warm page cache (the history's file was just copied), so this is a warm start.
"""

from __future__ import annotations

from collections.abc import Callable

from benchmarks.context import BenchContext
from benchmarks.report import FigureRow, Target
from benchmarks.runner import Contender, Measurement, run_interleaved
from benchmarks.window_runs import BARE, Subject, WindowRuns, needs_x_server, window_runs

FIGURE = 10
NAME = "start-up to a usable window (python -m app, first frame with the trend)"
TARGET_S = 1.5
RATIO = 1.3


def start_once(runs: WindowRuns, subject: Subject) -> Callable[[], Measurement]:
    def measure() -> Measurement:
        if subject.name in runs.unusable:
            return {"startup_s": runs.unusable[subject.name]}
        with runs.open(subject) as window:
            shown = runs.start(window, subject)
        return {"startup_s": runs.usable_within if shown is None else shown}

    return measure


def _name(subject: Subject, runs: WindowRuns) -> str:
    timed_out = runs.unusable.get(subject.name)
    late = f"; no first frame within {timed_out:.0f} s" if timed_out is not None else ""
    return f"{NAME} at {subject.name}{late}"


def run(context: BenchContext) -> list[FigureRow]:
    missing = needs_x_server()
    if missing is not None:
        return [FigureRow.skipped(FIGURE, NAME, "s", missing)]
    runs = window_runs(context)
    small, mid, large = runs.subjects()
    config = context.config
    samples = run_interleaved(
        [Contender(s.name, start_once(runs, s)) for s in (BARE, small, mid, large)],
        rounds=config.rounds,
        warm_up=config.warm_up and not config.quick,
        on_round=lambda done: context.progress(f"figure {FIGURE}: round {done} done"),
    )
    metric = "startup_s"
    return [
        FigureRow.compare(
            samples,
            figure=FIGURE,
            name=_name(small, runs),
            unit="s",
            subject=(small.name, metric),
            baseline=(BARE.name, metric),
            target=Target("median", "<=", TARGET_S, "s"),
        ),
        FigureRow.compare(
            samples,
            figure=FIGURE,
            name=_name(large, runs),
            unit="s",
            subject=(large.name, metric),
            baseline=(BARE.name, metric),
            target=Target("median", "<=", TARGET_S, "s"),
        ),
        FigureRow.compare(
            samples,
            figure=FIGURE,
            name=_name(large, runs) + f", against {small.name}",
            unit="s",
            subject=(large.name, metric),
            baseline=(small.name, metric),
            baseline_name=f"at {small.name}",
            target=Target("ratio", "<=", RATIO),
        ),
        FigureRow.compare(
            samples,
            figure=FIGURE,
            name=_name(mid, runs) + f", against {small.name}",
            unit="s",
            subject=(mid.name, metric),
            baseline=(small.name, metric),
            baseline_name=f"at {small.name}",
            target=Target("ratio", "<=", RATIO),
        ),
    ]
