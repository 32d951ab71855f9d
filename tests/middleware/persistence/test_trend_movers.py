"""What changed over a range: the tags that rose and fell most, from two snapshot rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.simulation.simulator import SimulationOptions, run_simulation
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.trend_movers import movers_between
from middleware.persistence.trend_queries import TrendRange, range_bounds, read_trend
from store.snapshot_input import TagAggregate

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)


def tag(name: str, score: float) -> TagAggregate:
    return TagAggregate(name, 1, 1, 0, score)


def test_movers_list_the_largest_rises_then_the_largest_falls_ties_by_name() -> None:
    first = [tag("ramen", 0.1), tag("sushi", 0.5), tag("tacos", 0.0), tag("curry", 0.2)]
    last = [tag("ramen", 0.6), tag("sushi", -0.1), tag("tacos", 0.5), tag("curry", 0.2)]
    last.append(tag("pho", -0.3))  # new since the first row: it started at 0
    movers = movers_between(first, last)
    assert [(m.tag, m.change) for m in movers] == [
        ("ramen", 0.5),
        ("tacos", 0.5),
        ("sushi", -0.6),
        ("pho", -0.3),
    ]  # curry did not move, so it is not a mover
    assert movers[0].to_jsonable() == {"tag": "ramen", "from": 0.1, "to": 0.6, "change": 0.5}


@pytest.fixture(scope="module")
def histories(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("movers")
    paths = {}
    for name, days in (("month", 30), ("year", 365)):
        path = folder / f"{name}.sqlite3"
        options = SimulationOptions(
            db_path=path, swipes=days * 60, days=days, zone=BERLIN, start=START
        )
        run_simulation(options)
        paths[name] = path
    return paths


@pytest.fixture
def repositories(histories: dict[str, Path]) -> Iterator[dict[str, SnapshotRepository]]:
    opened = {
        name: SnapshotRepository.open(path, read_only=True) for name, path in histories.items()
    }
    yield opened
    for repository in opened.values():
        repository.close()


def test_the_movers_of_30_days_compare_the_first_and_latest_rows_the_chart_draws(
    repositories: dict[str, SnapshotRepository],
) -> None:
    reads = {}
    for name, repository in repositories.items():
        last = repository.last_created_snapshot()
        assert last is not None
        now = last.created_at
        bounds = range_bounds(TrendRange.MONTH, now, BERLIN)
        assert bounds.start is not None
        view = read_trend(repository, range=TrendRange.MONTH, now=now, zone=BERLIN)
        drawn = {point.snapshot_id for series in view.series for point in series.points}
        rows = [
            r
            for r in repository.list_snapshots(since=bounds.start, until=bounds.end)
            if r.id in drawn
        ]
        first, latest = rows[0], max(rows, key=lambda row: (row.created_at, row.id))
        before = {t.tag: t.score for t in first.payload.tags}
        after = {t.tag: t.score for t in latest.payload.tags}
        assert view.movers, name
        for mover in view.movers:
            assert mover.start == before.get(mover.tag, 0.0)
            assert mover.end == after.get(mover.tag, 0.0)
            assert mover.change == round(mover.end - mover.start, 4)
        rises = [m.change for m in view.movers if m.change > 0]
        all_rises = sorted((after.get(t, 0.0) - before.get(t, 0.0) for t in after), reverse=True)
        assert rises and rises[0] == round(all_rises[0], 4)  # the largest rise comes first
        reads[name] = view.rows_read
    assert reads["month"] == reads["year"]  # two rows more than the chart, at any history


def test_what_changed_names_the_change_each_drawn_line_shows(
    repositories: dict[str, SnapshotRepository],
) -> None:
    repository = repositories["month"]
    last = repository.last_created_snapshot()
    assert last is not None
    for trend_range in (TrendRange.WEEK, TrendRange.MONTH, TrendRange.ALL):
        view = read_trend(repository, range=trend_range, now=last.created_at, zone=BERLIN)
        assert view.movers_from is not None and view.movers_from.drawn
        lines = {s.tag: s.points for s in view.series}
        checked = [m for m in view.movers if m.tag in lines]
        for mover in checked:
            points = lines[mover.tag]
            assert (mover.start, mover.end) == (points[0].score, points[-1].score), mover
