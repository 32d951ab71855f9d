"""`TagStats`: how a person answered the cards that carry one tag.

Its own module because the scoring, the payload's upcasts and the state all build on it,
and the state builds on the rows they make.
"""

from __future__ import annotations

from typing import NamedTuple


class TagStats(NamedTuple):
    """How often a tag was on a card the user noped, liked or superliked."""

    likes: int = 0
    nopes: int = 0
    superlikes: int = 0

    @property
    def swipes(self) -> int:
        return self.likes + self.nopes + self.superlikes
