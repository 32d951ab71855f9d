"""Histories for the start-up tests: a store swiped in New York, its log and its snapshots."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from middleware.persistence.repository import SnapshotRepository
from store import (
    AppStarted,
    AppState,
    Catalog,
    Direction,
    ProfileStore,
    Swiped,
    SwipeRecord,
    TriggerType,
    build_current_profile_snapshot_input,
    build_new_snapshot,
    create_profile_store,
)

ZONE = "America/New_York"
START = datetime(2026, 1, 20, 14, 0, tzinfo=UTC)  # 09:00 in New York


def new_store(catalog: Catalog) -> ProfileStore:
    store = create_profile_store(catalog=catalog)
    store.dispatch(AppStarted(at=START, timezone=ZONE))
    return store


def swipe(
    store: ProfileStore, catalog: Catalog, count: int, *, start: datetime, seed: int = 1
) -> list[SwipeRecord]:
    """Dispatch ``count`` random swipes 3 minutes apart; return them as the log stores them."""
    rng = random.Random(seed)
    ids = sorted(catalog.item_ids)
    records = []
    for index in range(count):
        at = start + timedelta(minutes=3 * index)
        action = Swiped(item_id=rng.choice(ids), direction=rng.choice(list(Direction)), at=at)
        store.dispatch(action)
        state = store.get_state()
        local = at.astimezone(ZoneInfo(state.timezone)).date()
        records.append(
            SwipeRecord(state.profile.sequence, action.item_id, action.direction, at, local)
        )
    return records


def payload_bytes(state: AppState) -> bytes:
    return build_current_profile_snapshot_input(state).canonical_json().encode()


def record_snapshot(
    repository: SnapshotRepository,
    state: AppState,
    trigger: TriggerType,
    window_key: str,
    created_at: datetime,
) -> None:
    day = created_at.astimezone(ZoneInfo(ZONE)).date()
    new = build_new_snapshot(
        state,
        trigger_type=trigger,
        window_key=window_key,
        snapshot_date_local=day,
        reason="test",
        created_at=created_at,
    )
    repository.insert_snapshot(new)


def store_state_at(catalog: Catalog, records: list[SwipeRecord], count: int) -> AppState:
    """The state a fresh store reaches after the first ``count`` of ``records``."""
    store = new_store(catalog)
    for record in records[:count]:
        store.dispatch(Swiped(item_id=record.item_id, direction=record.direction, at=record.at))
    return store.get_state()
