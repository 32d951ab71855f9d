"""The snapshot payload: exact canonical bytes, strict validation, order independence."""

from __future__ import annotations

import json
import math
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from store import (
    SNAPSHOT_SCHEMA_VERSION,
    AppState,
    Direction,
    ProfileStore,
    SnapshotInput,
    Swiped,
    TagAggregate,
    TagStats,
    build_current_profile_snapshot_input,
    create_profile_store,
    load_catalog,
)
from store.snapshot_input import canonical_dumps
from store.state import ProfileState
from tests.conftest import START

HAND_BUILT = AppState(
    profile=ProfileState(
        tags={
            "sweet": TagStats(nopes=1),
            "spicy": TagStats(likes=2, superlikes=1),
            "umami": TagStats(likes=1),
        },
        sequence=3,
        last_swipe_at=START,
    )
)

HAND_BUILT_JSON = (
    '{"schema_version":1,"swipe_count":3,"tags":['
    '{"likes":2,"nopes":0,"score":0.6667,"superlikes":1,"tag":"spicy"},'
    '{"likes":1,"nopes":0,"score":0.3333,"superlikes":0,"tag":"umami"},'
    '{"likes":0,"nopes":1,"score":-0.3333,"superlikes":0,"tag":"sweet"}]}'
)


def test_canonical_json_of_a_small_profile_is_exactly_these_bytes() -> None:
    assert build_current_profile_snapshot_input(HAND_BUILT).canonical_json() == HAND_BUILT_JSON


def test_canonical_json_has_sorted_keys_and_no_whitespace() -> None:
    text = build_current_profile_snapshot_input(HAND_BUILT).canonical_json()
    assert " " not in text
    assert "\n" not in text
    parsed = json.loads(text)
    assert list(parsed) == sorted(parsed)
    for tag in parsed["tags"]:
        assert list(tag) == sorted(tag)
    assert json.dumps(parsed, sort_keys=True, separators=(",", ":")) == text


def test_empty_profile_payload_is_schema_version_and_zero_swipes() -> None:
    payload = build_current_profile_snapshot_input(AppState())
    assert payload.canonical_json() == '{"schema_version":1,"swipe_count":0,"tags":[]}'


def test_payload_carries_schema_version_one() -> None:
    payload = build_current_profile_snapshot_input(HAND_BUILT)
    assert SNAPSHOT_SCHEMA_VERSION == 1
    assert payload.schema_version == 1
    assert json.loads(payload.canonical_json())["schema_version"] == 1


def test_payload_leaves_out_order_dependent_facts() -> None:
    text = build_current_profile_snapshot_input(HAND_BUILT).canonical_json()
    assert set(json.loads(text)) == {"schema_version", "swipe_count", "tags"}
    assert "sequence" not in text
    assert "last_swipe" not in text
    assert START.isoformat()[:10] not in text


def test_non_ascii_tag_is_escaped_in_canonical_json() -> None:
    payload = SnapshotInput(
        swipe_count=1,
        tags=(TagAggregate(tag="café", likes=1, nopes=0, superlikes=0, score=0.3333),),
    )
    assert '"tag":"caf\\u00e9"' in payload.canonical_json()
    assert payload.canonical_json().isascii()


def test_negative_zero_score_is_written_as_zero() -> None:
    tag = TagAggregate(tag="plain", likes=0, nopes=0, superlikes=0, score=-0.0)
    payload = SnapshotInput(swipe_count=0, tags=(tag,))
    assert '"score":0.0' in payload.canonical_json()


@settings(max_examples=300, deadline=None)
@given(
    scores=st.lists(
        st.floats(min_value=-1.0, max_value=1.0) | st.sampled_from([0.0, -0.0, 0.33335, -1e-05]),
        max_size=20,
    )
)
def test_any_score_is_written_as_json_writes_it_rounded_seen_before_or_not(
    scores: list[float],
) -> None:
    tags = sorted(
        (
            TagAggregate(tag=f"t{index:02d}", likes=0, nopes=0, superlikes=0, score=score)
            for index, score in enumerate(scores)
        ),
        key=lambda tag: (-tag.score, tag.tag),
    )
    payload = SnapshotInput(swipe_count=0, tags=tuple(tags))
    for _ in range(2):  # the second time, every score's text is already known
        assert payload.canonical_json() == canonical_dumps(payload.to_jsonable())


def test_canonical_json_reads_back_into_an_equal_payload() -> None:
    payload = build_current_profile_snapshot_input(HAND_BUILT)
    again = SnapshotInput.model_validate_json(payload.canonical_json())
    assert again == payload
    assert again.canonical_json() == payload.canonical_json()


def valid_raw() -> dict[str, Any]:
    # Python-mode validation is strict: ``tags`` must be a tuple, as the model declares.
    return {
        "schema_version": 1,
        "swipe_count": 2,
        "tags": (
            {"tag": "spicy", "likes": 1, "nopes": 0, "superlikes": 0, "score": 0.3333},
            {"tag": "sweet", "likes": 0, "nopes": 1, "superlikes": 0, "score": -0.3333},
        ),
    }


def test_well_formed_payload_is_accepted() -> None:
    payload = SnapshotInput.model_validate(valid_raw())
    assert [tag.tag for tag in payload.tags] == ["spicy", "sweet"]


def spoiled(change: str) -> dict[str, Any]:
    raw = valid_raw()
    tags = [dict(tag) for tag in raw["tags"]]
    if change == "schema version 2":
        raw["schema_version"] = 2
    elif change == "no swipe count":
        del raw["swipe_count"]
    elif change == "tag without score":
        del tags[0]["score"]
    elif change == "NaN score":
        tags[0]["score"] = math.nan
    elif change == "infinite score":
        tags[0]["score"] = math.inf
    elif change == "score above one":
        tags[0]["score"] = 1.5
    elif change == "wrong tag order":
        tags.reverse()
    elif change == "tie not ordered by tag":
        tags = [
            {"tag": "umami", "likes": 1, "nopes": 0, "superlikes": 0, "score": 0.3333},
            {"tag": "crispy", "likes": 1, "nopes": 0, "superlikes": 0, "score": 0.3333},
        ]
    elif change == "tag twice":
        tags[1] = dict(tags[0])
    elif change == "negative count":
        tags[0]["likes"] = -1
    elif change == "count as text":
        raw["swipe_count"] = "2"
    elif change == "extra field":
        raw["sequence"] = 2
    raw["tags"] = tuple(tags)
    return raw


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ("schema version 2", "schema_version"),
        ("no swipe count", "swipe_count"),
        ("tag without score", "score"),
        ("NaN score", "score"),
        ("infinite score", "score"),
        ("score above one", "score"),
        ("wrong tag order", "ordered by score descending, then tag ascending"),
        ("tie not ordered by tag", "ordered by score descending, then tag ascending"),
        ("tag twice", "each tag may appear once"),
        ("negative count", "likes"),
        ("count as text", "swipe_count"),
        ("extra field", "sequence"),
    ],
)
def test_malformed_payload_is_refused(change: str, complaint: str) -> None:
    with pytest.raises(ValidationError, match=complaint):
        SnapshotInput.model_validate(spoiled(change))


@pytest.mark.parametrize("change", ["NaN score", "wrong tag order", "schema version 2"])
def test_malformed_payload_text_is_refused(change: str) -> None:
    raw = spoiled(change)
    raw["tags"] = list(raw["tags"])
    text = json.dumps(raw)  # NaN is written as the non-standard literal NaN
    with pytest.raises(ValidationError):
        SnapshotInput.model_validate_json(text)


@pytest.mark.parametrize(
    ("tag", "complaint"),
    [
        (TagAggregate(tag="spicy", likes=-1, nopes=0, superlikes=0, score=0.5), "likes"),
        (TagAggregate(tag="", likes=1, nopes=0, superlikes=0, score=0.5), "tag"),
        (TagAggregate(tag="spicy", likes=1, nopes=0, superlikes=0, score=math.nan), "score"),
        (TagAggregate(tag="spicy", likes=True, nopes=0, superlikes=0, score=0.5), "likes"),
    ],
)
def test_tags_built_in_code_are_checked_like_tags_read_back(
    tag: TagAggregate, complaint: str
) -> None:
    with pytest.raises(ValidationError, match=complaint):
        SnapshotInput(swipe_count=1, tags=(tag,))


def test_a_tag_written_as_an_array_is_refused() -> None:
    text = '{"schema_version":1,"swipe_count":1,"tags":[["spicy",1,0,0,0.5]]}'
    with pytest.raises(ValidationError, match="Input should be an object"):
        SnapshotInput.model_validate_json(text)
    with pytest.raises(ValidationError, match="valid dictionary"):
        SnapshotInput.model_validate({"swipe_count": 1, "tags": (("spicy", 1, 0, 0, 0.5),)})


def test_tags_without_swipes_are_left_out() -> None:
    state = AppState(profile=ProfileState(tags={"unseen": TagStats(), "seen": TagStats(likes=1)}))
    payload = build_current_profile_snapshot_input(state)
    assert [tag.tag for tag in payload.tags] == ["seen"]


# --- order independence ---------------------------------------------------------------------

ITEM_IDS = sorted(load_catalog().item_ids)
swipe_lists = st.lists(
    st.tuples(st.sampled_from(ITEM_IDS), st.sampled_from(list(Direction))),
    min_size=1,
    max_size=40,
)


def payload_after(swipes: list[tuple[str, Direction]]) -> str:
    store = create_profile_store()
    for position, (item_id, direction) in enumerate(swipes):
        at = START + timedelta(seconds=position)
        store.dispatch(Swiped(item_id=item_id, direction=direction, at=at))
    return build_current_profile_snapshot_input(store.get_state()).canonical_json()


@settings(max_examples=60, deadline=None)
@given(data=st.data(), swipes=swipe_lists)
def test_every_order_of_the_same_swipes_gives_the_same_bytes(
    data: st.DataObject, swipes: list[tuple[str, Direction]]
) -> None:
    expected = payload_after(swipes)
    for _ in range(3):
        shuffled = data.draw(st.permutations(swipes))
        assert payload_after(shuffled) == expected


@settings(max_examples=60, deadline=None)
@given(swipes=swipe_lists)
def test_payload_tags_are_ordered_by_score_then_tag(swipes: list[tuple[str, Direction]]) -> None:
    tags = json.loads(payload_after(swipes))["tags"]
    assert tags == sorted(tags, key=lambda tag: (-tag["score"], tag["tag"]))
    assert len({tag["tag"] for tag in tags}) == len(tags)


def test_swipe_count_is_the_number_of_swipes(store: ProfileStore) -> None:
    for second in range(7):
        at = START + timedelta(seconds=second)
        store.dispatch(Swiped(item_id="tiramisu", direction=Direction.LEFT, at=at))
    payload = build_current_profile_snapshot_input(store.get_state())
    assert payload.swipe_count == 7


@settings(max_examples=200, deadline=None)
@given(
    counts=st.lists(
        st.tuples(
            st.text(min_size=1, max_size=12),
            st.integers(min_value=0, max_value=10**6),
            st.integers(min_value=0, max_value=10**6),
            st.integers(min_value=0, max_value=10**6),
        ),
        max_size=40,
        unique_by=lambda row: row[0],
    )
)
def test_fast_canonical_text_equals_sorted_json_dumps_byte_for_byte(
    counts: list[tuple[str, int, int, int]],
) -> None:
    from store.scoring import tag_score
    from store.snapshot_input import canonical_dumps, canonical_tag_order
    from store.state import TagStats

    tags = sorted(
        (
            TagAggregate(
                tag=name,
                likes=likes,
                nopes=nopes,
                superlikes=superlikes,
                score=tag_score(TagStats(likes, nopes, superlikes)),
            )
            for name, likes, nopes, superlikes in counts
        ),
        key=canonical_tag_order,
    )
    payload = SnapshotInput(swipe_count=sum(c[1] + c[2] + c[3] for c in counts), tags=tuple(tags))
    assert payload.canonical_json() == canonical_dumps(payload.to_jsonable())
