"""Folding new rows into a shown view gives what reading the range again would give."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.trend_queries import (
    PageKey,
    TrendRange,
    TrendView,
    page_snapshots,
    range_bounds,
    read_trend,
)
from store.actions import Direction
from store.snapshot_rows import SnapshotRow
from tests.harness import VirtualSession
from tests.ui.conftest import BERLIN, morning_after
from ui.trend_fold import fold_rows, latest_key


def read(
    path: Path, trend_range: TrendRange, now: datetime, tags: tuple[str, ...] | None
) -> TrendView:
    with SnapshotRepository.open(path, read_only=True) as repository:
        return read_trend(
            repository, range=trend_range, tags=tags, max_points=2000, now=now, zone=BERLIN
        )


def rows_after(path: Path, key: PageKey | None) -> list[SnapshotRow]:
    with SnapshotRepository.open(path, read_only=True) as repository:
        return list(page_snapshots(repository, limit=500, after=key, oldest_first=True).rows)


@pytest.fixture
def session(histories: dict[str, Path], tmp_path: Path) -> VirtualSession:
    path = tmp_path / "month.sqlite3"
    shutil.copyfile(histories["month"], path)
    return VirtualSession(path, start=morning_after(path), zone=BERLIN.key)


@pytest.mark.parametrize("trend_range", list(TrendRange))
@pytest.mark.parametrize("chosen", [False, True])
def test_folding_the_new_rows_equals_reading_the_range_again(
    session: VirtualSession, trend_range: TrendRange, chosen: bool
) -> None:
    session.swipe(30, every=1.0)
    session.settle()
    before = read(session.db_path, trend_range, session.now, None)
    tags = before.available_tags[1:4] if chosen else None
    before = read(session.db_path, trend_range, session.now, tags)
    for direction in (Direction.LEFT, Direction.UP, Direction.RIGHT):
        session.swipe(25, every=2.0, direction=direction)  # a threshold row each
    session.session.job.request_snapshot()  # and a manual one
    session.settle()
    now = session.now
    new_rows = rows_after(session.db_path, latest_key(before))
    assert len(new_rows) == 4
    folded = fold_rows(
        before, new_rows, bounds=range_bounds(trend_range, now, BERLIN), default_tags=not chosen
    )
    again = read(session.db_path, trend_range, now, tags)
    if folded is None:  # the default tags changed: reading again is the right answer
        assert not chosen and again.tags != before.tags
        return
    assert folded.series == again.series
    assert (folded.tags, folded.available_tags) == (again.tags, again.available_tags)
    assert folded.rows_read == len(new_rows)


def test_a_fold_refuses_once_a_new_local_day_has_moved_the_range(session: VirtualSession) -> None:
    session.swipe(25)
    session.settle()
    before = read(session.db_path, TrendRange.WEEK, session.now, None)
    session.advance(timedelta(days=1).total_seconds())
    session.swipe(25)
    session.settle()
    bounds = range_bounds(TrendRange.WEEK, session.now, BERLIN)
    new_rows = rows_after(session.db_path, latest_key(before))
    assert new_rows
    assert fold_rows(before, new_rows, bounds=bounds, default_tags=True) is None


def test_a_fold_of_no_new_rows_keeps_the_view(session: VirtualSession) -> None:
    session.swipe(25)
    session.settle()
    before = read(session.db_path, TrendRange.TODAY, session.now, None)
    bounds = range_bounds(TrendRange.TODAY, session.now, BERLIN)
    assert fold_rows(before, [], bounds=bounds, default_tags=True) is before
