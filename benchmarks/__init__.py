"""Benchmarks: the store and the snapshot job against peers and limits, side by side.

``python -m benchmarks`` runs every figure (`figures.FIGURES`); each interleaves its
contenders round after round (`runner`) and reports medians, extremes and paired ratios
against its baseline, with the machine's facts (`machine`, `report`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from benchmarks.config import BenchConfig
from benchmarks.context import BenchContext
from benchmarks.figures import FIGURES, WINDOW_FIGURES
from benchmarks.machine import machine_facts
from benchmarks.report import (
    FigureRow,
    Target,
    render_facts,
    render_markdown,
    render_results_page,
    render_table,
    write_json,
)

__all__ = [
    "FIGURES",
    "BenchConfig",
    "FigureRow",
    "Target",
    "machine_facts",
    "render_facts",
    "render_markdown",
    "render_results_page",
    "render_table",
    "run_figures",
    "write_json",
]


def run_figures(
    config: BenchConfig,
    numbers: Iterable[int] | None = None,
    *,
    headless: bool = False,
    progress: Callable[[str], None] = lambda _message: None,
) -> list[FigureRow]:
    """Run the chosen figures (all by default) in order; their rows, in figure order.

    ``headless`` leaves out the figures that start the real window (`WINDOW_FIGURES`).
    """
    chosen = sorted(set(numbers)) if numbers is not None else sorted(FIGURES)
    if headless:
        chosen = [number for number in chosen if number not in WINDOW_FIGURES]
    unknown = [number for number in chosen if number not in FIGURES]
    if unknown:
        raise ValueError(f"unknown figure numbers {unknown}; choose from {sorted(FIGURES)}")
    context = BenchContext(config, progress=progress)
    rows: list[FigureRow] = []
    for number in chosen:
        title, figure = FIGURES[number]
        progress(f"figure {number}: {title} ...")
        started = time.perf_counter()
        rows.extend(figure(context))
        progress(f"figure {number}: done in {time.perf_counter() - started:.1f} s")
    return rows
