"""Figure 14: from a key press to the card's first moved frame, at 1k, 100k and 1M swipes.

The arrow key goes to the X server through XTEST from this process (`x_display.Keyboard`;
its time is read right before it is sent), through Qt's xcb event queue to the deck, which
dispatches the swipe (store, snapshot middleware), shows the next card and starts the
leaving card's fly-out; the app prints ``swipe-frame`` once the first frame in which that
card has moved is painted (`ui.frame_report`). Both times are CLOCK_MONOTONIC, one clock
for every process on the machine. A person's pace: a key every 0.35 s (the fly-out takes
0.26 s), so batches close by their longest wait and a snapshot, with its trend reload,
lands every 25 swipes as it does in use. The bare Qt window (a square moved by the key,
`bare_window`) is the floor: the X server, Qt and one paint. One round of 300 presses per
window (15 with ``--quick``); p50 and p99 are over the presses.
"""

from __future__ import annotations

import time

from benchmarks.context import BenchContext
from benchmarks.report import FigureRow, Target
from benchmarks.runner import Samples, percentile
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

FIGURE = 14
NAME = "key press to the card's first moved frame"
FULL_PRESSES = 300
QUICK_PRESSES = 15
PACE_S = 0.35
FRAME_TIMEOUT_S = 5.0
SETTLE_S = 2.0
TARGET_P99_MS = 50.0


def latencies(window: WindowProcess, keys: DeckKeys, presses: int) -> list[float]:
    """Milliseconds from each key press to the next ``swipe-frame`` line."""
    frames = window.frames
    assert frames is not None
    measured: list[float] = []
    index = 0
    while len(measured) < presses:
        keys.reshuffle_if_out()
        if keys.on_last_card:  # its fly-out is never drawn: the empty deck shows at once
            keys.swipe()
            time.sleep(PACE_S)
            continue
        index += 1
        seen = len(frames.swipe_frames)
        sent = keys.swipe()
        if not frames.wait_swipe_frames(seen + 1, FRAME_TIMEOUT_S):
            raise RuntimeError(
                f"no frame within {FRAME_TIMEOUT_S:.0f} s of key press {index}: "
                f"{window.describe()}"
            )
        measured.append((frames.swipe_frames[seen] - sent) * 1e3)
        time.sleep(max(0.0, sent + PACE_S - time.monotonic()))
    return measured


def _measure(runs: WindowRuns, subject: Subject, presses: int) -> dict[str, list[float]] | None:
    with runs.open(subject) as window:
        if runs.start(window, subject) is None:
            return None
        time.sleep(SETTLE_S)
        measured = latencies(window, deck_keys(runs, window, subject), presses)
    return {"p50_ms": [percentile(measured, 0.5)], "p99_ms": [percentile(measured, 0.99)]}


def run(context: BenchContext) -> list[FigureRow]:
    missing = needs_x_server()
    if missing is not None:
        return [FigureRow.skipped(FIGURE, NAME, "ms", missing)]
    runs = window_runs(context)
    small, mid, large = runs.subjects()
    presses = QUICK_PRESSES if context.config.quick else FULL_PRESSES
    samples: Samples = {}
    for subject in (BARE, small, mid, large):
        context.progress(f"figure {FIGURE}: {presses} key presses at {subject.name} ...")
        measured = _measure(runs, subject, presses)
        if measured is not None:
            samples[subject.name] = measured

    def row(subject: Subject, metric: str, baseline: Subject, target: Target | None) -> FigureRow:
        name = f"{NAME}, {metric[:3]} of {presses} presses, at {subject.name}"
        if subject.name not in samples:
            late = runs.unusable.get(subject.name, runs.usable_within)
            return FigureRow.skipped(
                FIGURE, name, "ms", f"no usable window: no first frame within {late:.0f} s"
            )
        if baseline.name not in samples:
            return FigureRow.skipped(FIGURE, name, "ms", f"no usable window at {baseline.name}")
        return FigureRow.compare(
            samples,
            figure=FIGURE,
            name=name,
            unit="ms",
            subject=(subject.name, metric),
            baseline=(baseline.name, metric),
            baseline_name=baseline.name if baseline is BARE else f"at {baseline.name}",
            target=target,
        )

    p99 = Target("median", "<=", TARGET_P99_MS, "ms")
    return [
        row(small, "p50_ms", BARE, None),
        row(small, "p99_ms", BARE, p99),
        row(mid, "p50_ms", small, None),
        row(mid, "p99_ms", small, p99),
        row(large, "p50_ms", small, None),
        row(large, "p99_ms", small, p99),
    ]
