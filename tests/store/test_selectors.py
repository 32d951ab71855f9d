"""Selectors: memoization by input identity, top tags, and the last swipe's local date."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import (
    AppState,
    Direction,
    ProfileStore,
    SnapshotInput,
    SnapshotRequested,
    Swiped,
    TagAggregate,
    TagStats,
    build_current_profile_snapshot_input,
    create_selector,
    select_top_tags,
)
from store.scoring import tag_score
from store.snapshot_input import canonical_tag_order
from store.state import ProfileState
from tests.conftest import START


def state_with(tags: dict[str, TagStats], **profile: object) -> AppState:
    return AppState(profile=ProfileState(tags=tags, **profile))  # type: ignore[arg-type]


def test_selector_with_the_same_input_object_does_not_recompute() -> None:
    calls: list[int] = []

    def total(tags: dict[str, TagStats]) -> int:
        calls.append(1)
        return sum(stats.swipes for stats in tags.values())

    select_total = create_selector(lambda state: state.profile.tags, combine=total)
    state = state_with({"a": TagStats(likes=2)})
    same_tags = state._replace(timezone="Asia/Tokyo")  # a new state, the same tags object

    assert select_total(state) == 2
    assert select_total(state) == 2
    assert select_total(same_tags) == 2
    assert select_total.recomputations == 1
    assert len(calls) == 1


def test_selector_recomputes_once_when_an_input_changes() -> None:
    select_total = create_selector(
        lambda state: state.profile.tags,
        combine=lambda tags: sum(stats.swipes for stats in tags.values()),
    )
    first = state_with({"a": TagStats(likes=2)})
    second = state_with({"a": TagStats(likes=2, nopes=1)})
    assert select_total(first) == 2
    assert select_total(second) == 3
    assert select_total(second) == 3
    assert select_total.recomputations == 2


def test_selector_compares_inputs_by_identity_not_equality() -> None:
    select_total = create_selector(lambda state: state.profile.tags, combine=len)
    select_total(state_with({"a": TagStats(likes=1)}))
    select_total(state_with({"a": TagStats(likes=1)}))  # equal, but a different dict
    assert select_total.recomputations == 2


def test_selector_with_several_inputs_recomputes_when_any_one_changes() -> None:
    select_pair = create_selector(
        lambda state: state.profile.tags,
        lambda state: state.timezone,
        combine=lambda tags, zone: (len(tags), zone),
    )
    state = state_with({"a": TagStats(likes=1)})
    assert select_pair(state) == (1, "UTC")
    assert select_pair(state._replace(timezone="Asia/Tokyo")) == (1, "Asia/Tokyo")
    assert select_pair.recomputations == 2


def test_selector_needs_at_least_one_input() -> None:
    with pytest.raises(TypeError, match="at least one input selector"):
        create_selector(combine=lambda: None)


def test_unrelated_dispatch_keeps_the_snapshot_input_object(store: ProfileStore) -> None:
    store.dispatch(Swiped(item_id="tiramisu", direction=Direction.RIGHT, at=START))
    payload = build_current_profile_snapshot_input(store.get_state())
    store.dispatch(SnapshotRequested(at=START))
    assert build_current_profile_snapshot_input(store.get_state()) is payload


TIED = {
    "umami": TagStats(likes=1),
    "crispy": TagStats(likes=1),  # same score as umami: the name decides
    "spicy": TagStats(likes=3),
    "sweet": TagStats(nopes=1),
    "unseen": TagStats(),  # never swiped: not a top tag at all
}


def test_top_tags_are_ordered_by_score_then_by_tag_name() -> None:
    top = select_top_tags(state_with(TIED), 10)
    assert [(tag.tag, tag.score) for tag in top] == [
        ("spicy", 0.6),
        ("crispy", 0.3333),
        ("umami", 0.3333),
        ("sweet", -0.3333),
    ]


def test_top_tags_stop_at_n() -> None:
    assert [tag.tag for tag in select_top_tags(state_with(TIED), 2)] == ["spicy", "crispy"]


def test_zero_top_tags_is_empty() -> None:
    assert select_top_tags(state_with(TIED), 0) == ()


def test_negative_number_of_top_tags_is_refused() -> None:
    with pytest.raises(ValueError, match="n must be zero or more, received -1"):
        select_top_tags(state_with(TIED), -1)


def test_top_tags_of_an_empty_profile_is_empty() -> None:
    assert select_top_tags(AppState(), 5) == ()


def test_top_tags_carry_the_counts() -> None:
    top = select_top_tags(state_with({"spicy": TagStats(likes=3, nopes=1, superlikes=2)}), 1)
    assert (top[0].likes, top[0].nopes, top[0].superlikes) == (3, 1, 2)
    assert top[0].score == round(6 / 10, 4)


# --- the snapshot input, built without validation --------------------------------------------

tag_names = st.from_regex(r"[a-z][a-z-]{0,63}", fullmatch=True)
counts = st.integers(min_value=0, max_value=10**7)
tag_maps = st.dictionaries(
    tag_names,
    st.builds(TagStats, counts, counts, counts) | st.just(TagStats()),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(tags=tag_maps, sequence=st.integers(min_value=0, max_value=10**9))
def test_the_snapshot_input_equals_the_validated_one_and_its_own_json_read_back(
    tags: dict[str, TagStats], sequence: int
) -> None:
    built = build_current_profile_snapshot_input(state_with(tags, sequence=sequence))
    validated = SnapshotInput(swipe_count=sequence, tags=built.tags)
    read_back = SnapshotInput.model_validate_json(built.canonical_json())
    assert built == validated == read_back
    assert built.canonical_json() == validated.canonical_json() == read_back.canonical_json()


@settings(max_examples=300, deadline=None)
@given(tags=tag_maps)
def test_snapshot_tags_are_every_swiped_tag_scored_and_in_canonical_order(
    tags: dict[str, TagStats],
) -> None:
    expected = sorted(
        (
            TagAggregate(tag, stats.likes, stats.nopes, stats.superlikes, tag_score(stats))
            for tag, stats in tags.items()
            if stats.swipes
        ),
        key=canonical_tag_order,
    )
    assert build_current_profile_snapshot_input(state_with(tags)).tags == tuple(expected)
