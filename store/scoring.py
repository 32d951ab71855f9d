"""The tag score: a smoothed affinity in [-1, 1].

    score = (likes + 2 * superlikes - nopes) / (likes + 2 * superlikes + nopes + PRIOR)

A superlike counts as two likes. ``PRIOR`` pulls tags seen only a few times towards 0, so
one lucky like does not put a tag at the top of the profile: one like scores 0.33, ten
likes 0.83, a hundred 0.98. The numerator's magnitude is always smaller than the
denominator, so the score stays strictly inside (-1, 1). Scores are rounded to
``SCORE_DECIMALS`` places wherever they are compared or serialised, so ordering and bytes
never depend on floating-point noise.
"""

from __future__ import annotations

from store.state import TagStats

PRIOR = 2
SUPERLIKE_WEIGHT = 2
SCORE_DECIMALS = 4


def tag_score(stats: TagStats) -> float:
    """The rounded smoothed affinity of one tag."""
    positive = stats.likes + SUPERLIKE_WEIGHT * stats.superlikes
    return round((positive - stats.nopes) / (positive + stats.nopes + PRIOR), SCORE_DECIMALS)
