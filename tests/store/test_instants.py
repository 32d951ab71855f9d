"""The one aware-UTC guard: naive datetimes are refused by name, aware ones read in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from store.instants import require_aware_utc


def test_a_naive_datetime_is_refused_naming_the_caller_the_value_and_the_fix() -> None:
    with pytest.raises(ValueError) as error:
        require_aware_utc(datetime(2026, 3, 10, 21, 0), "local_date")
    message = str(error.value)
    assert message.startswith("local_date needs an aware datetime")
    assert "datetime.datetime(2026, 3, 10, 21, 0)" in message
    assert "timezone-aware" in message
    assert "replace(tzinfo=UTC)" in message


def test_an_aware_datetime_in_any_zone_comes_back_as_the_same_instant_in_utc() -> None:
    berlin = datetime(2026, 3, 10, 21, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    fixed = datetime(2026, 3, 10, 21, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert require_aware_utc(berlin, "x") == datetime(2026, 3, 10, 20, 0, tzinfo=UTC)
    assert require_aware_utc(berlin, "x").tzinfo is UTC
    assert require_aware_utc(fixed, "x") == datetime(2026, 3, 11, 2, 0, tzinfo=UTC)
