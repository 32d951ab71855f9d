"""The line under a card that says why the deck chose it, from the profile's counts.

Three reasons, checked in this order:

- the card has tags never swiped: "something new: fermented";
- the card has tags swiped fewer than ``learning`` times, which the deck is still trying
  out, or no tag liked more than noped: "still finding out if you like sour" (the tags
  swiped least often);
- otherwise: "because you like thai and spicy" (its two best tags, by like rate).

A card whose swipe was undone comes back on top: "back on top: your like was taken back".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import NamedTuple

from store.state import TagStats

NAMED_TAGS = 2
"""A line names at most this many tags."""


class Reason(StrEnum):
    NEW = "new"
    LIKED = "liked"
    LEARNING = "learning"
    TAKEN_BACK = "taken_back"


class Why(NamedTuple):
    reason: Reason
    tags: tuple[str, ...]

    @property
    def text(self) -> str:
        names = " and ".join(self.tags)
        if self.reason is Reason.NEW:
            return f"something new: {names}"
        if self.reason is Reason.LIKED:
            return f"because you like {names}"
        if self.reason is Reason.TAKEN_BACK:
            return f"back on top: your {names} was taken back"
        return f"still finding out if you like {names}"


def _positive(stats: TagStats) -> int:
    return stats.likes + 2 * stats.superlikes


_UNSEEN = TagStats()


def why_of(card_tags: Sequence[str], profile_tags: Mapping[str, TagStats], *, learning: int) -> Why:
    """Why a card with ``card_tags`` suits a profile with ``profile_tags``."""
    counted = sorted(
        ((tag, profile_tags.get(tag) or _UNSEEN) for tag in card_tags),
        key=lambda pair: (pair[1].swipes, pair[0]),
    )
    new = [tag for tag, stats in counted if not stats.swipes]
    if new:
        return Why(Reason.NEW, tuple(new[:NAMED_TAGS]))
    learning_tags = [tag for tag, stats in counted if stats.swipes < learning]
    if learning_tags:
        return Why(Reason.LEARNING, tuple(learning_tags[:NAMED_TAGS]))
    liked = [
        ((_positive(stats) + 1) / (_positive(stats) + stats.nopes + 2), tag)
        for tag, stats in counted
        if _positive(stats) > stats.nopes
    ]
    if liked:
        liked.sort(key=lambda pair: (-pair[0], pair[1]))
        return Why(Reason.LIKED, tuple(tag for _, tag in liked[:NAMED_TAGS]))
    return Why(Reason.LEARNING, (counted[0][0],))
