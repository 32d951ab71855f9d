"""The deck that learns: the next card from the profile's per-tag counts, and why."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from store.actions import Direction, Swiped, Unswiped
from store.catalog import Catalog, load_catalog
from store.deck_draws import TagDraws
from store.deck_index import DeckIndex, RecentCards
from store.deck_ranking import (
    LEARNING_SWIPES,
    best_card,
    choose_next_card,
    deal_bits,
    tag_samples,
)
from store.deck_why import Reason
from store.reducer import reduce_swipe, reduce_unswipe
from store.state import ProfileState, TagStats

AT = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)


def index_of(catalog: Catalog) -> DeckIndex:
    return DeckIndex.build(catalog.item_tags)


def learned(catalog: Catalog, liked: set[str], *, times: int = LEARNING_SWIPES) -> ProfileState:
    """A profile that swiped every tag ``times`` times: liked those in ``liked``, noped the
    rest."""
    tags = {
        tag: TagStats(likes=times) if tag in liked else TagStats(nopes=times)
        for tag in catalog.vocabulary
    }
    return ProfileState(tags=tags, sequence=500)


def deal(
    catalog: Catalog, index: DeckIndex, swipes: int, direction: Direction, seed: int = 1
) -> list[str]:
    """``swipes`` cards dealt to a person who swipes each one ``direction``."""
    profile, recent, dealt = ProfileState(), RecentCards(index.recent_size), []
    for _ in range(swipes):
        pick = choose_next_card(
            index, profile.tags, seed=seed, version=profile.sequence, recent=recent
        )
        dealt.append(pick.item_id)
        recent = recent.shown(pick.item_id)
        swipe = Swiped(item_id=pick.item_id, direction=direction, at=AT)
        profile = reduce_swipe(profile, swipe, catalog.item_tags[pick.item_id])
    return dealt


def test_a_person_who_likes_thai_and_spicy_is_dealt_a_thai_or_spicy_card_and_told_so(
    catalog: Catalog,
) -> None:
    index = index_of(catalog)
    profile = learned(catalog, {"thai", "spicy"}, times=40)
    for version in range(20):
        pick = choose_next_card(
            index, profile.tags, seed=3, version=version, recent=RecentCards(index.recent_size)
        )
        tags = set(catalog.card(pick.item_id).tags)
        assert tags & {"thai", "spicy"}, (pick, tags)
        assert pick.why.reason is Reason.LIKED
        assert pick.why.text.startswith("because you like ")


def test_the_same_seed_and_profile_deal_the_same_cards_and_another_seed_others(
    catalog: Catalog,
) -> None:
    index = index_of(catalog)
    first = deal(catalog, index, 40, Direction.RIGHT, seed=5)
    assert deal(catalog, index, 40, Direction.RIGHT, seed=5) == first
    assert deal(catalog, index, 40, Direction.RIGHT, seed=6) != first


def test_a_card_does_not_come_back_within_the_window_of_recent_cards(catalog: Catalog) -> None:
    index = index_of(catalog)
    dealt = deal(catalog, index, 400, Direction.RIGHT)
    window = index.recent_size
    assert window >= 20
    for place, card in enumerate(dealt):
        assert card not in dealt[max(0, place - window) : place], place


def test_the_first_ten_cards_of_a_new_profile_cover_more_tags_than_a_shuffles_head(
    catalog: Catalog,
) -> None:
    index = index_of(catalog)
    for seed in (1, 2, 3):
        first_ten = deal(catalog, index, 10, Direction.LEFT, seed=seed)
        covered = {tag for card in first_ten for tag in catalog.item_tags[card]}
        # The catalog's own order, or any shuffle's head, shows about 20 of the 34 tags.
        head = {tag for card in catalog.cards[:10] for tag in card.tags}
        assert len(covered) >= 26 > len(head), (len(covered), len(head))


def test_a_tag_never_swiped_is_tried_and_named_as_something_new(catalog: Catalog) -> None:
    index = index_of(catalog)
    profile = learned(catalog, set(catalog.vocabulary) - {"fermented"})
    tags = {tag: stats for tag, stats in profile.tags.items() if tag != "fermented"}
    pick = choose_next_card(index, tags, seed=1, version=1, recent=RecentCards(index.recent_size))
    assert "fermented" in catalog.card(pick.item_id).tags
    assert pick.why.text == "something new: fermented"


def test_a_tag_swiped_a_few_times_is_still_being_learned(catalog: Catalog) -> None:
    index = index_of(catalog)
    tags = dict(learned(catalog, set(catalog.vocabulary)).tags)
    tags["sour"] = TagStats(nopes=LEARNING_SWIPES - 1)
    pick = choose_next_card(index, tags, seed=1, version=1, recent=RecentCards(index.recent_size))
    assert "sour" in catalog.card(pick.item_id).tags
    assert pick.why.text == "still finding out if you like sour"


def test_an_undone_card_may_be_dealt_again_at_once(catalog: Catalog) -> None:
    recent = RecentCards(3).shown("a").shown("b").shown("c").shown("d")
    assert recent.order == ("b", "c", "d") and "a" not in recent
    assert "c" not in recent.taken_back("c") and recent.taken_back("c").order == ("b", "d")


def full_scan(index: DeckIndex, samples: list[float], recent: RecentCards) -> int:
    appeals = [
        (sum(samples[tag] for tag in tags) / len(tags), -card)
        for card, tags in enumerate(index.card_tags)
        if index.ids[card] not in recent
    ]
    return -max(appeals)[1]


@given(
    counts=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 5))),
    shown=st.lists(st.integers(0, 179), max_size=22),
    version=st.integers(0, 10_000),
)
def test_the_compiled_scan_deals_the_card_a_plain_scan_of_every_card_finds(
    counts: list[tuple[int, int, int]],
    shown: list[int],
    version: int,
) -> None:
    index = index_of(load_catalog())
    tags = {tag: TagStats(*count) for tag, count in zip(index.tags, counts, strict=False)}
    recent = RecentCards(index.recent_size)
    for card in shown:
        recent = recent.shown(index.ids[card])
    samples = tag_samples(index, tags, deal_bits(7, version, len(index.tags)))
    assert best_card(index, samples, recent) == full_scan(index, samples, recent)


def test_a_deck_that_remembers_the_last_draws_samples_as_a_fresh_one_after_undos(
    catalog: Catalog,
) -> None:
    """The index remembers each tag's draw from the deal before; swipes, undos that take a
    tag back to never swiped, and a profile from elsewhere must sample (and deal) exactly
    as if it did not."""
    index = index_of(catalog)
    recent = RecentCards(index.recent_size)

    def deal_checked(profile: ProfileState) -> str:
        fresh = index._replace(draws=TagDraws(index.tags))
        bits = deal_bits(2, profile.sequence, len(index.tags))
        assert tag_samples(index, profile.tags, bits) == tag_samples(fresh, profile.tags, bits)
        version, tags = profile.sequence, profile.tags
        card = choose_next_card(index, tags, seed=2, version=version, recent=recent).item_id
        assert card == choose_next_card(fresh, tags, seed=2, version=version, recent=recent).item_id
        return card

    profile, other = ProfileState(), learned(catalog, {"thai"}, times=40)
    forgotten = 0
    for step in range(300):
        card = deal_checked(other if step % 50 == 49 else profile)
        recent = recent.shown(card)
        card_tags = catalog.item_tags[card]
        direction = (Direction.RIGHT, Direction.LEFT, Direction.UP)[step % 3]
        profile = reduce_swipe(profile, Swiped(item_id=card, direction=direction, at=AT), card_tags)
        if step % 7 == 6:  # the next card is dealt, then the swipe is undone
            deal_checked(profile)
            undo = Unswiped(undoes=profile.sequence, item_id=card, direction=direction, at=AT)
            before = len(profile.tags)
            profile = reduce_unswipe(profile, undo, card_tags)
            forgotten += before - len(profile.tags)
    assert forgotten > 0  # some tags went back to never swiped
