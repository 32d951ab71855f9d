"""`tag_score`: the smoothed, rounded affinity of one tag."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store import TagStats
from store.scoring import PRIOR, SCORE_DECIMALS, SUPERLIKE_WEIGHT, tag_score


@pytest.mark.parametrize(
    ("stats", "score"),
    [
        (TagStats(), 0.0),
        (TagStats(likes=1), 0.3333),
        (TagStats(likes=10), 0.8333),
        (TagStats(likes=100), 0.9804),
        (TagStats(nopes=1), -0.3333),
        (TagStats(nopes=10), -0.8333),
        (TagStats(superlikes=1), 0.5),
        (TagStats(likes=2), 0.5),
        (TagStats(likes=1, nopes=1), 0.0),
        (TagStats(superlikes=1, nopes=2), 0.0),
        (TagStats(likes=3, nopes=1, superlikes=2), 0.6),
    ],
)
def test_score_formula_values(stats: TagStats, score: float) -> None:
    assert tag_score(stats) == score


def test_a_superlike_counts_as_two_likes() -> None:
    assert SUPERLIKE_WEIGHT == 2
    assert tag_score(TagStats(superlikes=3, nopes=1)) == tag_score(TagStats(likes=6, nopes=1))


def test_more_likes_never_lower_the_score() -> None:
    scores = [tag_score(TagStats(likes=n, nopes=3)) for n in range(50)]
    assert scores == sorted(scores)


counts = st.integers(min_value=0, max_value=10**6)


@given(likes=counts, nopes=counts, superlikes=counts)
def test_score_is_the_rounded_formula_and_stays_within_minus_one_to_one(
    likes: int, nopes: int, superlikes: int
) -> None:
    positive = likes + SUPERLIKE_WEIGHT * superlikes
    exact = Fraction(positive - nopes, positive + nopes + PRIOR)
    assert -1 < exact < 1  # the prior keeps the unrounded score strictly inside
    score = tag_score(TagStats(likes, nopes, superlikes))
    assert -1.0 <= score <= 1.0
    assert abs(score - float(exact)) <= 0.5 * 10**-SCORE_DECIMALS + 1e-12
    assert score == round(score, SCORE_DECIMALS)


@given(likes=st.integers(0, 19_998), nopes=st.integers(0, 19_998), superlikes=st.integers(0, 9_999))
def test_score_stays_strictly_inside_minus_one_to_one_for_realistic_counts(
    likes: int, nopes: int, superlikes: int
) -> None:
    # A full score of ±1 needs about 40 000 swipes on one side; below that it is never reached.
    assert -1.0 < tag_score(TagStats(likes, nopes, superlikes)) < 1.0


@given(likes=counts, nopes=counts, superlikes=counts)
def test_score_sign_follows_likes_against_nopes(likes: int, nopes: int, superlikes: int) -> None:
    score = tag_score(TagStats(likes, nopes, superlikes))
    balance = likes + SUPERLIKE_WEIGHT * superlikes - nopes
    if balance > 0:
        assert score >= 0.0
    elif balance < 0:
        assert score <= 0.0
    else:
        assert score == 0.0
