"""`parse_action`: valid input becomes a frozen UTC-normalised action; anything else is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from store import (
    AppStarted,
    Direction,
    InvalidActionError,
    ProfileStore,
    Swiped,
    TriggerType,
    create_profile_store,
    parse_action,
)
from store.actions import ACTION_TYPES
from store.effects import settings_effect, snapshot_effect, swipes_effect
from store.windows import threshold_window_key
from tests.conftest import START

TOKYO = timezone(timedelta(hours=9))


def swiped(**overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "type": "Swiped",
        "item_id": "tiramisu",
        "direction": "RIGHT",
        "at": START,
    }
    raw.update(overrides)
    return raw


def refusal(raw: object) -> InvalidActionError:
    with pytest.raises(InvalidActionError) as caught:
        parse_action(raw)
    return caught.value


def test_valid_mapping_becomes_the_action_model() -> None:
    action = parse_action(swiped())
    assert action == Swiped(item_id="tiramisu", direction=Direction.RIGHT, at=START)
    assert action.direction is Direction.RIGHT


def test_action_model_passes_through_unchanged() -> None:
    action = Swiped(item_id="tiramisu", direction=Direction.UP, at=START)
    assert parse_action(action) is action


def test_timestamps_are_normalised_to_utc() -> None:
    local = datetime(2026, 1, 21, 8, 30, tzinfo=TOKYO)
    action = parse_action(swiped(at=local))
    assert action.at == datetime(2026, 1, 20, 23, 30, tzinfo=UTC)
    assert action.at.utcoffset() == timedelta(0)
    assert action.at.tzinfo is UTC


def test_iso_string_with_an_offset_is_normalised_to_utc() -> None:
    action = parse_action(swiped(at="2026-01-20T10:00:00+01:00"))
    assert action.at == START
    assert action.at.tzinfo is UTC


def test_bad_direction_is_refused_naming_the_field_and_value() -> None:
    error = refusal(swiped(direction="SIDEWAYS"))
    assert error.field == "direction"
    assert error.received == "SIDEWAYS"
    assert "field 'direction'" in str(error)
    assert "received 'SIDEWAYS'" in str(error)
    assert "Fix that field and dispatch again" in str(error)


def test_naive_datetime_is_refused_naming_the_field() -> None:
    naive = datetime(2026, 1, 20, 9, 0)
    error = refusal(swiped(at=naive))
    assert error.field == "at"
    assert error.received == naive
    assert "field 'at'" in str(error)
    assert "timezone" in str(error).lower()


def test_none_is_refused_with_an_example_of_a_valid_action() -> None:
    error = refusal(None)
    assert error.field == "action"
    assert error.received is None
    assert "received None" in str(error)
    assert "Swiped(item_id=..., direction=..., at=...)" in str(error)


def test_a_string_is_refused_naming_its_type_and_value() -> None:
    error = refusal("Swiped")
    assert error.field == "action"
    assert error.received == "Swiped"
    assert "received str 'Swiped'" in str(error)


def test_mapping_without_type_is_refused_listing_the_action_types() -> None:
    raw = {"item_id": "tiramisu", "direction": "RIGHT", "at": START}
    error = refusal(raw)
    assert error.field == "type"
    assert "Send one of: AppClosing, AppStarted, BatchCoalesced" in str(error)
    assert "with a 'type' field naming it" in str(error)


def test_unknown_type_is_refused_naming_the_value() -> None:
    error = refusal(swiped(type="Teleported"))
    assert error.field == "type"
    assert "Teleported" in str(error)
    assert "Send one of:" in str(error)


def test_extra_field_is_refused_naming_it() -> None:
    error = refusal(swiped(mood="hungry"))
    assert error.field == "mood"
    assert error.received == "hungry"
    assert "field 'mood'" in str(error)


def test_unknown_time_zone_is_refused_with_an_example_zone() -> None:
    error = refusal({"type": "AppStarted", "at": START, "timezone": "Mars/Olympus_Mons"})
    assert error.field == "timezone"
    assert "unknown IANA time zone 'Mars/Olympus_Mons'" in str(error)
    assert "'Europe/Berlin'" in str(error)


@pytest.mark.parametrize("zone", ["America", "Europe", "x" * 300])
def test_zone_names_that_are_not_zone_files_are_refused(zone: str) -> None:
    error = refusal({"type": "TimezoneChanged", "at": START, "timezone": zone})
    assert error.field == "timezone"


def test_known_time_zone_is_accepted() -> None:
    action = parse_action({"type": "AppStarted", "at": START, "timezone": "Asia/Tokyo"})
    assert action == AppStarted(at=START, timezone="Asia/Tokyo")


def test_unknown_item_id_is_refused_when_the_catalog_is_known() -> None:
    with pytest.raises(InvalidActionError) as caught:
        parse_action(swiped(item_id="deep-fried-mars-bar"), known_item_ids=frozenset({"x"}))
    assert caught.value.field == "item_id"
    assert caught.value.received == "deep-fried-mars-bar"
    assert "Swipe a card from the catalog" in str(caught.value)


def test_dispatching_an_unknown_item_leaves_the_store_untouched(store: ProfileStore) -> None:
    before = store.get_state()
    calls: list[int] = []
    store.subscribe(lambda: calls.append(1))
    with pytest.raises(InvalidActionError, match="unknown card"):
        store.dispatch(Swiped(item_id="deep-fried-mars-bar", direction=Direction.LEFT, at=START))
    assert store.get_state() is before
    assert calls == []


def test_actions_are_frozen() -> None:
    action = Swiped(item_id="tiramisu", direction=Direction.RIGHT, at=START)
    with pytest.raises(ValidationError, match="frozen"):
        action.item_id = "bruschetta"  # type: ignore[misc]
    assert action.item_id == "tiramisu"


# --- fuzzing: whatever is dispatched, the store accepts a valid action or changes nothing ---

CATALOG_IDS = ("tiramisu", "bruschetta", "margherita-pizza")
# Timestamps stay well inside datetime's range; the edges are covered by a test of their own.
aware_or_naive = st.datetimes(
    min_value=datetime(1970, 1, 1),
    max_value=datetime(2200, 1, 1),
    timezones=st.one_of(st.none(), st.just(UTC), st.timezones()),
)
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.dates(),
)
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "item_id": st.sampled_from((*CATALOG_IDS, "no-such-card", "", " tiramisu ")),
    "direction": st.sampled_from([*Direction, "left", "DOWN"]),
    "at": aware_or_naive,
    "created_at": aware_or_naive,
    "timezone": st.sampled_from(["UTC", "Asia/Tokyo", "Europe/Berlin", "Nowhere/Land", "America"]),
    "size": st.integers(-2, 50),
    "trigger_type": st.sampled_from([*TriggerType, "HOURLY"]),
    # Only swipe-count keys: a day key with the threshold trigger trips a known gap, see below.
    "window_key": st.integers(0, 999_999).map(threshold_window_key),
    "profile_version": st.integers(-2, 10_000),
    "snapshot_date_local": st.dates(),
    "reason": st.text(max_size=10),
    "created": st.booleans(),
    "attempts": st.integers(-1, 5),
    "attempt": st.integers(-1, 5),
    "error": st.text(max_size=10),
    "retry_in_seconds": st.one_of(st.none(), st.floats(-1, 60)),
    "sequence": st.integers(-2, 10_000),
    "count": st.integers(-2, 100),
    "undoes": st.integers(-1, 100),
    "detail": st.text(max_size=10),
    "stage": st.text(max_size=10),
    "swipe_interval": st.integers(-1, 60),
    "quiet_period_seconds": st.floats(-1, 5),
    "max_wait_seconds": st.floats(-1, 10),
    "effect_id": st.one_of(
        st.integers(0, 999_999).map(swipes_effect),
        st.integers(0, 999_999).map(threshold_window_key).map(snapshot_effect),
        st.integers(0, 999).map(settings_effect),
        st.sampled_from(["swipes-log", "commit-swipes:", "insert-snapshot", ""]),
    ),
}
# A scheduled snapshot carries its row: a mapping shaped like a `NewSnapshot`.
FIELD_VALUES["snapshot"] = st.fixed_dictionaries(
    {
        name: FIELD_VALUES[name]
        for name in (
            "created_at",
            "snapshot_date_local",
            "trigger_type",
            "window_key",
            "profile_version",
        )
    }
    | {"payload_json": st.text(max_size=10), "meta_json": st.text(max_size=10)}
)


@st.composite
def action_like(draw: st.DrawFn) -> dict[str, Any]:
    """A mapping shaped like some action, usually valid, sometimes with one field spoiled."""
    model = draw(st.sampled_from(ACTION_TYPES))
    fields = [name for name in model.model_fields if name != "type"]
    raw: dict[str, Any] = {"type": model.__name__}
    raw.update({name: draw(FIELD_VALUES[name]) for name in fields})
    spoil = draw(st.sampled_from(["nothing", "nothing", "junk", "drop", "extra"]))
    name = draw(st.sampled_from(["type", *fields]))
    if spoil == "junk":
        raw[name] = draw(junk)
    elif spoil == "drop":
        del raw[name]
    elif spoil == "extra":
        raw["extra"] = draw(junk)
    return raw


@st.composite
def anything(draw: st.DrawFn) -> object:
    """Mostly action-shaped mappings, plus junk values, junk mappings and action models."""
    kind = draw(st.sampled_from(["action-like"] * 6 + ["junk", "junk-mapping", "model"]))
    if kind == "action-like":
        return draw(action_like())
    if kind == "junk":
        return draw(junk)
    if kind == "junk-mapping":
        return draw(st.dictionaries(st.sampled_from(["type", *FIELD_VALUES]), junk, max_size=4))
    return Swiped(
        item_id=draw(st.sampled_from(CATALOG_IDS)),
        direction=draw(st.sampled_from(Direction)),
        # Built directly, so inside the instants a swipe may have (store.instants).
        at=draw(
            st.datetimes(
                timezones=st.just(UTC),
                min_value=datetime(2000, 1, 1),
                max_value=datetime(9998, 12, 31, 23, 59, 59),
            )
        ),
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raws=st.lists(anything(), min_size=1, max_size=6))
def test_store_either_accepts_a_valid_action_or_changes_nothing(raws: list[object]) -> None:
    store = create_profile_store()
    calls: list[int] = []
    store.subscribe(lambda: calls.append(1))
    for raw in raws:
        before = store.get_state()
        calls_before = len(calls)
        try:
            result = store.dispatch(raw)
        except InvalidActionError as error:
            assert error.field
            assert "Invalid action" in str(error)
            assert store.get_state() is before
            assert len(calls) == calls_before
        else:
            assert isinstance(result, ACTION_TYPES)
            assert len(calls) == calls_before + 1
            for name in ("at", "created_at"):
                moment = getattr(result, name, None)
                if moment is not None:
                    assert moment.tzinfo is UTC


def test_item_id_with_surrounding_spaces_is_trimmed_and_accepted() -> None:
    store = create_profile_store()
    action = store.dispatch(swiped(item_id=" tiramisu "))
    assert action.item_id == "tiramisu"
    assert store.get_state().profile.tags["dessert"].likes == 1


def test_aware_time_that_overflows_utc_is_refused_as_an_invalid_action() -> None:
    at_the_edge = datetime.max.replace(tzinfo=ZoneInfo("America/New_York"))
    with pytest.raises(InvalidActionError):
        parse_action(swiped(at=at_the_edge))


def test_scheduled_snapshot_with_a_window_key_of_another_trigger_is_refused(
    store: ProfileStore,
) -> None:
    before = store.get_state()
    raw = {
        "type": "SnapshotScheduled",
        "snapshot": {
            "trigger_type": "SWIPE_THRESHOLD",
            "window_key": "day:2026-01-20",
            "profile_version": 25,
            "snapshot_date_local": "2026-01-20",
            "created_at": START,
            "payload_json": "{}",
            "meta_json": "{}",
        },
        "reason": "threshold",
        "at": START,
    }
    with pytest.raises(InvalidActionError, match="does not fit trigger SWIPE_THRESHOLD"):
        store.dispatch(raw)
    assert store.get_state() is before
