"""The trend selectors on real SQLite files written by the real simulator (or, for shapes
the simulator does not give on demand, by the real repository)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.simulation.simulator import SimulationOptions, run_simulation
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.trend_queries import (
    Resolution,
    TrendRange,
    TrendView,
    range_bounds,
    read_trend,
    trend_statements,
)
from store.actions import TriggerType
from tests.snapshot_rows_factory import new_row, write_rows

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)


def _simulate(path: Path, *, swipes: int, days: int, start: datetime = START) -> Path:
    run_simulation(
        SimulationOptions(db_path=path, swipes=swipes, days=days, zone=BERLIN, start=start)
    )
    return path


@pytest.fixture(scope="module")
def histories(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """1k swipes over two days; a month and a year at the same 60 swipes a day."""
    folder = tmp_path_factory.mktemp("histories")
    return {
        "1k": _simulate(folder / "1k.sqlite3", swipes=1_000, days=2),
        "month": _simulate(folder / "month.sqlite3", swipes=30 * 60, days=30),
        "year": _simulate(folder / "year.sqlite3", swipes=365 * 60, days=365),
    }


@pytest.fixture
def open_read_only() -> Iterator[list[SnapshotRepository]]:
    opened: list[SnapshotRepository] = []
    yield opened
    for repository in opened:
        repository.close()


def _repository(path: Path, opened: list[SnapshotRepository]) -> SnapshotRepository:
    repository = SnapshotRepository.open(path, read_only=True)
    opened.append(repository)
    return repository


def _end_of_history(repository: SnapshotRepository) -> datetime:
    last = repository.last_created_snapshot()
    assert last is not None
    return last.created_at


def _read(repository: SnapshotRepository, trend_range: TrendRange, **options: object) -> TrendView:
    return read_trend(
        repository,
        range=trend_range,
        now=_end_of_history(repository),
        zone=BERLIN,
        **options,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("history", ["1k", "year"])
@pytest.mark.parametrize("trend_range", list(TrendRange))
def test_every_series_stays_within_its_point_budget(
    histories: dict[str, Path],
    open_read_only: list[SnapshotRepository],
    history: str,
    trend_range: TrendRange,
) -> None:
    repository = _repository(histories[history], open_read_only)
    view = _read(repository, trend_range, max_points=40)
    assert len(view.series) == 5
    for series in view.series:
        assert len(series.points) <= 40, (series.tag, len(series.points))
        assert len(series.points) == min(series.rows_with_tag, len(series.points))
    if history == "year" and trend_range in (TrendRange.YEAR, TrendRange.ALL):
        assert all(series.rows_with_tag > 300 for series in view.series)  # really thinned


def test_a_week_reads_as_many_rows_from_a_year_of_history_as_from_a_month(
    histories: dict[str, Path], open_read_only: list[SnapshotRepository]
) -> None:
    reads = {}
    for history in ("month", "year"):
        repository = _repository(histories[history], open_read_only)
        now = _end_of_history(repository)
        before = repository.rows_fetched
        view = read_trend(repository, range=TrendRange.WEEK, now=now, zone=BERLIN)
        # Counted by the repository for every row SQLite hands back, whichever read asked.
        reads[history] = repository.rows_fetched - before
        assert view.rows_read == reads[history]
    assert reads["month"] == reads["year"] <= 9  # with the first row, for what changed


def test_the_year_range_reads_one_row_per_day_and_per_week_not_every_checkpoint(
    histories: dict[str, Path], open_read_only: list[SnapshotRepository]
) -> None:
    repository = _repository(histories["year"], open_read_only)
    view = _read(repository, TrendRange.YEAR)
    assert repository.count_snapshots() > 1_000
    assert view.resolution is Resolution.DAILY
    assert view.rows_read <= 365 + 53 + 1


@pytest.mark.parametrize("trend_range", list(TrendRange))
def test_every_trend_query_searches_an_index_and_never_scans_the_snapshot_table(
    histories: dict[str, Path], trend_range: TrendRange
) -> None:
    now = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)
    bounds = range_bounds(trend_range, now, BERLIN)
    connection = sqlite3.connect(histories["year"].resolve().as_uri() + "?mode=ro", uri=True)
    try:
        for statement in trend_statements(bounds, trend_range):
            plan = [
                detail
                for *_, detail in connection.execute(
                    f"EXPLAIN QUERY PLAN {statement.sql}", statement.parameters
                )
            ]
            assert any("USING INDEX" in step for step in plan), plan
            assert not any(step.startswith("SCAN") for step in plan), plan
            assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan  # no sort of the range
    finally:
        connection.close()


def test_a_spike_and_a_dip_survive_downsampling(db_path: Path) -> None:
    day = datetime(2026, 2, 10, 0, 0, tzinfo=UTC)
    rows = []
    for index in range(1_000):
        score = 0.1 + (index % 7) / 100
        if index == 613:
            score = 0.95
        if index == 201:
            score = -0.8
        rows.append(
            new_row(25 * (index + 1), day + timedelta(seconds=60 * index), {"ramen": score})
        )
    with SnapshotRepository.open(db_path) as repository:
        write_rows(repository, rows)
        view = read_trend(
            repository,
            range=TrendRange.TODAY,
            max_points=20,
            now=day + timedelta(hours=23),
            zone=ZoneInfo("UTC"),
        )
    (series,) = view.series
    assert series.rows_with_tag == 1_000
    assert len(series.points) <= 20
    scores = [point.score for point in series.points]
    assert max(scores) == 0.95 and min(scores) == -0.8
    assert series.points[0].profile_version == 25 and series.points[-1].profile_version == 25_000
    assert [point.at for point in series.points] == sorted(point.at for point in series.points)


def test_the_same_database_and_arguments_give_byte_identical_json(
    histories: dict[str, Path], open_read_only: list[SnapshotRepository]
) -> None:
    texts = {
        _read(_repository(histories["year"], open_read_only), trend_range).canonical_json()
        for trend_range in (TrendRange.ALL, TrendRange.ALL)
    }
    assert len(texts) == 1
    again = _read(_repository(histories["year"], open_read_only), TrendRange.ALL, max_points=40)
    assert (
        again.canonical_json()
        == _read(
            _repository(histories["year"], open_read_only), TrendRange.ALL, max_points=40
        ).canonical_json()
    )


def test_a_simulation_run_twice_gives_the_same_trend_bytes(
    tmp_path: Path, open_read_only: list[SnapshotRepository]
) -> None:
    first = _simulate(tmp_path / "a.sqlite3", swipes=600, days=3)
    second = _simulate(tmp_path / "b.sqlite3", swipes=600, days=3)
    views = [
        _read(_repository(path, open_read_only), TrendRange.TODAY).canonical_json()
        for path in (first, second)
    ]
    assert views[0] == views[1]


def test_daily_resolution_uses_each_days_rollover_row_and_the_latest_row_of_today(
    histories: dict[str, Path], open_read_only: list[SnapshotRepository]
) -> None:
    repository = _repository(histories["month"], open_read_only)
    rollovers = [
        row for row in repository.list_snapshots() if row.trigger_type is TriggerType.DAY_ROLLOVER
    ]
    # "Now" is the last checkpoint of the last day, before that day's rollover was written.
    last_day = rollovers[-1].snapshot_date_local
    checkpoints_of_last_day = [
        row
        for row in repository.list_snapshots()
        if row.snapshot_date_local == last_day and row.trigger_type is TriggerType.SWIPE_THRESHOLD
    ]
    now = checkpoints_of_last_day[-1].created_at
    view = read_trend(repository, range=TrendRange.WEEK, now=now, zone=BERLIN)
    assert view.resolution is Resolution.DAILY
    for series in view.series:
        *days, today = series.points
        assert [point.trigger_type for point in days] == [TriggerType.DAY_ROLLOVER] * 6
        assert [point.snapshot_date_local for point in days] == [
            last_day - timedelta(days=offset) for offset in range(6, 0, -1)
        ]
        assert today.snapshot_id == checkpoints_of_last_day[-1].id


def test_a_today_range_draws_every_checkpoint_of_the_local_day(
    histories: dict[str, Path], open_read_only: list[SnapshotRepository]
) -> None:
    repository = _repository(histories["1k"], open_read_only)
    second_day = [
        row for row in repository.list_snapshots() if row.snapshot_date_local == date(2026, 1, 6)
    ]
    now = second_day[-1].created_at
    view = read_trend(repository, range=TrendRange.TODAY, now=now, zone=BERLIN)
    assert view.resolution is Resolution.CHECKPOINTS
    expected = [row.id for row in second_day if row.created_at >= view.start]  # type: ignore[operator]
    assert [point.snapshot_id for point in view.series[0].points] == expected
    assert view.rows_read == len(expected) + 2  # the newest row (default tags), the first (movers)


@pytest.mark.parametrize(
    ("day", "hours"), [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25), (date(2026, 3, 30), 24)]
)
def test_a_day_in_berlin_lasts_from_local_midnight_to_local_midnight_across_dst(
    day: date, hours: int
) -> None:
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=BERLIN)
    bounds = range_bounds(TrendRange.TODAY, noon, BERLIN)
    assert bounds.start is not None
    assert bounds.end - bounds.start == timedelta(hours=hours)
    assert bounds.start.astimezone(BERLIN).time().hour == 0
    assert bounds.end.astimezone(BERLIN).date() == day + timedelta(days=1)


def test_a_week_across_the_spring_change_is_seven_local_days_one_hour_short() -> None:
    now = datetime(2026, 3, 31, 9, 0, tzinfo=BERLIN)
    bounds = range_bounds(TrendRange.WEEK, now, BERLIN)
    assert bounds.first_day == date(2026, 3, 25) and bounds.last_day == date(2026, 3, 31)
    assert bounds.start == datetime(2026, 3, 24, 23, 0, tzinfo=UTC)
    assert bounds.end == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)
    assert bounds.end - bounds.start == timedelta(days=7, hours=-1)


def test_a_simulated_week_across_the_spring_change_has_one_point_per_local_day(
    tmp_path: Path, open_read_only: list[SnapshotRepository]
) -> None:
    path = _simulate(
        tmp_path / "dst.sqlite3",
        swipes=7 * 40,
        days=7,
        start=datetime(2026, 3, 26, 7, 0, tzinfo=UTC),
    )
    repository = _repository(path, open_read_only)
    view = _read(repository, TrendRange.WEEK)
    days = [
        point for point in view.series[0].points if point.trigger_type is TriggerType.DAY_ROLLOVER
    ]
    assert [point.snapshot_date_local for point in days] == [
        date(2026, 3, 27) + timedelta(days=offset) for offset in range(6)
    ]  # "now" is the last row, the rollover of 1 April written as 2 April began
    # Each rollover row was written at its local midnight: 23:00 UTC in winter, 22:00 after.
    created = {point.snapshot_date_local: point.at for point in days}
    assert created[date(2026, 3, 28)] == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert created[date(2026, 3, 29)] == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)
    assert all(point.zone == "Europe/Berlin" for point in days)


def test_tags_default_to_the_latest_snapshots_top_five_with_ties_broken_by_name(
    db_path: Path,
) -> None:
    at = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)
    older = {"zucchini": 0.9, "apple": 0.1, "bean": 0.1}
    latest = {"fig": 0.4, "date": 0.4, "egg": 0.4, "cumin": 0.5, "basil": 0.5, "apple": 0.2}
    with SnapshotRepository.open(db_path) as repository:
        write_rows(
            repository, [new_row(25, at, older), new_row(50, at + timedelta(hours=1), latest)]
        )
        view = read_trend(repository, range=TrendRange.TODAY, now=at, zone=ZoneInfo("UTC"))
        chosen = read_trend(
            repository,
            range=TrendRange.TODAY,
            tags=["zucchini", "basil", "zucchini", "no-such-tag"],
            now=at,
            zone=ZoneInfo("UTC"),
        )
    assert view.tags == ("basil", "cumin", "date", "egg", "fig")
    assert view.available_tags == ("basil", "cumin", "date", "egg", "fig", "apple")
    assert [series.tag for series in chosen.series] == ["zucchini", "basil", "no-such-tag"]
    assert [len(series.points) for series in chosen.series] == [1, 1, 0]


def test_an_empty_range_gives_empty_series_and_no_tags(db_path: Path) -> None:
    with SnapshotRepository.open(db_path) as repository:
        view = read_trend(repository, range=TrendRange.ALL, now=START, zone=BERLIN)
    assert view.series == () and view.tags == () and view.rows_read == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_points": 3}, "max_points must be at least 4"),
        ({"tags": ["ramen", " "]}, "non-empty name"),
        ({"now": datetime(2026, 1, 5, 9, 0)}, "aware"),
    ],
)
def test_bad_arguments_are_refused_with_what_was_wrong(
    db_path: Path, options: dict[str, object], message: str
) -> None:
    arguments: dict[str, object] = {"now": START, "zone": BERLIN, **options}
    with SnapshotRepository.open(db_path) as repository, pytest.raises(ValueError, match=message):
        read_trend(repository, **arguments)  # type: ignore[arg-type]
