"""Ticks for the score axis: tidy multiples that leave every label room to be read.

A category axis gives each label ``height / (labels + 1)`` and elides a label that does not
fit, so the step grows (0.2, 0.4, 1.0) until the labels do; when that leaves a single
label on a short plot, the range's two ends are labelled instead.
"""

from __future__ import annotations

import math

STEPS = (0.2, 0.4, 1.0)


def score_ticks(bottom: float, top: float, *, height_px: float, label_px: float) -> list[float]:
    """Scores at the finest tidy step in ``[bottom, top]`` whose labels all fit."""
    ticks: list[float] = []
    for step in STEPS:
        first = math.ceil(bottom / step - 1e-9)
        last = math.floor(top / step + 1e-9)
        ticks = [round(k * step, 1) for k in range(first, last + 1)]
        if len(ticks) >= 2 and (len(ticks) + 1) * label_px <= height_px:
            return ticks
    if 3 * label_px <= height_px:
        # A short plot of a narrow range: its two ends, rather than a lone 0.
        return sorted({round(bottom, 1), round(top, 1)})
    return ticks  # at the coarsest step, at most -1, 0 and 1


def score_label(score: float) -> str:
    """``0.4``, ``-0.2``, and ``0`` (never ``-0.0``)."""
    return f"{score:.1f}" if score else "0"
