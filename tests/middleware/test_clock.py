"""The wall-clock seam: system clock (frozen with freezegun), scheduler clock, shifted clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from app.simulation.virtual_scheduler import VirtualScheduler
from middleware.clock import SchedulerClock, ShiftedClock, SystemClock, as_aware_utc, system_zone


@freeze_time("2026-07-01 21:59:50")
def test_system_clock_reads_the_wall_clock_as_aware_utc() -> None:
    now = SystemClock().now()
    assert now == datetime(2026, 7, 1, 21, 59, 50, tzinfo=UTC)
    assert now.utcoffset() == timedelta(0)


def test_system_zone_follows_the_tz_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert system_zone() == ZoneInfo("Asia/Tokyo")
    monkeypatch.setenv("TZ", "America/Sao_Paulo")
    assert SystemClock().zone() == ZoneInfo("America/Sao_Paulo")


def test_system_clock_rereads_the_zone_once_its_ttl_has_passed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    clock = SystemClock(zone_ttl_seconds=0.0)
    assert clock.zone() == ZoneInfo("Asia/Tokyo")
    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert clock.zone() == ZoneInfo("Europe/Berlin")
    cached = SystemClock(zone_ttl_seconds=3600.0)
    assert cached.zone() == ZoneInfo("Europe/Berlin")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert cached.zone() == ZoneInfo("Europe/Berlin")  # within its TTL: not re-read


def test_naive_scheduler_time_is_read_as_utc() -> None:
    assert as_aware_utc(datetime(2026, 1, 1, 12)) == datetime(2026, 1, 1, 12, tzinfo=UTC)
    berlin = datetime(2026, 1, 1, 13, tzinfo=ZoneInfo("Europe/Berlin"))
    assert as_aware_utc(berlin) == datetime(2026, 1, 1, 12, tzinfo=UTC)


def test_scheduler_clock_follows_virtual_time_and_its_zone() -> None:
    scheduler = VirtualScheduler(datetime(2026, 1, 20, 9, tzinfo=UTC))
    clock = SchedulerClock(scheduler, ZoneInfo("UTC"))
    scheduler.advance_by(90)
    assert clock.now() == datetime(2026, 1, 20, 9, 1, 30, tzinfo=UTC)
    clock.set_zone(ZoneInfo("Europe/Berlin"))
    assert clock.zone() == ZoneInfo("Europe/Berlin")


@freeze_time("2026-07-01 12:00:00", tick=False)
def test_shifted_clock_jumps_and_keeps_running_from_there() -> None:
    clock = ShiftedClock(SystemClock())
    target = datetime(2026, 7, 1, 21, 59, 50, tzinfo=UTC)
    clock.jump_to(target)
    assert clock.now() == target
    assert clock.offset == timedelta(hours=9, minutes=59, seconds=50)
