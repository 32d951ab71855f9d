"""Rows at the database boundary: ids, normalised times, the row contract, pure building."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from store import (
    AppStarted,
    AppState,
    Direction,
    NewSnapshot,
    ProfileState,
    SnapshotMeta,
    SnapshotRow,
    Swiped,
    SwipeRecord,
    TagStats,
    TriggerType,
    build_current_profile_snapshot_input,
    build_new_snapshot,
    create_profile_store,
    load_catalog,
)
from store.snapshot_input import SNAPSHOT_SCHEMA_VERSION, SnapshotInput, canonical_dumps
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
    with pytest.raises(ValidationError, match="does not fit trigger DAY_ROLLOVER"):
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
    assert record == (1, "ramen", "RIGHT", LAST_SWIPE, date(2026, 1, 20), None)
    assert record.direction == "RIGHT"
    assert isinstance(record, tuple)


# --- pinned rows --------------------------------------------------------------------------

GOLDEN_PAYLOAD = (
    '{"schema_version":1,"swipe_count":250,"tags":['
    '{"likes":3,"nopes":3,"score":0.7647,"superlikes":13,"tag":"indian"},'
    '{"likes":8,"nopes":3,"score":0.7241,"superlikes":8,"tag":"smoky"},'
    '{"likes":6,"nopes":2,"score":0.7,"superlikes":5,"tag":"korean"},'
    '{"likes":11,"nopes":4,"score":0.6552,"superlikes":6,"tag":"vegetarian"},'
    '{"likes":8,"nopes":3,"score":0.6522,"superlikes":5,"tag":"thai"},'
    '{"likes":14,"nopes":4,"score":0.6154,"superlikes":3,"tag":"mexican"},'
    '{"likes":3,"nopes":4,"score":0.6,"superlikes":8,"tag":"american"},'
    '{"likes":9,"nopes":11,"score":0.5862,"superlikes":18,"tag":"vegan"},'
    '{"likes":8,"nopes":4,"score":0.5833,"superlikes":5,"tag":"chinese"},'
    '{"likes":21,"nopes":17,"score":0.5814,"superlikes":23,"tag":"comfort"},'
    '{"likes":13,"nopes":8,"score":0.561,"superlikes":9,"tag":"fried"},'
    '{"likes":14,"nopes":5,"score":0.5556,"superlikes":3,"tag":"italian"},'
    '{"likes":7,"nopes":7,"score":0.5556,"superlikes":10,"tag":"seafood"},'
    '{"likes":28,"nopes":17,"score":0.5556,"superlikes":17,"tag":"spicy"},'
    '{"likes":9,"nopes":10,"score":0.551,"superlikes":14,"tag":"healthy"},'
    '{"likes":5,"nopes":5,"score":0.5385,"superlikes":7,"tag":"noodles"},'
    '{"likes":12,"nopes":9,"score":0.5122,"superlikes":9,"tag":"cheesy"},'
    '{"likes":11,"nopes":13,"score":0.4815,"superlikes":14,"tag":"european"},'
    '{"likes":4,"nopes":6,"score":0.4615,"superlikes":7,"tag":"fermented"},'
    '{"likes":11,"nopes":17,"score":0.4194,"superlikes":16,"tag":"baked"},'
    '{"likes":9,"nopes":8,"score":0.4194,"superlikes":6,"tag":"southeast-asian"},'
    '{"likes":28,"nopes":25,"score":0.4157,"superlikes":17,"tag":"meaty"},'
    '{"likes":22,"nopes":16,"score":0.4138,"superlikes":9,"tag":"street-food"},'
    '{"likes":2,"nopes":4,"score":0.375,"superlikes":4,"tag":"latin-american"},'
    '{"likes":2,"nopes":4,"score":0.375,"superlikes":4,"tag":"middle-eastern"},'
    '{"likes":8,"nopes":6,"score":0.3636,"superlikes":3,"tag":"sour"},'
    '{"likes":1,"nopes":8,"score":0.3333,"superlikes":8,"tag":"brunch"},'
    '{"likes":3,"nopes":3,"score":0.3333,"superlikes":2,"tag":"coffee"},'
    '{"likes":11,"nopes":14,"score":0.3333,"superlikes":9,"tag":"grilled"},'
    '{"likes":7,"nopes":15,"score":0.3043,"superlikes":11,"tag":"dessert"},'
    '{"likes":11,"nopes":24,"score":0.2754,"superlikes":16,"tag":"sweet"},'
    '{"likes":0,"nopes":9,"score":0.2,"superlikes":7,"tag":"french"},'
    '{"likes":1,"nopes":13,"score":0.0,"superlikes":6,"tag":"japanese"},'
    '{"likes":2,"nopes":5,"score":-0.3333,"superlikes":0,"tag":"african"}]}'
)
GOLDEN_META = (
    '{"last_swipe_at":"2026-03-29T04:12:33.000000Z","reason":"swipe 250 reached 250",'
    '"schema_version":1,"selector_version":1,"sequence":250,"swipe_count":250,'
    '"timezone":"Europe/Berlin"}'
)


def test_a_fixed_swipe_sequence_gives_exactly_this_row() -> None:
    items = sorted(load_catalog().item_ids)
    directions = list(Direction)
    store = create_profile_store()
    start = datetime(2026, 3, 28, 21, 30, tzinfo=UTC)  # the night Berlin moves to summer time
    store.dispatch(AppStarted(at=start, timezone="Europe/Berlin"))
    for i in range(250):
        item_id = items[(i * 37) % len(items)]
        direction = directions[(i * i + i // 3) % len(directions)]
        store.dispatch(
            Swiped(item_id=item_id, direction=direction, at=start + timedelta(seconds=97 * i))
        )
    new = build_new_snapshot(
        store.get_state(),
        trigger_type=TriggerType.SWIPE_THRESHOLD,
        window_key=threshold_window_key(250),
        snapshot_date_local=date(2026, 3, 29),
        reason="swipe 250 reached 250",
        created_at=datetime(2026, 3, 29, 4, 15, 0, 250000, tzinfo=timezone(timedelta(hours=2))),
    )
    assert new.id == "516ec617d01689d3d32653aeab0b0dc0"
    assert new.created_at == datetime(2026, 3, 29, 2, 15, 0, 250000, tzinfo=UTC)
    assert new.profile_version == 250
    assert new.payload_json == GOLDEN_PAYLOAD
    assert new.meta_json == GOLDEN_META


@settings(max_examples=300, deadline=None)
@given(
    count=st.integers(min_value=0, max_value=10**12),
    sequence=st.integers(min_value=0, max_value=10**12),
    last_swipe_at=st.none()
    | st.datetimes(
        min_value=datetime(1970, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.timezones(),
    ),
    timezone_name=st.text(),
    reason=st.text(),
)
def test_meta_json_equals_sorted_json_dumps_byte_for_byte(
    count: int, sequence: int, last_swipe_at: datetime | None, timezone_name: str, reason: str
) -> None:
    meta = SnapshotMeta(
        swipe_count=count,
        sequence=sequence,
        last_swipe_at=last_swipe_at,
        timezone=timezone_name,
        reason=reason,
        schema_version=SNAPSHOT_SCHEMA_VERSION,
        selector_version=SELECTOR_VERSION,
    )
    assert meta.canonical_json() == canonical_dumps(meta.to_jsonable())
