"""Why a tag has its score: the likes, nopes and superlikes behind it, and the rule, in words.

One sentence for every place that explains a score (a hovered point, a top tag), made from
the counts a snapshot's payload (or the live profile) holds and the constants of
`store.scoring`, so the words cannot drift from the arithmetic.
"""

from __future__ import annotations

from store.scoring import PRIOR, SUPERLIKE_WEIGHT
from ui.numbers import count_text, score_text


def plural(count: int, word: str) -> str:
    return f"{count_text(count)} {word}{'' if count == 1 else 's'}"


def score_counts(likes: int, nopes: int, superlikes: int) -> str:
    """``12 likes, 3 nopes, 1 superlike``."""
    return ", ".join(
        (plural(likes, "like"), plural(nopes, "nope"), plural(superlikes, "superlike"))
    )


SCORE_RULE = (
    f"score = (likes + {SUPERLIKE_WEIGHT} × superlikes − nopes) ÷ "
    f"(likes + {SUPERLIKE_WEIGHT} × superlikes + nopes + {PRIOR})"
)
"""How a score is computed, as `store.scoring.score_of_counts` computes it."""


def why_score(tag: str, score: float, likes: int, nopes: int, superlikes: int) -> str:
    """``ramen +0.45: 12 likes, 3 nopes, 1 superlike; score = (...) ÷ (...)``."""
    return f"{tag} {score_text(score)}: {score_counts(likes, nopes, superlikes)}; {SCORE_RULE}"
