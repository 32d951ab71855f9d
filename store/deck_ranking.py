"""The adaptive deck: which card comes next, chosen from the profile by Thompson sampling.

Each tag's like rate is uncertain: after ``likes`` likes (a superlike counts as
`SUPERLIKE_WEIGHT`) and ``nopes`` nopes it is Beta(likes + 1, nopes + 1). For every card to
deal, one sample is drawn per tag, a card's appeal is the mean of its tags' samples, and the
card with the highest appeal that was not shown recently comes next. Tags the person likes
sample high and their cards come first; a tag seen a few times samples widely, so it is still
tried now and then. A tag never swiped gets `NEW_TAG_BONUS` and a tag swiped fewer than
`LEARNING_SWIPES` times `LEARNING_BONUS`, so the first cards of a new profile cover the
catalog's tags (a varied sample: 28 or 29 of the 34 tags in the first ten cards, where the
head of a shuffle shows about 20) before the profile steers.

Each tag's sample is a table read, a multiply and an add (`deck_draws`).

Pure and deterministic: the random numbers are hashed from the deck's seed and the profile's
version (no global random state), and only the profile's per-tag counts are read, never the
swipe history. Every card is scored by one compiled function per catalog (`deck_appeals`).
"""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from store.deck_draws import LEARNING_SWIPES as LEARNING_SWIPES
from store.deck_draws import SHIFT, SUPERLIKE_WEIGHT
from store.deck_index import DeckIndex, RecentCards
from store.deck_why import Why, why_of
from store.state import TagStats


class DeckPick(NamedTuple):
    """The card to show next, and why it was chosen."""

    item_id: str
    why: Why


def deal_bits(seed: int, version: int, count: int) -> tuple[int, ...]:
    """``count`` random 16-bit numbers for the deal at ``version`` of the profile (same
    inputs, same deal): SHAKE-128 of the seed and the version, one hash a deal."""
    digest = hashlib.shake_128(b"%d:%d" % (seed, version)).digest(2 * count)
    return struct.unpack(f"<{count}H", digest)


_SHOWN = -math.inf
"""The appeal of a card shown recently: below every other."""


def tag_samples(
    index: DeckIndex, profile_tags: Mapping[str, TagStats], bits: Sequence[int]
) -> list[float]:
    """One Thompson sample per tag of ``index`` from its random number in ``bits``
    (`deal_bits`); tags still being learned get the bonus.

    ``base + scale * table[number >> shift]`` for each tag, from the draws the index
    remembers (`TagDraws`: only a swipe's tags are worked out again)."""
    bases, scales, tables = index.draws(profile_tags)
    shift = SHIFT
    return [
        base + scale * table[number >> shift]
        for base, scale, table, number in zip(bases, scales, tables, bits, strict=True)
    ]


def best_card(index: DeckIndex, samples: list[float], recent: RecentCards) -> int:
    """The card with the highest mean sample over its tags, not in ``recent``; ties go to
    the card first in the catalog. Falls back to the longest-ago shown card.

    Every card is scored, by the catalog's compiled `deck_appeals` function: about 7 us for
    the 180 cards, where a threshold walk (Fagin's rule, stopping once no unscored card can
    win) scored 75 to 95 of them a deal, for a profile that likes many tags, at 0.25 us
    each."""
    appeals = index.appeals(samples)
    position = index.position
    for item_id in recent.order:
        appeals[position[item_id]] = _SHOWN
    best = max(appeals)
    if best == _SHOWN:  # every card was shown recently: the window is as large as the catalog
        return position[recent.order[0]]
    return appeals.index(best)


def next_card(
    index: DeckIndex,
    profile_tags: Mapping[str, TagStats],
    *,
    seed: int,
    version: int,
    recent: RecentCards,
) -> int:
    """The position in ``index`` of `choose_next_card`'s card, without the why line."""
    bits = deal_bits(seed, version, len(index.tags))
    return best_card(index, tag_samples(index, profile_tags, bits), recent)


def choose_next_card(
    index: DeckIndex,
    profile_tags: Mapping[str, TagStats],
    *,
    seed: int,
    version: int,
    recent: RecentCards,
) -> DeckPick:
    """The next card for a profile at ``version`` (its swipe sequence), and why."""
    card = next_card(index, profile_tags, seed=seed, version=version, recent=recent)
    tags = [index.tags[tag] for tag in index.card_tags[card]]
    return DeckPick(index.ids[card], why_of(tags, profile_tags, learning=LEARNING_SWIPES))


def like_rate(stats: TagStats | None) -> float:
    """The mean of a tag's Beta: its expected like rate (0.5 for a tag never swiped)."""
    if stats is None:
        return 0.5
    likes, nopes, superlikes = stats
    positive = likes + SUPERLIKE_WEIGHT * superlikes + 1
    return positive / (positive + nopes + 1)


def predicted_appeal(index: DeckIndex, profile_tags: Mapping[str, TagStats]) -> list[float]:
    """Each card's expected appeal (the mean of its tags' expected like rates), in
    catalog order: the ranking the deck converges to, without the sampling noise."""
    rates = [like_rate(profile_tags.get(tag)) for tag in index.tags]
    rate = rates.__getitem__
    return [
        sum(map(rate, tags)) * inverse
        for tags, inverse in zip(index.card_tags, index.inverse_lengths, strict=True)
    ]
