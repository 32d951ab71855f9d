"""The figures, each a module with ``run(context) -> list[FigureRow]``.

Figures 1 to 9 time the machinery inside one interpreter; 10 to 14 measure what a person
notices (start-up, idle cost, memory, disk, a swipe reaching the screen), four of them on
the real window under a virtual X server (`WINDOW_FIGURES`); 15 measures whether the deck
learns what a person likes, and what choosing a card costs.
"""

from __future__ import annotations

from collections.abc import Callable

from benchmarks.context import BenchContext
from benchmarks.figures import (
    deck_learning,
    disk_use,
    dispatch,
    idle_cost,
    memory,
    middleware_cost,
    payload,
    rehydration,
    simulate,
    startup_window,
    swipe_to_screen,
    trend_read,
    trend_refresh,
    window_memory,
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
    6: ("trend reads of each range on a long history", trend_read.run),
    7: ("headless simulate vs bare dispatch", simulate.run),
    8: ("resident memory after a long session", memory.run),
    9: ("trend refresh after a snapshot at 1k, 100k and 1M swipes", trend_refresh.run),
    10: ("start-up to a usable window at 1k, 100k and 1M swipes", startup_window.run),
    11: ("idle cost of the open window at 1k, 100k and 1M swipes", idle_cost.run),
    12: ("resident memory of the open window at 1k, 100k and 1M swipes", window_memory.run),
    13: ("database bytes per swipe, by table and index", disk_use.run),
    14: (
        "key press to the card's first moved frame at 1k, 100k and 1M swipes",
        swipe_to_screen.run,
    ),
    15: ("the deck that learns: like rate, ranking and cost of a deal", deck_learning.run),
}
"""Figure number -> (what it measures, how)."""

WINDOW_FIGURES = frozenset({10, 11, 12, 14})
"""The figures that start the real window on a virtual X server (``--headless`` skips them)."""
