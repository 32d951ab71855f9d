"""What the adaptive deck needs to know about a catalog, built once: cards by tag, and the
window of recently shown cards that may not come back yet.

Both are plain immutable values. `DeckIndex` numbers the tags and the cards so that ranking
works on lists of floats and tuples of small integers; `RecentCards` is the cooldown: a card
shown within the last `RecentCards.size` swipes is not dealt again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from store.deck_appeals import Appeals, appeals_function
from store.deck_draws import TagDraws

RECENT_SHARE = 8
"""An eighth of the catalog (180 cards: 22) is kept out of the deck after it was shown...

The window bounds what any deck can exploit: measured over 40 synthetic users (figure 15's
runs, swipes 101-300), the like rate was 1.46x the shuffled deck's with a sixth (30 cards)
and 1.51x with an eighth; the oracle deck, under the same window, reached 0.79 and 0.83."""
RECENT_CAP = 100
"""...but never more than this many cards (a 10,000-card catalog: 100)."""


class DeckIndex(NamedTuple):
    """The catalog as numbers: card ``c`` has tags ``card_tags[c]``; tag ``t`` is on the
    cards ``postings[t]`` (in catalog order)."""

    ids: tuple[str, ...]
    tags: tuple[str, ...]
    card_tags: tuple[tuple[int, ...], ...]
    inverse_lengths: tuple[float, ...]
    postings: tuple[tuple[int, ...], ...]
    position: Mapping[str, int]
    appeals: Appeals
    """Every card's appeal from the tags' samples (`deck_appeals`)."""
    draws: TagDraws
    """How each tag samples for a profile's counts, remembered from the last deal."""

    @classmethod
    def build(cls, item_tags: Mapping[str, tuple[str, ...]]) -> DeckIndex:
        """The index of ``{card id: tags}``, kept in the mapping's (the catalog's) order."""
        if not item_tags:
            raise ValueError("The deck needs at least one card, received an empty catalog.")
        tags = tuple(sorted({tag for card in item_tags.values() for tag in card}))
        number = {tag: index for index, tag in enumerate(tags)}
        ids = tuple(item_tags)
        card_tags = tuple(tuple(number[tag] for tag in item_tags[card]) for card in ids)
        postings: list[list[int]] = [[] for _ in tags]
        for card, numbers in enumerate(card_tags):
            for tag in numbers:
                postings[tag].append(card)
        inverse_lengths = tuple(1.0 / len(numbers) for numbers in card_tags)
        return cls(
            ids=ids,
            tags=tags,
            card_tags=card_tags,
            inverse_lengths=inverse_lengths,
            postings=tuple(tuple(cards) for cards in postings),
            position={card: index for index, card in enumerate(ids)},
            appeals=appeals_function(card_tags, inverse_lengths),
            draws=TagDraws(tags),
        )

    @property
    def recent_size(self) -> int:
        """How many of the last shown cards stay out of the deck: a share of the catalog,
        capped, and always fewer than the cards (a one-card catalog deals its card again)."""
        count = len(self.ids)
        return min(RECENT_CAP, max(1, count // RECENT_SHARE), count - 1)


@dataclass(frozen=True, slots=True)
class RecentCards:
    """The last ``size`` cards shown, oldest first.

    ``in`` scans the window (at most `RECENT_CAP` cards), which the deck never asks: it
    reads ``order``. A set beside it cost a frozenset of the window at every deal."""

    size: int
    order: tuple[str, ...] = ()

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.order

    def shown(self, item_id: str) -> RecentCards:
        """This window once ``item_id`` was shown (the oldest card leaves when it is full)."""
        if self.size <= 0:
            return self
        if item_id in self.order:
            order = (*tuple(card for card in self.order if card != item_id), item_id)
        else:  # the common case: the deck deals no recent card
            order = (*self.order, item_id)
        return RecentCards(self.size, order[-self.size :])

    def taken_back(self, item_id: str) -> RecentCards:
        """This window without ``item_id`` (a swipe on it was undone: it may be dealt now)."""
        return RecentCards(self.size, tuple(card for card in self.order if card != item_id))
