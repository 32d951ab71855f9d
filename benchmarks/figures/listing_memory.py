"""Figure 8, listing rows: peak memory of ``snapshots --json`` on a large table and a small one.

Each listing runs in its own interpreter (`benchmarks.listing_probe`) over a table built by
`snapshot_table` (100k rows at full size, 1k for the baseline), writing every row as the
JSON row contract. The command streams keyset pages and writes as it reads, so its peak
should not grow with the table; the target bounds the growth, the paired difference.
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
from benchmarks.snapshot_table import build_snapshot_table

_PROJECT_ROOT = Path(__file__).resolve().parents[2]
"""Where ``benchmarks`` can be imported from: the project is not installed with it."""


def _table(context: BenchContext, rows: int) -> Path:
    return context.fixture(
        f"snapshot-table-{rows}",
        lambda: build_snapshot_table(context.new_path("listing"), context.catalog, rows),
    )


def listing(path: Path) -> Callable[[], Measurement]:
    def measure() -> Measurement:
        command = [sys.executable, "-m", "benchmarks.listing_probe", "--db", str(path)]
        finished = subprocess.run(
            command, capture_output=True, text=True, check=False, cwd=_PROJECT_ROOT
        )
        if finished.returncode != 0:
            raise RuntimeError(
                f"the listing probe for {path.name} failed (exit {finished.returncode}):\n"
                f"{finished.stderr.strip()}"
            )
        result = json.loads(finished.stdout.strip().splitlines()[-1])
        return {"peak": float(result["peak_mb"]), "bytes": float(result["bytes"])}

    return measure


def rows(context: BenchContext) -> list[FigureRow]:
    sizes, config = context.sizes, context.config
    large, small = sizes.listing_rows, sizes.small_listing_rows
    large_name, small_name = f"{count(large)} rows", f"{count(small)} rows"
    samples = run_interleaved(
        [
            Contender(large_name, listing(_table(context, large))),
            Contender(small_name, listing(_table(context, small))),
        ],
        rounds=config.heavy_rounds,
        warm_up=False,  # each run is a fresh interpreter: there is nothing to warm
    )
    megabytes = samples[large_name]["bytes"][-1] / 1e6
    return [
        FigureRow.compare(
            samples,
            figure=8,
            name=(
                f"peak resident memory of snapshots --json over {large_name} "
                f"({megabytes:,.0f} MB of JSON, VmHWM)"
            ),
            unit="MB",
            subject=(large_name, "peak"),
            baseline=(small_name, "peak"),
            baseline_name=f"over {small_name}",
            target=Target("difference", "<=", 20.0, "MB"),
        )
    ]
