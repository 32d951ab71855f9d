"""How big and how long: the sizes and round counts of a full run and of ``--quick``.

A full run uses the sizes the targets are stated at (a million swipes of history, a
100k-row snapshot table); ``--quick`` scales the big sizes down so every figure still runs
end to end in seconds, which is how CI keeps the benchmarks from rotting. Each figure's
name carries the size it used, so a quick figure is never mistaken for a full one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Sizes:
    dispatch_actions: int
    """Figure 1: actions dispatched per round, by each store."""
    session_swipes: int
    """Figure 2: swipes per round through a full session and through a bare store."""
    amplification_swipes: int
    amplification_days: int
    """Figure 3: the bursty session whose snapshot rows are counted."""
    history_swipes: int
    small_history_swipes: int
    """Figures 4 and 5: the long history and the short one it is compared with."""
    payload_builds: int
    """Figure 4: snapshots built per round (each from a fresh state)."""
    trend_rows: int
    trend_read_rows: int
    trend_reads: int
    """Figure 6: rows in the table, rows read by the range, reads per round."""
    simulate_swipes: int
    simulate_dispatches: int
    """Figure 7: swipes simulated per round; bare dispatches per round for the baseline."""
    memory_swipes: int
    small_memory_swipes: int
    """Figure 8: the long session and the short one whose resident memory is compared."""


FULL = Sizes(
    dispatch_actions=20_000,
    session_swipes=10_000,
    amplification_swipes=10_000,
    amplification_days=7,
    history_swipes=1_000_000,
    small_history_swipes=1_000,
    payload_builds=300,
    trend_rows=100_000,
    trend_read_rows=365,
    trend_reads=5,
    simulate_swipes=1_000_000,
    simulate_dispatches=100_000,
    memory_swipes=1_000_000,
    small_memory_swipes=10_000,
)

QUICK = Sizes(
    dispatch_actions=2_000,
    session_swipes=2_000,
    amplification_swipes=2_000,
    amplification_days=2,
    history_swipes=50_000,
    small_history_swipes=1_000,
    payload_builds=50,
    trend_rows=10_000,
    trend_read_rows=365,
    trend_reads=2,
    simulate_swipes=10_000,
    simulate_dispatches=10_000,
    memory_swipes=10_000,
    small_memory_swipes=1_000,
)


@dataclass(frozen=True, slots=True)
class BenchConfig:
    """What to run: sizes, rounds (light figures, heavy figures), and where to build files."""

    sizes: Sizes
    rounds: int
    heavy_rounds: int
    workdir: Path
    quick: bool = False
    warm_up: bool = True

    @classmethod
    def create(cls, workdir: Path, *, quick: bool, rounds: int | None = None) -> BenchConfig:
        """The full or quick configuration; ``rounds`` overrides both round counts."""
        config = cls(
            sizes=QUICK if quick else FULL,
            rounds=3 if quick else 9,
            heavy_rounds=1 if quick else 3,
            workdir=workdir,
            quick=quick,
        )
        if rounds is not None:
            if rounds < 1:
                raise ValueError(f"rounds must be at least 1, received {rounds}")
            config = replace(config, rounds=rounds, heavy_rounds=rounds)
        return config


def count(value: int) -> str:
    """``1000000`` as ``1M``, ``50000`` as ``50k``: sizes in figure names."""
    if value >= 1_000_000 and value % 1_000_000 == 0:
        return f"{value // 1_000_000}M"
    if value >= 1_000 and value % 1_000 == 0:
        return f"{value // 1_000}k"
    return f"{value:,}"
