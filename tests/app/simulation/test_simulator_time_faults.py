"""Zone changes and clock jumps in a simulated run: what the app's clock and zone show."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from pathlib import Path
from zoneinfo import ZoneInfo

from app.simulation.invariants import check_file
from app.simulation.simulator import SimulationOptions, run_simulation
from app.simulation.time_faults import ClockJump, TimeFault, ZoneChange
from middleware.persistence.repository import SnapshotRepository
from store import Catalog, SwipeRecord

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 3, 9, 19, 0, tzinfo=UTC)  # 20:00 in Berlin
"""Late in the evening, with long pauses: the swipes go on past the faults below."""


def simulate(db_path: Path, *faults: TimeFault) -> list[SwipeRecord]:
    options = SimulationOptions(
        db_path,
        swipes=60,
        days=1,
        zone=BERLIN,
        start=START,
        pause_seconds=600,
        burst_size=5,
        time_faults=faults,
    )
    report = run_simulation(options)
    assert report.swipes == 60
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        return list(repository.swipes_after(0))


def test_swipes_after_a_zone_change_carry_the_new_zones_date(
    db_path: Path, catalog: Catalog
) -> None:
    change = datetime(2026, 3, 9, 20, 0, tzinfo=UTC)  # 21:00 in Berlin, 05:00 on the 10th in Tokyo
    swipes = simulate(db_path, ZoneChange(change, ZoneInfo("Asia/Tokyo")))
    before = [swipe for swipe in swipes if swipe.at < change]
    after = [swipe for swipe in swipes if swipe.at >= change]
    assert before and after
    assert {swipe.local_date for swipe in before} == {date(2026, 3, 9)}
    assert {swipe.local_date for swipe in after} == {date(2026, 3, 10)}


def test_swipes_after_a_clock_jump_carry_the_shifted_clocks_reading(db_path: Path) -> None:
    jump = datetime(2026, 3, 9, 19, 30, tzinfo=UTC)
    back = datetime(2026, 3, 9, 20, 15, tzinfo=UTC)
    swipes = simulate(
        db_path, ClockJump(jump, timedelta(days=1826)), ClockJump(back, timedelta(days=-1826))
    )
    # 2026 until the jump, five years ahead until the correction, 2026 again after it.
    assert [year for year, _ in groupby(swipe.at.year for swipe in swipes)] == [2026, 2031, 2026]
    during = [swipe.at for swipe in swipes if swipe.at.year == 2031]
    assert jump + timedelta(days=1826) <= min(during) <= max(during) < back + timedelta(days=1826)
    assert {swipe.local_date for swipe in swipes} == {date(2026, 3, 9), date(2031, 3, 9)}


def test_the_report_gives_the_zone_and_local_date_the_run_ended_with(db_path: Path) -> None:
    change = datetime(2026, 3, 9, 20, 0, tzinfo=UTC)
    options = SimulationOptions(
        db_path,
        swipes=60,
        days=1,
        zone=BERLIN,
        start=START,
        time_faults=(ZoneChange(change, ZoneInfo("Asia/Tokyo")),),
    )
    report = run_simulation(options)
    assert report.zone_at_end == "Asia/Tokyo"
    # The last swipe is on the 10th in Tokyo; the run lets that day end there.
    assert report.local_date_at_end == date(2026, 3, 11)


def test_a_run_without_time_faults_keeps_every_invariant_on_a_new_file(
    db_path: Path, catalog: Catalog
) -> None:
    options = SimulationOptions(db_path, swipes=300, days=3, zone=BERLIN, start=START)
    report = run_simulation(options)
    check = check_file(
        db_path, catalog, timezone=report.zone_at_end, today=report.local_date_at_end
    )
    assert check.violations == []
    assert check.sequence == 300 and len(check.rollover_days) == 3
