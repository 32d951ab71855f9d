"""Old payloads are upcast step by step; future ones are refused, never guessed at."""

from __future__ import annotations

import copy

import pytest

from store import AppState, ProfileState, SnapshotInput, TagStats, payload_upcasts
from store.payload_upcasts import (
    UnknownPayloadVersionError,
    register_upcast,
    upcast_payload,
)
from store.selectors import build_current_profile_snapshot_input

V0 = {
    "version": 0,
    "count": 9,
    "tags": {
        "sweet": {"likes": 0, "nopes": 3, "superlikes": 0},
        "spicy": {"likes": 3, "nopes": 1, "superlikes": 1},
        "umami": {"likes": 3, "nopes": 1, "superlikes": 1},
        "never": {"likes": 0, "nopes": 0, "superlikes": 0},
    },
}


def tuple_tags(payload: dict[str, object]) -> dict[str, object]:
    return {**payload, "tags": tuple(payload["tags"])}  # type: ignore[arg-type]


def test_a_current_payload_is_returned_as_it_is() -> None:
    current = {"schema_version": 1, "swipe_count": 0, "tags": []}
    assert upcast_payload(current) is current


def test_a_version_0_payload_becomes_what_the_selector_builds_from_the_same_counts() -> None:
    upcast = upcast_payload(copy.deepcopy(V0))
    state = AppState(
        profile=ProfileState(
            tags={
                "sweet": TagStats(nopes=3),
                "spicy": TagStats(likes=3, nopes=1, superlikes=1),
                "umami": TagStats(likes=3, nopes=1, superlikes=1),
            },
            sequence=9,
        )
    )
    expected = build_current_profile_snapshot_input(state)
    assert SnapshotInput.model_validate(tuple_tags(upcast)) == expected
    assert [tag["tag"] for tag in upcast["tags"]] == ["spicy", "umami", "sweet"]


def test_upcasting_leaves_the_stored_payload_unchanged() -> None:
    original = copy.deepcopy(V0)
    upcast_payload(original)
    assert original == V0


def test_a_payload_from_a_future_version_is_refused() -> None:
    with pytest.raises(UnknownPayloadVersionError, match="version 2 is newer"):
        upcast_payload({"schema_version": 2, "swipe_count": 0, "tags": []})


@pytest.mark.parametrize("payload", [{}, {"schema_version": "1"}, {"version": True}])
def test_a_payload_without_an_integer_version_is_refused(payload: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="schema_version"):
        upcast_payload(payload)


def test_a_version_0_payload_with_wrong_counts_is_refused() -> None:
    broken = {"version": 0, "count": 1, "tags": {"spicy": {"likes": "1"}}}
    with pytest.raises(ValueError, match="likes"):
        upcast_payload(broken)


def test_a_version_without_a_registered_upcast_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(payload_upcasts._UPCASTS, 0)
    with pytest.raises(UnknownPayloadVersionError, match="no upcast"):
        upcast_payload(copy.deepcopy(V0))


def test_each_version_has_one_upcast_and_only_old_versions_have_one() -> None:
    with pytest.raises(ValueError, match="already registered"):
        register_upcast(0)(lambda payload: payload)
    with pytest.raises(ValueError, match="below the current"):
        register_upcast(1)
