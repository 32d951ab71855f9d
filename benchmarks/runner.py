"""Run contenders interleaved, round after round, and summarise what they measured.

A figure compares a subject with its baseline in the same run on the same machine. Each
contender is warmed up once, then every round runs each contender once, in the order given
(A B A B ...), so a slow minute of the machine lands on both instead of on one. A contender
returns one `Measurement` per run: named numbers in the figure's units (a time per swipe, a
throughput, a row count). A garbage collection before each run keeps one contender's
garbage from being collected on the other's clock.

Ratios are *paired*: computed per round from the two runs of that round, then summarised
by their median, which is steadier than the ratio of two medians on a noisy machine.
"""

from __future__ import annotations

import gc
import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

Measurement = Mapping[str, float]
"""What one run of a contender measured: metric name -> value."""


@dataclass(frozen=True, slots=True)
class Contender:
    """One side of a comparison: ``measure()`` runs it once and says what it measured.

    ``warm_up`` runs before the rounds and its result is ignored; it defaults to one
    ``measure()``. Contenders that take minutes at full size warm up on a small size.
    """

    name: str
    measure: Callable[[], Measurement]
    warm_up: Callable[[], object] | None = None


@dataclass(frozen=True, slots=True)
class Summary:
    """The median, minimum and maximum of one metric over the rounds."""

    median: float
    min: float
    max: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Summary:
        if not values:
            raise ValueError("cannot summarise an empty list of values: run at least one round")
        return cls(statistics.median(values), min(values), max(values))


Samples = dict[str, dict[str, list[float]]]
"""contender name -> metric name -> one value per round."""


def run_interleaved(
    contenders: Sequence[Contender],
    *,
    rounds: int,
    warm_up: bool = True,
    on_round: Callable[[int], None] | None = None,
) -> Samples:
    """Warm every contender up, then run ``rounds`` rounds of A B A B ...; the samples."""
    if rounds < 1:
        raise ValueError(f"rounds must be at least 1, received {rounds}")
    names = [contender.name for contender in contenders]
    if len(set(names)) != len(names):
        raise ValueError(f"contender names must be distinct, received {names}")
    if warm_up:
        for contender in contenders:
            gc.collect()
            (contender.warm_up or contender.measure)()
    samples: Samples = {name: {} for name in names}
    for round_number in range(rounds):
        for contender in contenders:
            gc.collect()
            measurement = contender.measure()
            for metric, value in measurement.items():
                samples[contender.name].setdefault(metric, []).append(float(value))
        if on_round is not None:
            on_round(round_number + 1)
    return samples


def paired(
    subject: Sequence[float],
    baseline: Sequence[float],
    combine: Callable[[float, float], float],
) -> Summary:
    """``combine(subject, baseline)`` per round (a ratio, a difference), summarised."""
    if len(subject) != len(baseline):
        raise ValueError(
            f"paired values need one baseline per round: {len(subject)} subject values, "
            f"{len(baseline)} baseline values"
        )
    return Summary.of([combine(s, b) for s, b in zip(subject, baseline, strict=True)])


def ratio(subject: float, baseline: float) -> float:
    """``subject / baseline``; infinite when the baseline is zero and the subject is not."""
    if baseline == 0:
        return 1.0 if subject == 0 else math.inf
    return subject / baseline


def difference(subject: float, baseline: float) -> float:
    return subject - baseline


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value at or above ``fraction`` of them."""
    if not values:
        raise ValueError("cannot take a percentile of no values")
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"fraction must be in (0, 1], received {fraction}")
    ordered = sorted(values)
    rank = math.ceil(fraction * len(ordered))
    return ordered[max(rank, 1) - 1]
