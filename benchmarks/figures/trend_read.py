"""Figure 6: the trend panel's read, 365 rows out of a 100k-row snapshot table.

Our read API, `SnapshotRepository.list_snapshots(since, until)`, returns validated
`SnapshotRow` models (payload and meta parsed and checked). The baseline is what any
SQLite program would do: the same indexed query through `sqlite3`, then ``json.loads`` of
each row's payload and meta. Both read the same file through their own read-only
connection, opened before the clock starts.

The table is filled fast: 500 real snapshot rows of a profile evolving 25 swipes at a
time (`build_new_snapshot` on states from the real reducer), repeated with new identities
(window key, profile version, creation time one hour apart) until the table is full, and
inserted in one transaction. Rows are stored exactly as the repository stores them.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from benchmarks.config import count
from benchmarks.context import BenchContext
from benchmarks.report import FigureRow, Target
from benchmarks.runner import Contender, Measurement, run_interleaved
from middleware.persistence.repository import SnapshotRepository
from middleware.policy import SNAPSHOT_SWIPE_INTERVAL
from store.actions import Direction, Swiped, TriggerType
from store.catalog import Catalog
from store.local_day import local_date
from store.reducer import create_reducer
from store.snapshot_rows import NewSnapshot, build_new_snapshot, format_utc_micros, snapshot_id
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
RAW_QUERY = (
    f"SELECT {COLUMNS} FROM profile_snapshots WHERE created_at >= ? AND created_at < ? "
    "ORDER BY created_at, id"
)


@dataclass(frozen=True, slots=True)
class TrendTable:
    path: Path
    rows: int
    since: datetime
    until: datetime
    expected: int


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
        format_utc_micros(created_at),
        local_date(created_at, _ZONE).isoformat(),
        TriggerType.SWIPE_THRESHOLD.value,
        window_key,
        version,
        payload,
        meta,
    )


def build_trend_table(path: Path, catalog: Catalog, rows: int, read_rows: int) -> TrendTable:
    """A database whose snapshot table holds ``rows`` rows, and a range of ``read_rows``."""
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
    first = max(0, rows // 2 - read_rows // 2)
    since = FIRST_ROW_AT + ROW_SPACING * first
    expected = min(read_rows, rows - first)
    return TrendTable(path, rows, since, since + ROW_SPACING * read_rows, expected)


def _check(read: int, table: TrendTable, who: str) -> None:
    if read != table.expected:
        raise RuntimeError(f"{who} read {read} rows, expected {table.expected}: not comparable")


def read_api(table: TrendTable, reads: int) -> Callable[[], Measurement]:
    def measure() -> Measurement:
        with SnapshotRepository.open(table.path, read_only=True) as repository:
            started = time.perf_counter()
            for _ in range(reads):
                rows = repository.list_snapshots(table.since, table.until)
            elapsed = time.perf_counter() - started
        _check(len(rows), table, "list_snapshots")
        return {"ms": elapsed / reads * 1e3}

    return measure


def raw_sqlite(table: TrendTable, reads: int) -> Callable[[], Measurement]:
    since, until = format_utc_micros(table.since), format_utc_micros(table.until)

    def measure() -> Measurement:
        uri = table.path.resolve().as_uri() + "?mode=ro"
        connection = sqlite3.connect(uri, uri=True)
        try:
            started = time.perf_counter()
            for _ in range(reads):
                rows = [
                    (*columns[:6], json.loads(columns[6]), json.loads(columns[7]))
                    for columns in connection.execute(RAW_QUERY, (since, until))
                ]
            elapsed = time.perf_counter() - started
        finally:
            connection.close()
        _check(len(rows), table, "raw sqlite3")
        return {"ms": elapsed / reads * 1e3}

    return measure


def run(context: BenchContext) -> list[FigureRow]:
    sizes, config = context.sizes, context.config
    table = context.fixture(
        "trend-table",
        lambda: build_trend_table(
            context.new_path("trend"), context.catalog, sizes.trend_rows, sizes.trend_read_rows
        ),
    )
    samples = run_interleaved(
        [
            Contender("list_snapshots", read_api(table, sizes.trend_reads)),
            Contender("sqlite3 + json.loads", raw_sqlite(table, sizes.trend_reads)),
        ],
        rounds=config.rounds,
        warm_up=config.warm_up,
    )
    return [
        FigureRow.compare(
            samples,
            figure=6,
            name=(
                f"trend read of {table.expected} rows from a {count(table.rows)}-row table "
                "(list_snapshots)"
            ),
            unit="ms",
            subject=("list_snapshots", "ms"),
            baseline=("sqlite3 + json.loads", "ms"),
            target=Target("ratio", "<=", 2.0),
        )
    ]
