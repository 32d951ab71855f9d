"""The eight figures, each a module with ``run(context) -> list[FigureRow]``."""

from __future__ import annotations

from collections.abc import Callable

from benchmarks.context import BenchContext
from benchmarks.figures import (
    dispatch,
    memory,
    middleware_cost,
    payload,
    rehydration,
    simulate,
    trend_read,
    write_amplification,
)
from benchmarks.report import FigureRow

Figure = Callable[[BenchContext], list[FigureRow]]

FIGURES: dict[int, tuple[str, Figure]] = {
    1: ("store dispatch vs python-redux", dispatch.run),
    2: ("snapshot middleware cost per swipe", middleware_cost.run),
    3: ("snapshot rows written vs the minimum", write_amplification.run),
    4: ("snapshot payload after a long history", payload.run),
    5: ("start-up from a long history", rehydration.run),
    6: ("trend read from a large table", trend_read.run),
    7: ("headless simulate vs bare dispatch", simulate.run),
    8: ("resident memory after a long session", memory.run),
}
"""Figure number -> (what it measures, how)."""
