"""A POSIX ``TZ`` string is honoured, or the zone used instead is named once; the window shows it.

``TZ='UTC+3'`` or ``TZ='CET-1CEST,M3.5.0,M10.5.0/3'`` is a valid setting that names no IANA
zone, and the app used to fall back to UTC without a word: hours away from the user's
midnight. A POSIX offset counts hours *west* of UTC, so ``UTC+3`` is three hours behind it,
``Etc/GMT+3``. A rule is matched against the rule each IANA zone follows today.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.desktop import build_window
from middleware.clock import SystemClock, system_zone
from tests.harness import VirtualSession
from tests.reliability.command_lines import run_cli

WINTER = datetime(2026, 1, 15, 12, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, tzinfo=UTC)
CLOCK_LOG = "tastetrail.clock"


def offsets(zone: object) -> tuple[timedelta | None, timedelta | None]:
    return WINTER.astimezone(zone).utcoffset(), SUMMER.astimezone(zone).utcoffset()  # type: ignore[arg-type]


def zone_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == CLOCK_LOG and record.levelno == logging.WARNING
    ]


@pytest.mark.parametrize(
    ("tz", "key", "hours"),
    [("UTC+3", "Etc/GMT+3", -3), ("JST-9", "Etc/GMT-9", 9), ("UTC0", "UTC", 0)],
)
def test_a_fixed_posix_offset_is_honoured_exactly_west_being_positive(
    tz: str, key: str, hours: int, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("TZ", tz)
    zone = system_zone()
    assert zone.key == key
    assert offsets(zone) == (timedelta(hours=hours), timedelta(hours=hours))
    assert zone_warnings(caplog) == []


def test_a_posix_rule_uses_a_zone_with_that_rule_and_says_so_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
    clock = SystemClock(zone_ttl_seconds=0.0)  # re-read at every call, as over a long session
    zones = {clock.zone().key for _ in range(5)}
    assert len(zones) == 1
    [key] = zones
    assert offsets(clock.zone()) == (timedelta(hours=1), timedelta(hours=2))
    warnings = zone_warnings(caplog)
    assert len(warnings) == 1
    assert "CET-1CEST,M3.5.0,M10.5.0/3" in warnings[0] and key in warnings[0]


@pytest.mark.parametrize(
    ("tz", "key", "winter_and_summer"),
    [
        ("<+0330>-3:30", None, (timedelta(hours=3, minutes=30),) * 2),
        ("XYZ-5ABC,M1.1.0,M2.1.0", "Etc/GMT-5", (timedelta(hours=5),) * 2),
        ("Nowhere/Foo", "UTC", (timedelta(0),) * 2),
    ],
)
def test_a_tz_no_zone_follows_is_replaced_by_a_named_zone_in_one_warning(
    tz: str,
    key: str | None,
    winter_and_summer: tuple[timedelta, timedelta],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("TZ", tz)
    zone = system_zone()
    if key is not None:
        assert zone.key == key
    assert offsets(zone) == winter_and_summer
    [warning] = zone_warnings(caplog)
    assert tz in warning and zone.key in warning and "\n" not in warning


def test_simulate_without_tz_runs_in_the_zone_a_posix_tz_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TZ", "UTC+3")
    db = str(tmp_path / "sim.sqlite3")
    outcome = run_cli(["simulate", "--swipes", "30", "--days", "1", "--db", db], tmp_path)
    assert outcome.status == 0, outcome.stderr
    assert "over 1 day(s) in Etc/GMT+3" in outcome.stdout


def test_the_window_shows_the_zone_it_counts_days_in_with_its_utc_offset(
    qtbot: QtBot, tmp_path: Path
) -> None:
    session = VirtualSession(tmp_path / "profile.sqlite3", zone="Etc/GMT+3")
    try:
        window = build_window(session.session, session.faults, animation_ms=0)
        qtbot.addWidget(window)
        window.show()
        text = window.status.zone.text()
        assert "Etc/GMT+3" in text and "UTC-03:00" in text
    finally:
        session.close()
