"""Rows at the database boundary: ids, normalised times, the row contract, pure building."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from store import (
    AppState,
    Direction,
    NewSnapshot,
    ProfileState,
    SnapshotMeta,
    SnapshotRow,
    SwipeRecord,
    TagStats,
    TriggerType,
    build_current_profile_snapshot_input,
    build_new_snapshot,
)
from store.snapshot_input import SNAPSHOT_SCHEMA_VERSION, SnapshotInput
from store.snapshot_rows import (
    SELECTOR_VERSION,
    format_utc_micros,
    format_utc_millis,
    parse_utc,
)
from store.windows import manual_window_key, rollover_window_key, threshold_window_key

LAST_SWIPE = datetime(2026, 1, 20, 22, 59, 30, 123456, tzinfo=UTC)
STATE = AppState(
    profile=ProfileState(
        tags={"spicy": TagStats(likes=3, nopes=1), "sweet": TagStats(nopes=2, superlikes=1)},
        sequence=7,
        last_swipe_at=LAST_SWIPE,
    ),
    timezone="Europe/Berlin",
)
CREATED = datetime(2026, 1, 21, 0, 0, tzinfo=timezone(timedelta(hours=1)))


def snapshot(state: AppState = STATE, **overrides: object) -> NewSnapshot:
    arguments: dict[str, object] = {
        "trigger_type": TriggerType.SWIPE_THRESHOLD,
        "window_key": threshold_window_key(5),
        "snapshot_date_local": date(2026, 1, 20),
        "reason": "swipe count reached 5",
        "created_at": CREATED,
    }
    arguments.update(overrides)
    return build_new_snapshot(state, **arguments)  # type: ignore[arg-type]


def test_the_same_window_always_gets_the_same_id() -> None:
    first = snapshot()
    again = snapshot(created_at=CREATED + timedelta(hours=5), reason="retried")
    assert first.id == again.id
    assert len(first.id) == 32
    assert int(first.id, 16) >= 0


def test_another_window_trigger_or_version_gets_another_id() -> None:
    base = snapshot()
    other_window = snapshot(window_key=threshold_window_key(10))
    other_trigger = snapshot(trigger_type=TriggerType.MANUAL, window_key=manual_window_key(7))
    other_version = snapshot(state=STATE._replace(profile=STATE.profile._replace(sequence=8)))
    assert len({base.id, other_window.id, other_trigger.id, other_version.id}) == 4


def test_created_at_is_normalised_to_utc() -> None:
    new = snapshot()
    assert new.created_at == CREATED
    assert new.created_at.utcoffset() == timedelta(0)
    assert new.created_at.hour == 23


def test_a_naive_created_at_is_refused() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        snapshot(created_at=datetime(2026, 1, 21))


def test_a_window_key_that_does_not_fit_the_trigger_is_refused() -> None:
    with pytest.raises(ValidationError, match="must start with 'day:'"):
        snapshot(trigger_type=TriggerType.DAY_ROLLOVER, window_key=threshold_window_key(5))


def test_the_payload_is_the_selectors_canonical_json() -> None:
    new = snapshot()
    assert new.payload_json == build_current_profile_snapshot_input(STATE).canonical_json()
    assert new.profile_version == 7


def test_the_meta_records_order_dependent_facts_and_versions() -> None:
    meta = json.loads(snapshot().meta_json)
    assert meta == {
        "last_swipe_at": "2026-01-20T22:59:30.123456Z",
        "reason": "swipe count reached 5",
        "schema_version": SNAPSHOT_SCHEMA_VERSION,
        "selector_version": SELECTOR_VERSION,
        "sequence": 7,
        "swipe_count": 7,
        "timezone": "Europe/Berlin",
    }
    assert snapshot().meta_json == json.dumps(meta, sort_keys=True, separators=(",", ":"))


def test_building_a_snapshot_twice_gives_equal_rows_and_leaves_the_state_alone() -> None:
    before = STATE
    assert snapshot() == snapshot()
    assert STATE is before
    assert STATE.profile.sequence == 7


def test_a_snapshot_of_an_empty_profile_has_no_tags_and_no_last_swipe() -> None:
    new = snapshot(
        state=AppState(),
        window_key=rollover_window_key(date(2026, 1, 20)),
        trigger_type=TriggerType.DAY_ROLLOVER,
    )
    assert json.loads(new.payload_json) == {"schema_version": 1, "swipe_count": 0, "tags": []}
    assert json.loads(new.meta_json)["last_swipe_at"] is None


def row(meta: SnapshotMeta | None) -> SnapshotRow:
    new = snapshot()
    return SnapshotRow(
        id=new.id,
        created_at=new.created_at,
        snapshot_date_local=new.snapshot_date_local,
        trigger_type=new.trigger_type,
        window_key=new.window_key,
        profile_version=new.profile_version,
        payload=SnapshotInput.model_validate_json(new.payload_json),
        meta=meta,
    )


def test_the_row_contract_has_exactly_the_camel_case_keys() -> None:
    new = snapshot()
    contract = row(SnapshotMeta.model_validate_json(new.meta_json)).to_contract()
    assert contract == {
        "id": new.id,
        "createdAt": "2026-01-20T23:00:00.000Z",
        "snapshotDateLocal": "2026-01-20",
        "triggerType": "SWIPE_THRESHOLD",
        "windowKey": "swipes:000005",
        "profileVersion": 7,
        "payloadJson": new.payload_json,
        "metaJson": new.meta_json,
    }
    json.dumps(contract)  # plain JSON types only


def test_the_row_contract_shows_a_missing_meta_as_null() -> None:
    assert row(None).to_contract()["metaJson"] is None


def test_utc_text_has_millisecond_and_microsecond_forms() -> None:
    instant = datetime(2026, 1, 21, 0, 0, 0, 987654, tzinfo=timezone(timedelta(hours=1)))
    assert format_utc_millis(instant) == "2026-01-20T23:00:00.987Z"
    assert format_utc_micros(instant) == "2026-01-20T23:00:00.987654Z"
    assert parse_utc(format_utc_micros(instant)) == instant
    with pytest.raises(ValueError, match="timezone-aware"):
        format_utc_millis(datetime(2026, 1, 20))


def test_a_swipe_record_is_a_plain_tuple_built_without_validation() -> None:
    record = SwipeRecord(1, "ramen", Direction.RIGHT, LAST_SWIPE, date(2026, 1, 20))
    assert record == (1, "ramen", "RIGHT", LAST_SWIPE, date(2026, 1, 20))
    assert record.direction == "RIGHT"
    assert isinstance(record, tuple)
