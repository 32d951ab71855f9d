"""A snapshot table of any size, filled fast, for the listing's memory figure.

500 real snapshot rows of a profile evolving 25 swipes at a time (`build_new_snapshot` on
states from the real reducer) are repeated with new identities (window key, profile
version, creation time one hour apart) until the table holds the rows asked for, and
inserted in one transaction, stored exactly as the repository stores them.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from middleware.persistence.repository import SnapshotRepository
from middleware.policy import SNAPSHOT_SWIPE_INTERVAL
from store.actions import Direction, Swiped, TriggerType
from store.catalog import Catalog
from store.local_day import local_date
from store.reducer import create_reducer
from store.snapshot_of_state import build_new_snapshot
from store.snapshot_rows import NewSnapshot, format_utc_millis, snapshot_id
from store.state import AppState
from store.windows import threshold_window_key

_ZONE = ZoneInfo("UTC")
"""The rows' zone: their local dates are UTC dates."""
DISTINCT_ROWS = 500
FIRST_ROW_AT = datetime(2014, 1, 1, tzinfo=UTC)
ROW_SPACING = timedelta(hours=1)
COLUMNS = (
    "id, created_at, snapshot_date_local, trigger_type, window_key, profile_version, "
    "payload_json, meta_json"
)


def _distinct_rows(catalog: Catalog, seed: int = 1) -> list[NewSnapshot]:
    reducer = create_reducer(catalog.item_tags)
    rng = random.Random(seed)
    cards = [card.id for card in catalog.cards]
    directions = (Direction.LEFT, Direction.RIGHT, Direction.UP)
    state = AppState(timezone="UTC")
    rows = []
    for index in range(DISTINCT_ROWS):
        at = FIRST_ROW_AT + ROW_SPACING * index
        for _ in range(SNAPSHOT_SWIPE_INTERVAL):
            swipe = Swiped.model_construct(
                item_id=rng.choice(cards), direction=rng.choice(directions), at=at
            )
            state = reducer(state, swipe)
        sequence = state.profile.sequence
        rows.append(
            build_new_snapshot(
                state,
                trigger_type=TriggerType.SWIPE_THRESHOLD,
                window_key=threshold_window_key(sequence),
                snapshot_date_local=local_date(at, _ZONE),
                reason=f"swipe {sequence} reached {sequence}",
                created_at=at,
            )
        )
    return rows


def _renumbered(row: NewSnapshot, version: int, created_at: datetime) -> tuple[Any, ...]:
    """``row`` as the table row of profile version ``version`` created at ``created_at``."""
    old = row.profile_version
    payload = row.payload_json.replace(f'"swipe_count":{old},', f'"swipe_count":{version},')
    meta = row.meta_json.replace(f'"swipe_count":{old},', f'"swipe_count":{version},')
    meta = meta.replace(f'"sequence":{old},', f'"sequence":{version},')
    window_key = threshold_window_key(version)
    return (
        snapshot_id(TriggerType.SWIPE_THRESHOLD, window_key, version),
        format_utc_millis(created_at),
        local_date(created_at, _ZONE).isoformat(),
        TriggerType.SWIPE_THRESHOLD.value,
        window_key,
        version,
        payload,
        meta,
    )


def build_snapshot_table(path: Path, catalog: Catalog, rows: int) -> Path:
    """A new database at ``path`` whose snapshot table holds ``rows`` rows; its path."""
    SnapshotRepository.open(path).close()  # create it with the current schema
    distinct = _distinct_rows(catalog)
    values = (
        _renumbered(
            distinct[index % DISTINCT_ROWS],
            (index + 1) * SNAPSHOT_SWIPE_INTERVAL,
            FIRST_ROW_AT + ROW_SPACING * index,
        )
        for index in range(rows)
    )
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            f"INSERT INTO profile_snapshots ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values
        )
        connection.execute("COMMIT")
    finally:
        connection.close()
    return path
