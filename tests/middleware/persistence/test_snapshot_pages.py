"""Keyset pages over real SQLite files: every row once, in order, at a bounded cost."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.snapshot_pages import (
    PageKey,
    iter_snapshots,
    page_snapshots,
    page_sql,
)
from tests.snapshot_rows_factory import new_row, write_rows

AT = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)


def _fill(repository: SnapshotRepository, count: int, *, ties: bool = True) -> None:
    """``count`` rows a minute apart; with ``ties``, every third row shares its instant
    with the one before (pages order those by id)."""
    write_rows(
        repository,
        [
            new_row(
                25 * (index + 1),
                AT + timedelta(minutes=index - (index % 3 // 2 if ties else 0)),
                {"ramen": 0.1},
            )
            for index in range(count)
        ],
    )


@pytest.mark.parametrize("oldest_first", [False, True])
def test_pages_walk_every_row_once_in_order_with_ties_broken_by_id(
    db_path: Path, oldest_first: bool
) -> None:
    with SnapshotRepository.open(db_path) as repository:
        _fill(repository, 50)
        expected = [row.id for row in repository.list_snapshots()]  # oldest first, ties by id
        walked, after, pages = [], None, 0
        while True:
            page = page_snapshots(repository, limit=7, after=after, oldest_first=oldest_first)
            walked.extend(row.id for row in page.rows)
            pages += 1
            if page.next_key is None:
                break
            after = page.next_key
    assert walked == (expected if oldest_first else expected[::-1])
    assert pages == 8


def test_a_page_deep_in_a_long_history_reads_only_its_own_rows(db_path: Path) -> None:
    with SnapshotRepository.open(db_path) as repository:
        _fill(repository, 3_000)
        middle = repository.list_snapshots()[1_500]
        before = repository.rows_fetched
        page = page_snapshots(repository, limit=20, after=PageKey.of(middle))
    assert repository.rows_fetched - before == 21  # the page and one row to know more follow
    assert page.rows[0].created_at <= middle.created_at
    assert page.next_key == PageKey.of(page.rows[-1])


def test_the_newest_rows_come_first_and_a_range_bounds_them(db_path: Path) -> None:
    with SnapshotRepository.open(db_path) as repository:
        _fill(repository, 30, ties=False)
        newest = page_snapshots(repository, limit=3)
        ranged = list(
            iter_snapshots(
                repository,
                since=AT + timedelta(minutes=10),
                until=AT + timedelta(minutes=20),
                page_size=4,
            )
        )
    assert [row.profile_version for row in newest.rows] == [750, 725, 700]
    assert ranged and all(
        AT + timedelta(minutes=10) <= row.created_at < AT + timedelta(minutes=20) for row in ranged
    )
    assert [row.created_at for row in ranged] == sorted(
        (row.created_at for row in ranged), reverse=True
    )


def test_an_empty_database_gives_one_empty_last_page(db_path: Path) -> None:
    with SnapshotRepository.open(db_path) as repository:
        page = page_snapshots(repository, limit=5)
    assert page.rows == () and page.next_key is None


def test_a_page_limit_below_one_is_refused(db_path: Path) -> None:
    with (
        SnapshotRepository.open(db_path) as repository,
        pytest.raises(ValueError, match="at least 1"),
    ):
        page_snapshots(repository, limit=0)


@pytest.mark.parametrize("oldest_first", [False, True])
def test_a_page_query_walks_the_created_at_index(db_path: Path, oldest_first: bool) -> None:
    SnapshotRepository.open(db_path).close()
    sql = page_sql(oldest_first, PageKey(created_at=AT, id="x"))
    connection = sqlite3.connect(db_path)
    try:
        parameters = dict.fromkeys(("since", "until", "at", "id"), "x")
        plan = [
            detail for *_, detail in connection.execute(f"EXPLAIN QUERY PLAN {sql}", parameters)
        ]
    finally:
        connection.close()
    assert any("USING INDEX profile_snapshots_by_created_at" in step for step in plan), plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan
