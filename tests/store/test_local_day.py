"""Tests for the local-day clock: named tzdb oddities, a brute-force oracle, and properties."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.local_day import _SCAN_STEP_SECONDS, local_date, next_local_midnight

SECOND = timedelta(seconds=1)
MINUTE = timedelta(minutes=1)
MICROSECOND = timedelta(microseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def at(zone: str, year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A wall time in ``zone`` (fold=0, so a repeated time means its first pass)."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


def wall(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


# --- naive input ----------------------------------------------------------------------------


def test_local_date_rejects_a_naive_datetime_and_shows_what_it_got() -> None:
    with pytest.raises(ValueError, match=r"naive datetime\.datetime\(2024, 5, 1, 12, 0\)"):
        local_date(datetime(2024, 5, 1, 12), ZoneInfo("Europe/Berlin"))


def test_next_local_midnight_rejects_a_naive_datetime_and_says_how_to_fix_it() -> None:
    with pytest.raises(ValueError, match=r"next_local_midnight needs an aware datetime") as error:
        next_local_midnight(datetime(2024, 5, 1, 12), ZoneInfo("Europe/Berlin"))
    assert "datetime.datetime(2024, 5, 1, 12, 0)" in str(error.value)
    assert "replace(tzinfo=" in str(error.value)


# --- local_date -----------------------------------------------------------------------------


def test_the_same_instant_is_on_different_dates_in_different_zones() -> None:
    instant = utc(2024, 5, 1, 23, 30)
    assert local_date(instant, ZoneInfo("UTC")) == date(2024, 5, 1)
    assert local_date(instant, ZoneInfo("Europe/Berlin")) == date(2024, 5, 2)
    assert local_date(instant, ZoneInfo("America/New_York")) == date(2024, 5, 1)


def test_local_date_reads_an_instant_given_in_another_zone_by_its_instant() -> None:
    instant = at("Asia/Tokyo", 2024, 5, 2, 8, 0)  # 2024-05-01 23:00 UTC
    assert local_date(instant, ZoneInfo("America/Los_Angeles")) == date(2024, 5, 1)


def test_local_date_reads_a_wall_time_that_never_existed_by_the_instant_it_denotes() -> None:
    # 2011-12-30 never happened in Apia; fold=0 reads 00:30 with the old offset (-10:00), which
    # is 10:30 UTC, when Apia's clocks already showed 00:30 on the 31st.
    never_existed = at("Pacific/Apia", 2011, 12, 30, 0, 30)
    assert local_date(never_existed, ZoneInfo("Pacific/Apia")) == date(2011, 12, 31)
    assert next_local_midnight(never_existed, ZoneInfo("Pacific/Apia")) == utc(2011, 12, 31, 10, 0)


# --- named cases ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rollover:
    why: str
    zone: str
    after: datetime
    expected_utc: datetime
    expected_wall: datetime  # what the zone's wall clock reads at the result


ROLLOVERS = [
    Rollover(
        "an ordinary day in UTC",
        "UTC",
        utc(2024, 2, 28, 13, 0),
        utc(2024, 2, 29, 0, 0),
        datetime(2024, 2, 29, 0, 0),
    ),
    Rollover(
        "Sao Paulo skipped midnight in 2018: the day began at 01:00 local",
        "America/Sao_Paulo",
        at("America/Sao_Paulo", 2018, 11, 3, 12, 0),
        utc(2018, 11, 4, 3, 0),
        datetime(2018, 11, 4, 1, 0),
    ),
    Rollover(
        "Santiago skipped midnight in 2022: the day began at 01:00 local",
        "America/Santiago",
        at("America/Santiago", 2022, 9, 10, 12, 0),
        utc(2022, 9, 11, 4, 0),
        datetime(2022, 9, 11, 1, 0),
    ),
    Rollover(
        "Tehran skipped midnight in 2020: the day began at 01:00 local",
        "Asia/Tehran",
        at("Asia/Tehran", 2020, 3, 20, 12, 0),
        utc(2020, 3, 20, 20, 30),
        datetime(2020, 3, 21, 1, 0),
    ),
    Rollover(
        "Kathmandu moved from +05:30 to +05:45 at midnight: 1986 began at 00:15 local",
        "Asia/Kathmandu",
        at("Asia/Kathmandu", 1985, 12, 31, 12, 0),
        utc(1985, 12, 31, 18, 30),
        datetime(1986, 1, 1, 0, 15),
    ),
    Rollover(
        "Apia skipped 2011-12-30 entirely: the next date after the 29th is the 31st",
        "Pacific/Apia",
        at("Pacific/Apia", 2011, 12, 29, 12, 0),
        utc(2011, 12, 30, 10, 0),
        datetime(2011, 12, 31, 0, 0),
    ),
    Rollover(
        "St. John's fell back from 00:01 to 23:01: the first midnight counts",
        "America/St_Johns",
        at("America/St_Johns", 2010, 11, 6, 12, 0),
        utc(2010, 11, 7, 2, 30),
        datetime(2010, 11, 7, 0, 0),
    ),
    Rollover(
        "St. John's, from inside the repeated stretch of the 6th: the second midnight",
        "America/St_Johns",
        utc(2010, 11, 7, 2, 31),  # 23:01 on the 6th, again
        utc(2010, 11, 7, 3, 30),
        datetime(2010, 11, 7, 0, 0),
    ),
    Rollover(
        "Casey fell back three hours from 02:00 on the 5th: the first midnight counts",
        "Antarctica/Casey",
        at("Antarctica/Casey", 2010, 3, 4, 12, 0),
        utc(2010, 3, 4, 13, 0),
        datetime(2010, 3, 5, 0, 0),
    ),
    Rollover(
        "Tehran fell back from 24:00 to 23:00: midnight comes an hour late",
        "Asia/Tehran",
        at("Asia/Tehran", 2020, 9, 20, 12, 0),
        utc(2020, 9, 20, 20, 30),
        datetime(2020, 9, 21, 0, 0),
    ),
    Rollover(
        "Kathmandu's quarter-hour offset puts midnight at 18:15 UTC",
        "Asia/Kathmandu",
        utc(2024, 6, 1, 12, 0),
        utc(2024, 6, 1, 18, 15),
        datetime(2024, 6, 2, 0, 0),
    ),
    Rollover(
        "an instant a microsecond before midnight rolls over at that midnight",
        "Europe/Berlin",
        at("Europe/Berlin", 2024, 7, 1, 0, 0) - MICROSECOND,
        utc(2024, 6, 30, 22, 0),
        datetime(2024, 7, 1, 0, 0),
    ),
    Rollover(
        "an instant exactly at midnight waits for the next one",
        "Europe/Berlin",
        at("Europe/Berlin", 2024, 7, 1, 0, 0),
        utc(2024, 7, 1, 22, 0),
        datetime(2024, 7, 2, 0, 0),
    ),
]


@pytest.mark.parametrize("case", ROLLOVERS, ids=[case.why for case in ROLLOVERS])
def test_the_next_local_midnight_is_when_the_new_date_really_begins(case: Rollover) -> None:
    result = next_local_midnight(case.after, ZoneInfo(case.zone))

    assert result == case.expected_utc
    assert result.tzinfo is UTC
    assert wall(result, case.zone) == case.expected_wall


@pytest.mark.parametrize(
    ("zone", "day_before", "hours"),
    [
        ("Europe/Berlin", date(2024, 3, 30), 23),
        ("Europe/Berlin", date(2024, 10, 26), 25),
        ("America/New_York", date(2024, 3, 9), 23),
        ("America/New_York", date(2024, 11, 2), 25),
        ("Australia/Lord_Howe", date(2024, 10, 5), 23.5),
        ("Australia/Lord_Howe", date(2024, 4, 6), 24.5),
    ],
)
def test_dst_days_are_as_long_as_the_clocks_say(zone: str, day_before: date, hours: float) -> None:
    tz = ZoneInfo(zone)
    noon_before = datetime.combine(day_before, time(12), tzinfo=tz)

    start = next_local_midnight(noon_before, tz)
    end = next_local_midnight(start, tz)

    assert wall(start, zone) == datetime.combine(day_before + timedelta(days=1), time())
    assert wall(end, zone) == datetime.combine(day_before + timedelta(days=2), time())
    assert end - start == timedelta(hours=hours)


def test_a_date_that_repeats_after_falling_back_rolls_over_twice() -> None:
    tz = ZoneInfo("America/St_Johns")
    first = next_local_midnight(at("America/St_Johns", 2010, 11, 6, 12, 0), tz)
    back_on_the_6th = first + timedelta(minutes=1)
    second = next_local_midnight(back_on_the_6th, tz)

    assert local_date(back_on_the_6th, tz) == date(2010, 11, 6)
    assert second - first == timedelta(hours=1)
    assert local_date(second, tz) == date(2010, 11, 7)
    assert (
        next_local_midnight(first, tz) == next_local_midnight(second, tz) == utc(2010, 11, 8, 3, 30)
    )


# --- the oracle -----------------------------------------------------------------------------
#
# A brute-force answer for every day of a whole year: read the local date of every UTC minute
# of the year (plus a few days either side), and for a query take the first minute after it
# whose date is later, then the first such second within that minute. This is exact as long as
# the zone does not change its offset twice within one minute; every zone-year below uses
# whole-minute offsets and transitions.

ORACLE_YEARS = [
    ("America/Sao_Paulo", 2018),
    ("America/Santiago", 2022),
    ("Europe/Berlin", 2024),
    ("America/New_York", 2024),
    ("Australia/Lord_Howe", 2024),
    ("Pacific/Apia", 2011),
    ("Asia/Tehran", 2020),
    ("America/St_Johns", 2010),
    ("Antarctica/Casey", 2010),
    ("Asia/Kathmandu", 1986),
]


@dataclass(frozen=True)
class MinuteTimeline:
    tz: ZoneInfo
    first_minute: int  # POSIX minute of dates[0]
    dates: list[int]  # local date ordinal of every minute
    changes: list[int]  # indexes into dates where the date differs from the minute before

    def next_later_date(self, after: datetime) -> datetime:
        # Via UTC: astimezone into the instant's own zone would keep a wall time that never was.
        start_date = after.astimezone(UTC).astimezone(self.tz).toordinal()
        index = (after - EPOCH) // MINUTE + 1 - self.first_minute  # first minute after `after`
        assert 0 < index < len(self.dates), "query outside the oracle's window"
        if self.dates[index] <= start_date:
            position = bisect.bisect_right(self.changes, index)
            index = next(i for i in self.changes[position:] if self.dates[i] > start_date)
        minute = EPOCH + (self.first_minute + index) * MINUTE
        # In UTC: wall-clock arithmetic on `after` in its own zone would ignore DST.
        after_second = after.astimezone(UTC).replace(microsecond=0)
        first_second = max(minute - 59 * SECOND, after_second + SECOND)
        seconds = (first_second + n * SECOND for n in range(60))
        return next(s for s in seconds if s.astimezone(self.tz).toordinal() > start_date)


def minute_timeline(zone: str, year: int) -> MinuteTimeline:
    tz = ZoneInfo(zone)
    first = (utc(year, 1, 1) - timedelta(days=3) - EPOCH) // MINUTE
    last = (utc(year + 1, 1, 1) + timedelta(days=3) - EPOCH) // MINUTE
    dates = [datetime.fromtimestamp(60 * m, tz).toordinal() for m in range(first, last)]
    changes = [i for i in range(1, len(dates)) if dates[i] != dates[i - 1]]
    return MinuteTimeline(tz, first, dates, changes)


def sample_instants(zone: str, year: int) -> Iterator[datetime]:
    """Several instants on every local date of the year, including just before rollovers."""
    tz = ZoneInfo(zone)
    day = date(year, 1, 1)
    while day.year == year:
        for clock in (time(0, 0, 30), time(12), time(23, 59, 59), time(23, 59, 59, fold=1)):
            yield datetime.combine(day, clock, tzinfo=tz)
        yield datetime.combine(day, time(12), tzinfo=UTC)
        day += timedelta(days=1)
    rollover = datetime.combine(date(year, 1, 1), time(12), tzinfo=tz)
    for _ in range(400):  # bounded, so a clock that fails to advance cannot hang the test
        rollover = next_local_midnight(rollover, tz)
        if local_date(rollover, tz).year != year:
            break
        yield rollover
        yield rollover - MICROSECOND
        yield rollover - SECOND


@pytest.mark.parametrize(("zone", "year"), ORACLE_YEARS)
def test_every_day_of_the_year_rolls_over_when_brute_force_says(zone: str, year: int) -> None:
    oracle = minute_timeline(zone, year)
    tz = ZoneInfo(zone)
    mismatches = [
        (after, got, want)
        for after in sample_instants(zone, year)
        if (got := next_local_midnight(after, tz)) != (want := oracle.next_later_date(after))
    ]
    assert mismatches == []


# --- properties -----------------------------------------------------------------------------

ZONES = sorted(available_timezones())


@settings(max_examples=300, deadline=None)
@given(zone=st.sampled_from(ZONES), data=st.data())
def test_the_result_is_the_first_instant_the_date_gets_later(
    zone: str, data: st.DataObject
) -> None:
    tz = ZoneInfo(zone)
    # Given in UTC or as a wall time in the zone itself, including wall times that never
    # existed and the second pass through repeated ones.
    after = data.draw(
        st.datetimes(
            min_value=datetime(1975, 1, 1),
            max_value=datetime(2037, 12, 31),
            timezones=st.sampled_from([UTC, tz]),
        ),
        label="after",
    )
    today = local_date(after, tz)

    result = next_local_midnight(after, tz)
    just_before = result - MICROSECOND

    assert result > after.astimezone(UTC)
    assert result.tzinfo is UTC
    assert result.microsecond == 0
    assert local_date(result, tz) > today
    # Every instant in [after, result) is on a date no later than today. Usually it is today;
    # it could only be earlier if the clocks had gone back across midnight in between.
    assert local_date(just_before, tz) <= today
    if local_date(just_before, tz) == today:
        assert next_local_midnight(just_before, tz) == result


def test_no_zone_changes_its_offset_twice_within_the_scan_step() -> None:
    """The hourly offset scan in next_local_midnight relies on this; check the installed data."""
    python_zoneinfo = pytest.importorskip("zoneinfo._zoneinfo")
    closest: tuple[int, str, int] | None = None
    for zone in ZONES:
        source = python_zoneinfo.ZoneInfo.no_cache(zone)
        candidates = list(source._trans_utc)
        rules = source._tz_after
        if hasattr(rules, "transitions"):  # a yearly DST rule beyond the table
            last = (EPOCH + candidates[-1] * SECOND).year if candidates else 1970
            for year in range(last, last + 30):
                start, end = rules.transitions(year)
                candidates += [
                    start - rules.std.utcoff // SECOND,
                    end - rules.dst.utcoff // SECOND,
                ]
        changes = sorted({t for t in candidates if _offset_changes_at(t, ZoneInfo(zone))})
        for earlier, later in itertools.pairwise(changes):
            if closest is None or later - earlier < closest[0]:
                closest = (later - earlier, zone, earlier)
    assert closest is not None
    gap, zone, when = closest
    assert gap >= _SCAN_STEP_SECONDS, f"{zone} changes offset twice within {gap}s at {when}"


def _offset_changes_at(posix_second: int, tz: ZoneInfo) -> bool:
    instant = EPOCH + posix_second * SECOND
    return instant.astimezone(tz).utcoffset() != (instant - SECOND).astimezone(tz).utcoffset()
