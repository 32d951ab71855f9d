"""The settings table: what is saved is read back, what is damaged is skipped and named."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from middleware.persistence.errors import ReadOnlyDatabaseError
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.schema import LATEST_VERSION
from store.settings import DEFAULT_SETTINGS, Settings

AT = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)


def stored_rows(db_path: Path) -> dict[str, str]:
    with sqlite3.connect(db_path) as connection:
        return dict(connection.execute("SELECT name, value FROM settings").fetchall())


def test_saved_settings_are_read_back_after_the_file_is_closed_and_opened_again(
    db_path: Path,
) -> None:
    chosen = Settings(swipe_interval=40, quiet_period_seconds=1.25, max_wait_seconds=8.0)
    with SnapshotRepository.open(db_path) as repository:
        repository.save_settings(chosen, at=AT)
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        stored = repository.stored_settings(DEFAULT_SETTINGS)
    assert stored.over(DEFAULT_SETTINGS) == chosen
    assert stored.damaged == ()


def test_a_setting_at_its_default_has_no_row_so_it_follows_the_default(db_path: Path) -> None:
    with SnapshotRepository.open(db_path) as repository:
        repository.save_settings(Settings(swipe_interval=40), at=AT)
        assert stored_rows(db_path) == {"swipe_interval": "40"}
        repository.save_settings(DEFAULT_SETTINGS, at=AT)
        assert stored_rows(db_path) == {}
        assert repository.stored_settings(DEFAULT_SETTINGS).values == {}


@pytest.mark.parametrize(
    ("name", "value", "named"),
    [
        ("swipe_interval", "0", "swipe interval '0'"),
        ("swipe_interval", "many", "swipe interval 'many'"),
        ("quiet_period_seconds", "nan", "quiet period 'nan'"),
        ("max_wait_seconds", "99999", "maximum wait '99999'"),
    ],
)
def test_a_damaged_or_out_of_range_stored_value_is_skipped_and_named(
    db_path: Path, name: str, value: str, named: str
) -> None:
    with SnapshotRepository.open(db_path) as repository:
        repository.save_settings(Settings(swipe_interval=12), at=AT)
    with sqlite3.connect(db_path) as connection:  # another program's edit
        connection.execute(
            "INSERT OR REPLACE INTO settings (name, value, changed_at) VALUES (?, ?, 'x')",
            (name, value),
        )
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        stored = repository.stored_settings(DEFAULT_SETTINGS)
    assert name not in stored.values
    assert named in stored.describe_damage()
    assert getattr(stored.over(DEFAULT_SETTINGS), name) == getattr(DEFAULT_SETTINGS, name)
    if name != "swipe_interval":
        assert stored.values["swipe_interval"] == 12, "the valid rows still count"


def test_a_stored_pair_that_disagrees_is_skipped_and_both_take_their_defaults(
    db_path: Path,
) -> None:
    with SnapshotRepository.open(db_path) as repository:
        repository.save_settings(Settings(quiet_period_seconds=2.0, max_wait_seconds=5.0), at=AT)
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE settings SET value = '1' WHERE name = 'max_wait_seconds'")
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        stored = repository.stored_settings(DEFAULT_SETTINGS)
    assert stored.over(DEFAULT_SETTINGS) == DEFAULT_SETTINGS
    assert "must be at least the quiet period" in stored.describe_damage()


def test_a_file_from_before_the_settings_table_reads_as_the_defaults(db_path: Path) -> None:
    with SnapshotRepository.open(db_path):
        pass
    with sqlite3.connect(db_path) as connection:  # as the step before the table left it
        connection.execute("DROP TABLE settings")
        connection.execute(f"PRAGMA user_version = {LATEST_VERSION - 1}")
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        stored = repository.stored_settings(DEFAULT_SETTINGS)
    assert stored.over(DEFAULT_SETTINGS) == DEFAULT_SETTINGS
    with SnapshotRepository.open(db_path) as repository:  # a writable open adds the table
        repository.save_settings(Settings(swipe_interval=3), at=AT)
        assert repository.schema_version() == LATEST_VERSION
    assert stored_rows(db_path) == {"swipe_interval": "3"}


def test_a_read_only_repository_refuses_to_save_settings(db_path: Path) -> None:
    with SnapshotRepository.open(db_path):
        pass
    with (
        SnapshotRepository.open(db_path, read_only=True) as repository,
        pytest.raises(ReadOnlyDatabaseError),
    ):
        repository.save_settings(Settings(swipe_interval=3), at=AT)
