"""Figure 8: resident memory after a million-swipe session, against a ten-thousand one.

Each session runs in its own interpreter (`benchmarks.memory_probe`): `run_simulation` into
a new SQLite file, with the resident set read from ``/proc/self/status`` (``VmRSS``;
``getrusage`` where there is no /proc) after a garbage collection, twice: right after the
last swipe, with the session still open, and once `run_simulation` has returned (session
closed, summary read). The state is a fixed-size summary of the history, so a longer
session should not hold more memory; the target bounds the growth, the paired difference.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks.config import count
from benchmarks.context import BenchContext
from benchmarks.report import FigureRow, Target
from benchmarks.runner import Contender, Measurement, run_interleaved

_PROJECT_ROOT = Path(__file__).resolve().parents[2]
"""Where ``benchmarks`` can be imported from: the project is not installed with it."""


def probe(context: BenchContext, swipes: int) -> Callable[[], Measurement]:
    def measure() -> Measurement:
        command = [
            sys.executable,
            "-m",
            "benchmarks.memory_probe",
            "--swipes",
            str(swipes),
            "--db",
            str(context.new_path("memory")),
        ]
        finished = subprocess.run(
            command, capture_output=True, text=True, check=False, cwd=_PROJECT_ROOT
        )
        if finished.returncode != 0:
            raise RuntimeError(
                f"the memory probe for {swipes} swipes failed (exit {finished.returncode}):\n"
                f"{finished.stderr.strip()}"
            )
        result = json.loads(finished.stdout.strip().splitlines()[-1])
        if result["swipes"] != swipes:
            raise RuntimeError(f"the memory probe ran {result['swipes']} of {swipes} swipes")
        return {
            "session": float(result["session_mb"]),
            "after": float(result["after_mb"]),
            "peak": float(result["peak_mb"]),
        }

    return measure


def run(context: BenchContext) -> list[FigureRow]:
    sizes, config = context.sizes, context.config
    long, short = sizes.memory_swipes, sizes.small_memory_swipes
    long_name, short_name = f"{count(long)} swipes", f"{count(short)} swipes"
    samples = run_interleaved(
        [
            Contender(long_name, probe(context, long)),
            Contender(short_name, probe(context, short)),
        ],
        rounds=config.heavy_rounds,
        warm_up=False,  # each run is a fresh interpreter: there is nothing to warm
        on_round=lambda done: context.progress(
            f"figure 8: round {done}/{config.heavy_rounds} done"
        ),
    )
    return [
        FigureRow.compare(
            samples,
            figure=8,
            name=f"resident memory after {long_name}, session open (VmRSS)",
            unit="MB",
            subject=(long_name, "session"),
            baseline=(short_name, "session"),
            baseline_name=f"after {short_name}",
            target=Target("difference", "<=", 20.0, "MB"),
        ),
        FigureRow.compare(
            samples,
            figure=8,
            name=f"resident memory once simulate of {long_name} returned (VmRSS)",
            unit="MB",
            subject=(long_name, "after"),
            baseline=(short_name, "after"),
            baseline_name=f"after {short_name}",
            target=Target("difference", "<=", 20.0, "MB"),
        ),
        FigureRow.compare(
            samples,
            figure=8,
            name=f"peak resident memory of simulate of {long_name} (VmHWM)",
            unit="MB",
            subject=(long_name, "peak"),
            baseline=(short_name, "peak"),
            baseline_name=f"of {short_name}",
        ),
    ]
