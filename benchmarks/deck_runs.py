"""Sessions of the synthetic user on each deck, for the deck-learning figure.

The synthetic user of ``simulate`` has hidden per-tag affinities, hence a like chance per
card: the ground truth. Three decks deal to it: the adaptive one the app deals
(`choose_next_card` over the live profile), the old seeded shuffle, and an oracle that
knows the like chances and deals the best card not shown recently (the same cooldown as
the adaptive deck). The profile is kept by the store's own reducer, swipe after swipe.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from app.simulation.decks import AdaptiveDeck, ShuffledDeck
from app.simulation.synthetic_user import SyntheticUser
from store.actions import Direction, Swiped
from store.catalog import Catalog
from store.deck_index import DeckIndex, RecentCards
from store.deck_ranking import choose_next_card, deal_bits, predicted_appeal, tag_samples
from store.reducer import reduce_swipe
from store.state import ProfileState

AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
"""Every swipe's instant: time plays no part in which card comes next."""

LIKE_WINDOW = (101, 300)
"""The swipes whose like rate is compared (1-based, inclusive): after the deck has learned."""
AUC_AFTER = (50, 100, 300)


@dataclass(frozen=True, slots=True)
class DeckSession:
    like_rate: float
    """Likes and superlikes over the swipes of `LIKE_WINDOW`."""
    auc: dict[int, float]
    """After N swipes: the ROC AUC of the profile's predicted appeal against would-like."""


class OracleDeck:
    """Deals the card the user is likeliest to like, not shown within the cooldown."""

    def __init__(self, index: DeckIndex, user: SyntheticUser) -> None:
        odds = user.like_odds
        self._ranked = sorted(range(len(odds)), key=lambda card: (-odds[card], card))
        self._ids = index.ids
        self._recent = RecentCards(index.recent_size)

    def __call__(self) -> str:
        card = next(self._ids[c] for c in self._ranked if self._ids[c] not in self._recent)
        self._recent = self._recent.shown(card)
        return card


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """The chance a card the user would like scores above one they would not (ties: half)."""
    ranked = sorted(zip(scores, labels, strict=True))
    positives = sum(labels)
    negatives = len(labels) - positives
    if not positives or not negatives:
        raise ValueError("the AUC needs cards the user would like and cards they would not")
    rank_sum, place = 0.0, 0
    while place < len(ranked):
        end = place
        while end < len(ranked) and ranked[end][0] == ranked[place][0]:
            end += 1
        middle_rank = (place + 1 + end) / 2
        rank_sum += middle_rank * sum(1 for _, label in ranked[place:end] if label)
        place = end
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def run_session(catalog: Catalog, index: DeckIndex, kind: str, seed: int) -> DeckSession:
    """``LIKE_WINDOW[1]`` swipes of user ``seed`` on the deck ``kind``."""
    user = SyntheticUser(catalog, random.Random(seed))
    item_tags = catalog.item_tags
    profile = ProfileState()
    deal: Callable[[], str]
    if kind == "adaptive":
        deal = AdaptiveDeck(index, seed=seed, profile=lambda: profile)
    elif kind == "shuffled":
        deal = ShuffledDeck(index.ids, seed=seed)
    else:
        deal = OracleDeck(index, user)
    would_like = [odds > 0.5 for odds in user.like_odds]
    first, last = LIKE_WINDOW
    likes = 0
    auc: dict[int, float] = {}
    for number in range(1, last + 1):
        item_id, direction = user.swipe_card(deal())
        if number >= first and direction is not Direction.LEFT:
            likes += 1
        swipe = Swiped(item_id=item_id, direction=direction, at=AT)
        profile = reduce_swipe(profile, swipe, item_tags[item_id])
        if number in AUC_AFTER:
            auc[number] = roc_auc(predicted_appeal(index, profile.tags), would_like)
    return DeckSession(likes / (last - first + 1), auc)


def full_scan(index: DeckIndex, samples: list[float], recent: RecentCards) -> int:
    """The baseline for the cost: score every card (what the threshold walk avoids)."""
    sample = samples.__getitem__
    shown = frozenset(recent.order)
    best, best_appeal = -1, -1.0
    for card, (tags, inverse) in enumerate(
        zip(index.card_tags, index.inverse_lengths, strict=True)
    ):
        if index.ids[card] in shown:
            continue
        appeal = sum(map(sample, tags)) * inverse
        if appeal > best_appeal:
            best, best_appeal = card, appeal
    return best


Choose = Callable[[DeckIndex, ProfileState, int, RecentCards], str]
"""Deal a card: (index, profile, seed, recent cards) -> card id."""


def adaptive_choice(index: DeckIndex, profile: ProfileState, seed: int, recent: RecentCards) -> str:
    """What the window's deck runs for each card: `choose_next_card`, why line included."""
    return choose_next_card(
        index, profile.tags, seed=seed, version=profile.sequence, recent=recent
    ).item_id


def full_scan_choice(
    index: DeckIndex, profile: ProfileState, seed: int, recent: RecentCards
) -> str:
    """The same samples, then every card scored (the why line left out)."""
    samples = tag_samples(index, profile.tags, deal_bits(seed, profile.sequence, len(index.tags)))
    return index.ids[full_scan(index, samples, recent)]


def choice_costs(
    catalog: Catalog, index: DeckIndex, seed: int, swipes: int, choose: Choose
) -> list[float]:
    """The thread's CPU time, in ms, of each of ``swipes`` deals by ``choose`` as user
    ``seed`` swipes what it deals (CPU time: on a shared machine, time spent waiting for a
    core is the machine's, not the deck's)."""
    user = SyntheticUser(catalog, random.Random(seed))
    item_tags = catalog.item_tags
    profile = ProfileState()
    recent = RecentCards(index.recent_size)
    clock = time.thread_time
    costs = []
    for _ in range(swipes):
        started = clock()
        item_id = choose(index, profile, seed, recent)
        costs.append((clock() - started) * 1000.0)
        recent = recent.shown(item_id)
        item_id, direction = user.swipe_card(item_id)
        swipe = Swiped(item_id=item_id, direction=direction, at=AT)
        profile = reduce_swipe(profile, swipe, item_tags[item_id])
    return costs
