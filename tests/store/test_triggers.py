"""The trigger registry: every trigger type is one entry, and its keys mean one thing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.kinds import TriggerType
from store.triggers import TRIGGERS, CountTrigger, ManualTrigger, PeriodTrigger, entry_for


def test_every_trigger_type_has_exactly_one_entry_with_its_own_prefix() -> None:
    assert sorted(entry.type for entry in TRIGGERS) == sorted(TriggerType)
    prefixes = [entry.prefix for entry in TRIGGERS]
    assert len(set(prefixes)) == len(prefixes)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9998, 12, 1)))
def test_a_period_key_names_the_period_of_every_date_in_it(day: date) -> None:
    for entry in TRIGGERS:
        if isinstance(entry, PeriodTrigger):
            start = entry.period_of(day)
            assert start <= day and entry.period_of(start) == start
            assert entry.parse_key(entry.format_key(start)) == start


@given(st.dates(max_value=date(9998, 12, 1)), st.dates(max_value=date(9998, 12, 1)))
def test_period_keys_sort_as_their_periods_do(one: date, other: date) -> None:
    for entry in TRIGGERS:
        if isinstance(entry, PeriodTrigger) and one.year >= 1000 and other.year >= 1000:
            first, second = entry.period_of(one), entry.period_of(other)
            assert (first < second) == (entry.format_key(first) < entry.format_key(second))


@given(st.integers(min_value=0, max_value=10**9))
def test_count_and_manual_keys_round_trip(number: int) -> None:
    for entry in TRIGGERS:
        if isinstance(entry, CountTrigger | ManualTrigger):
            assert entry.parse_key(entry.format_key(number)) == number


@pytest.mark.parametrize("trigger", list(TriggerType))
def test_a_key_of_another_trigger_is_refused_with_the_shape_expected(
    trigger: TriggerType,
) -> None:
    entry = entry_for(trigger)
    for other in TRIGGERS:
        if other is entry:
            continue
        sample = {
            CountTrigger: "swipes:000025",
            ManualTrigger: "manual:000025",
        }.get(type(other), f"{other.prefix}:2026-01-20")
        if sample.startswith(entry.prefix + ":"):
            continue
        with pytest.raises(ValueError, match=f"does not fit trigger {trigger.value}; expected"):
            entry.parse_key(sample)
