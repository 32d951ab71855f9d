"""After a restart the state is exactly what it was, rebuilt from a snapshot and a few swipes."""

from __future__ import annotations

import logging
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from middleware.persistence.rehydrate import rehydrate
from middleware.persistence.repository import SnapshotRepository
from store import AppState, Catalog, TriggerType
from store.windows import manual_window_key, rollover_window_key, threshold_window_key
from tests.middleware.persistence.histories import (
    START,
    ZONE,
    new_store,
    payload_bytes,
    record_snapshot,
    store_state_at,
    swipe,
)


def test_rehydrating_gives_byte_identical_payload_sequence_and_last_swipe(
    db_path: Path, catalog: Catalog
) -> None:
    store = new_store(catalog)
    records = swipe(store, catalog, 60, start=START)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records[:25])
        record_snapshot(
            repository,
            store_state_at(catalog, records, 25),
            TriggerType.SWIPE_THRESHOLD,
            threshold_window_key(25),
            START + timedelta(hours=1),
        )
        repository.append_swipes(records[25:])
    before = store.get_state()
    with SnapshotRepository.open(db_path) as repository:
        after = rehydrate(repository, catalog, timezone=ZONE, started_at=START)
    assert payload_bytes(after) == payload_bytes(before)
    assert after.profile.sequence == before.profile.sequence == 60
    assert after.profile.last_swipe_at == before.profile.last_swipe_at
    assert after.profile.tags == before.profile.tags
    assert (after.timezone, after.started_at) == (ZONE, START)
    assert after.snapshots.persisted_sequence == 60


def test_rehydrating_needs_no_swipe_from_before_the_latest_snapshot(
    db_path: Path, catalog: Catalog
) -> None:
    store = new_store(catalog)
    records = swipe(store, catalog, 80, start=START)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        record_snapshot(
            repository,
            store_state_at(catalog, records, 50),
            TriggerType.SWIPE_THRESHOLD,
            threshold_window_key(50),
            START + timedelta(hours=3),
        )
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("DELETE FROM swipes WHERE sequence <= 50")  # history is not read
    connection.close()
    with SnapshotRepository.open(db_path) as repository:
        after = rehydrate(repository, catalog, timezone=ZONE)
    assert payload_bytes(after) == payload_bytes(store.get_state())
    assert after.profile.last_swipe_at == records[-1].at


def test_rehydrating_from_the_latest_snapshot_alone_keeps_its_last_swipe_time(
    db_path: Path, catalog: Catalog
) -> None:
    store = new_store(catalog)
    records = swipe(store, catalog, 30, start=START)
    with SnapshotRepository.open(db_path) as repository:
        record_snapshot(
            repository,
            store.get_state(),
            TriggerType.MANUAL,
            manual_window_key(30),
            START + timedelta(hours=2),
        )
        repository.append_swipes(records)
        after = rehydrate(repository, catalog, timezone=ZONE)
    assert payload_bytes(after) == payload_bytes(store.get_state())
    assert after.profile.last_swipe_at == records[-1].at


def test_rehydrating_a_snapshot_without_meta_takes_the_last_swipe_time_from_the_log(
    db_path: Path, catalog: Catalog
) -> None:
    store = new_store(catalog)
    records = swipe(store, catalog, 30, start=START)
    with SnapshotRepository.open(db_path) as repository:
        record_snapshot(
            repository,
            store.get_state(),
            TriggerType.MANUAL,
            manual_window_key(30),
            START + timedelta(hours=2),
        )
        repository.append_swipes(records)
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("UPDATE profile_snapshots SET meta_json = NULL")
    connection.close()
    with SnapshotRepository.open(db_path) as repository:
        after = rehydrate(repository, catalog, timezone=ZONE)
    assert payload_bytes(after) == payload_bytes(store.get_state())
    assert after.profile.last_swipe_at == records[-1].at


def test_rehydrating_an_empty_database_gives_an_empty_profile(
    db_path: Path, catalog: Catalog
) -> None:
    with SnapshotRepository.open(db_path) as repository:
        state = rehydrate(repository, catalog, timezone=ZONE, started_at=START)
    assert state == AppState(timezone=ZONE, started_at=START)


def test_the_snapshot_job_state_is_rebuilt_from_the_rows(db_path: Path, catalog: Catalog) -> None:
    store = new_store(catalog)
    records = swipe(store, catalog, 30, start=START)
    state = store.get_state()
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        record_snapshot(
            repository,
            state,
            TriggerType.SWIPE_THRESHOLD,
            threshold_window_key(25),
            START + timedelta(hours=1),
        )
        record_snapshot(
            repository,
            state,
            TriggerType.DAY_ROLLOVER,
            rollover_window_key(date(2026, 1, 20)),
            START + timedelta(hours=12),
        )
        record_snapshot(
            repository, state, TriggerType.MANUAL, manual_window_key(30), START + timedelta(hours=2)
        )
        jobs = rehydrate(repository, catalog, timezone=ZONE).snapshots
    assert jobs.last_threshold_window == 25
    assert jobs.claimed_periods[TriggerType.DAY_ROLLOVER] == {date(2026, 1, 20)}
    assert jobs.last_manual_version == 30
    assert jobs.last_snapshot is not None
    assert jobs.last_snapshot.window_key == "day:2026-01-20"
    assert jobs.last_snapshot.created_at == START + timedelta(hours=12)
    assert jobs.pending == frozenset() and jobs.persisted_sequence == 30
    assert jobs.stored_at_start == 3  # the rows the table lists, so the window counts them


def test_the_start_up_log_says_how_the_profile_was_loaded(
    db_path: Path, catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    store = new_store(catalog)
    records = swipe(store, catalog, 40, start=START)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        record_snapshot(
            repository,
            store_state_at(catalog, records, 25),
            TriggerType.SWIPE_THRESHOLD,
            threshold_window_key(25),
            START + timedelta(hours=1),
        )
    with (
        SnapshotRepository.open(db_path) as repository,
        caplog.at_level(logging.INFO, logger="tastetrail.repository"),
    ):
        rehydrate(repository, catalog, timezone=ZONE)
    assert [record.getMessage() for record in caplog.records] == [
        "loaded a profile of 40 swipes: 25 from the latest snapshot, 15 replayed from the swipe log"
    ]
