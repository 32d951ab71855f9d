"""The time-fault grammar: ``[+-]N[smhd]`` durations, and faults kept in time order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.simulation.time_faults import (
    ClockJump,
    ZoneChange,
    format_duration,
    in_order,
    parse_duration,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+90s", timedelta(seconds=90)),
        ("-1h", timedelta(hours=-1)),
        ("+36h", timedelta(hours=36)),
        ("+1826d", timedelta(days=1826)),
        ("-15m", timedelta(minutes=-15)),
    ],
)
def test_a_duration_is_a_sign_a_number_and_a_unit(raw: str, expected: timedelta) -> None:
    assert parse_duration(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("3d", "a sign"),
        ("+5y", "five years: \\+1826d"),
        ("+1.5h", "a whole number"),
        ("+h", "received '\\+h'"),
        ("", "received ''"),
        ("+0s", "does not move the clock"),
        ("-36601d", "about a hundred years"),
    ],
)
def test_a_bad_duration_says_what_to_write_instead(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_duration(raw)


@pytest.mark.parametrize("raw", ["+90s", "-1h", "+36h", "+1826d", "-15m", "+61s"])
def test_a_duration_is_printed_as_it_is_written(raw: str) -> None:
    assert format_duration(parse_duration(raw)) == raw


def test_faults_happen_in_time_order_and_ties_keep_the_command_line_order() -> None:
    noon = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    tokyo = ZoneChange(noon, ZoneInfo("Asia/Tokyo"))
    back = ClockJump(noon, timedelta(hours=-1))
    early = ClockJump(noon - timedelta(hours=3), timedelta(days=1))
    assert in_order([tokyo, back, early]) == [early, tokyo, back]
    assert tokyo.describe() == "zone change at 2026-03-10T12:00:00Z to Asia/Tokyo"
    assert back.describe() == "clock jump at 2026-03-10T12:00:00Z by -1h"
