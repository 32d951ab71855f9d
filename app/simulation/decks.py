"""The decks a synthetic user can swipe: the adaptive one the app deals, and the old shuffle.

Each is a callable that returns the id of the next card; the user swipes it before the next
call. `AdaptiveDeck` reads the live profile through ``profile()`` at every deal, exactly as
the window's deck does; `ShuffledDeck` deals every card once per round in a seeded order,
the same for everybody (the deck the app had before it learned).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum

from store.deck_index import DeckIndex, RecentCards
from store.deck_ranking import next_card
from store.state import ProfileState


class DeckKind(StrEnum):
    ADAPTIVE = "adaptive"
    SHUFFLED = "shuffled"


class AdaptiveDeck:
    """Deals by `next_card` (`choose_next_card`'s card; nobody reads a why line here) from
    the profile ``profile()`` returns at each deal."""

    def __init__(
        self,
        index: DeckIndex,
        *,
        seed: int,
        profile: Callable[[], ProfileState],
        recently_swiped: Sequence[str] = (),
    ) -> None:
        """``recently_swiped``: the file's last swipes, least recent first (as the window's
        deck, a continued history starts with their cooldown)."""
        self._index = index
        self._seed = seed
        self._profile = profile
        self.recent = RecentCards(index.recent_size)
        for item_id in recently_swiped:
            if item_id in index.position:
                self.recent = self.recent.shown(item_id)

    def __call__(self) -> str:
        profile = self._profile()
        card = next_card(
            self._index,
            profile.tags,
            seed=self._seed,
            version=profile.sequence,
            recent=self.recent,
        )
        item_id = self._index.ids[card]
        self.recent = self.recent.shown(item_id)
        return item_id


def shuffled_round(ids: tuple[str, ...], seed: int, round_number: int) -> list[str]:
    """Round ``round_number`` of the seeded shuffle (the order the window used to deal)."""
    order = list(ids)
    random.Random(seed * 1_000_003 + round_number).shuffle(order)
    return order


class ShuffledDeck:
    """Every card once per round, in a seeded order; then the next round."""

    def __init__(self, ids: tuple[str, ...], *, seed: int) -> None:
        self._ids = ids
        self._seed = seed
        self._round = 0
        self._order = shuffled_round(ids, seed, 0)
        self._next = 0

    def __call__(self) -> str:
        if self._next == len(self._order):
            self._round += 1
            self._order = shuffled_round(self._ids, self._seed, self._round)
            self._next = 0
        self._next += 1
        return self._order[self._next - 1]


def make_deck(
    kind: DeckKind,
    item_tags: Mapping[str, tuple[str, ...]],
    *,
    seed: int,
    profile: Callable[[], ProfileState],
    recently_swiped: Sequence[str] = (),
) -> Callable[[], str]:
    """The deck of ``kind`` over the catalog ``{card id: tags}``."""
    if kind is DeckKind.ADAPTIVE:
        index = DeckIndex.build(item_tags)
        return AdaptiveDeck(index, seed=seed, profile=profile, recently_swiped=recently_swiped)
    return ShuffledDeck(tuple(item_tags), seed=seed)
