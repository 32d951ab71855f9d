"""Run one simulated session in this process, then print its resident memory as JSON.

``python -m benchmarks.memory_probe --swipes N --db PATH`` is figure 8's subject: a fresh
interpreter, so what it reports is the memory of one session and nothing else. It prints
one JSON object, in MB: ``session_mb``, the resident set right after the last swipe (the
session still open, after a garbage collection); ``after_mb``, the resident set once
`run_simulation` has returned (the session closed, its summary read back from the
database); ``peak_mb``, the peak of the whole run.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
from collections.abc import Sequence
from pathlib import Path

from app.simulation.simulator import SimulationOptions, run_simulation
from benchmarks.swipes import START, ZONE, days_for

_STATUS = Path("/proc/self/status")
MB = 1_000_000


def _status_mb(field: str) -> float | None:
    try:
        lines = _STATUS.read_text(encoding="ascii").splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith(f"{field}:"):
            kibibytes = int(line.split()[1])
            return kibibytes * 1024 / MB
    return None


def _max_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kibibytes, macOS bytes.
    return peak / MB if sys.platform == "darwin" else peak * 1024 / MB


def resident_mb() -> tuple[float, float]:
    """(resident now, peak resident) in MB; without /proc both are the peak."""
    peak = _status_mb("VmHWM") or _max_rss_mb()
    return _status_mb("VmRSS") or peak, peak


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory_probe")
    parser.add_argument("--swipes", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True)
    arguments = parser.parse_args(argv)
    swipes: int = arguments.swipes
    during: list[float] = []

    def after_swipe(done: int) -> None:
        if done == swipes:  # the session is still open: its memory, before the summary
            gc.collect()
            during.append(resident_mb()[0])

    report = run_simulation(
        SimulationOptions(
            db_path=arguments.db,
            swipes=swipes,
            days=days_for(swipes),
            zone=ZONE,
            start=START,
        ),
        on_swipe=after_swipe,
    )
    gc.collect()
    after, peak = resident_mb()
    result = {
        "session_mb": during[0] if during else after,
        "after_mb": after,
        "peak_mb": peak,
        "swipes": report.swipes,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
