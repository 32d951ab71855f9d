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

from store.tag_stats import TagStats

PRIOR = 2
SUPERLIKE_WEIGHT = 2
SCORE_DECIMALS = 4


def tag_score(stats: TagStats) -> float:
    """The rounded smoothed affinity of one tag."""
    return score_of_counts(stats.likes, stats.nopes, stats.superlikes)


def score_of_counts(likes: int, nopes: int, superlikes: int) -> float:
    """`tag_score` from the three counts, for callers that already hold them unpacked."""
    positive = likes + SUPERLIKE_WEIGHT * superlikes
    return round((positive - nopes) / (positive + nopes + PRIOR), SCORE_DECIMALS)
