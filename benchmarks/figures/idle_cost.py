"""Figure 11: what the window costs while nobody touches it, at 1k, 100k and 1M swipes.

The bare Qt window and the app on each history are started together, each on its own
virtual X server (`window_runs`); once every one has shown its first frame and settled,
each process is read from /proc (`process_stats`), left alone for the idle period (five
minutes; ten seconds with ``--quick``), and read again. Reported: CPU seconds per five
minutes (user plus system, every thread) and wakeups (voluntary context switches, every
thread) per minute. One round: the windows idle side by side, so five minutes is the
figure's whole wall time.

While idle the app has one timer of its own, the snapshot job's periodic check once a
minute (it re-derives the local date and returns when the date has not changed, without
dispatching anything); the midnight timer fires at local midnight. Qt's pixmap cache runs a
flush timer of its own for a minute or two after the last paint, then stops; no animation
runs and nothing polls.
"""

from __future__ import annotations

import time
from contextlib import ExitStack

from benchmarks.context import BenchContext
from benchmarks.process_stats import ProcessSample
from benchmarks.report import FigureRow, Target
from benchmarks.runner import Samples
from benchmarks.window_process import WindowProcess
from benchmarks.window_runs import BARE, Subject, needs_x_server, window_runs

FIGURE = 11
NAME = "idle window (open, untouched)"
FULL_IDLE_S = 300.0
QUICK_IDLE_S = 10.0
FULL_SETTLE_S = 10.0
QUICK_SETTLE_S = 2.0
TARGET_CPU_S = 0.5
"""CPU seconds per five minutes of idling."""


def _idle_samples(context: BenchContext, subjects: list[Subject]) -> tuple[Samples, float]:
    runs = window_runs(context)
    quick = context.config.quick
    idle_s = QUICK_IDLE_S if quick else FULL_IDLE_S
    with ExitStack() as stack:
        windows: list[tuple[Subject, WindowProcess]] = []
        for subject in subjects:
            windows.append((subject, stack.enter_context(runs.open(subject))))
        for subject, window in windows:
            runs.start(window, subject)
        time.sleep(QUICK_SETTLE_S if quick else FULL_SETTLE_S)
        context.progress(f"figure {FIGURE}: {idle_s:.0f} s of idling, every window at once")
        first: list[ProcessSample] = [window.sample() for _, window in windows]
        started = time.monotonic()
        time.sleep(idle_s)
        last: list[ProcessSample] = [window.sample() for _, window in windows]
        elapsed = time.monotonic() - started
    samples: Samples = {}
    for (subject, _), before, after in zip(windows, first, last, strict=True):
        cpu, switches = after.since(before)
        samples[subject.name] = {
            "cpu_per_5_min": [cpu * 300.0 / elapsed],
            "wakeups_per_min": [switches * 60.0 / elapsed],
        }
    return samples, elapsed


def run(context: BenchContext) -> list[FigureRow]:
    missing = needs_x_server()
    if missing is not None:
        return [FigureRow.skipped(FIGURE, NAME, "CPU s / 5 min", missing)]
    runs = window_runs(context)
    small, mid, large = runs.subjects()
    samples, elapsed = _idle_samples(context, [BARE, small, mid, large])
    period = f"{elapsed:.0f} s idle"

    def name(subject: Subject, what: str) -> str:
        late = runs.unusable.get(subject.name)
        never = f"; no first frame within {late:.0f} s, still starting" if late else ""
        return f"{NAME}, {what} ({period}) at {subject.name}{never}"

    rows = [
        FigureRow.compare(
            samples,
            figure=FIGURE,
            name=name(subject, "CPU per 5 minutes"),
            unit="CPU s / 5 min",
            subject=(subject.name, "cpu_per_5_min"),
            baseline=(BARE.name, "cpu_per_5_min"),
            target=Target("median", "<=", TARGET_CPU_S, "s"),
        )
        for subject in (small, mid, large)
    ]
    rows += [
        FigureRow.compare(
            samples,
            figure=FIGURE,
            name=name(subject, "wakeups (voluntary context switches, all threads)"),
            unit="wakeups/min",
            subject=(subject.name, "wakeups_per_min"),
            baseline=(BARE.name, "wakeups_per_min"),
        )
        for subject in (small, large)
    ]
    return rows
