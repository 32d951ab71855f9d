"""Time faults: clock jumps, a sleep across midnight, zone changes, DST at midnight.

`tests/middleware/test_snapshot_job.py` already shows a forward jump of three days with a
jump back, a zone change to UTC+14, a burst across the missing Sao Paulo midnight and the
Berlin midnight timer. Here each fault gets its own scenario on a real session and file,
plus a fuzzed mix of all of them, and every scenario ends with the same checks:

- no local date has two rollover rows (and no window two rows of any kind);
- no row is dated in the future of the clock that wrote it: a rollover's date is before the
  local date of its ``created_at`` (in the zone recorded in its meta), any other row's date
  is that local date;
- every row agrees with a replay of the swipe log, and a restart rehydrates to the replay;
- after a later start, every local date with swipes has exactly one rollover row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.simulation.invariants import dated_after_its_clock, rollover_count_violations
from middleware.policy import SnapshotPolicy
from store import Catalog, TriggerType
from store.local_day import local_date
from tests.harness import VirtualSession
from tests.reliability.invariants import Contents, assert_consistent, read_contents

PERIODIC = SnapshotPolicy().periodic_check_seconds
QUIET = SnapshotPolicy().quiet_period_seconds


def assert_no_date_twice_and_nothing_in_the_future(contents: Contents) -> None:
    assert all(row.meta is not None for row in contents.rows)  # so every row's clock is known
    found = rollover_count_violations(contents.rollover_days())
    found += [late for row in contents.rows if (late := dated_after_its_clock(row))]
    assert not found, "; ".join(str(violation) for violation in found)


def check(session: VirtualSession, catalog: Catalog) -> Contents:
    """The checks of the module docstring, ending with a start two days later."""
    session.settle()
    zone = session.clock.zone().key
    session.close()
    assert_no_date_twice_and_nothing_in_the_future(
        read_contents(session.db_path, catalog, timezone=zone)
    )
    session.restart(advance=timedelta(days=2))
    session.settle()
    session.close()
    today = local_date(session.now, ZoneInfo(zone))
    contents = assert_consistent(
        session.db_path, catalog, timezone=zone, days_are_exact=False, today=today
    )
    assert_no_date_twice_and_nothing_in_the_future(contents)
    assert max(contents.active_days(), default=date.min) < today  # so every one was checked
    return contents


def rollover_keys(session: VirtualSession) -> list[str]:
    rows = session.rows()
    return [row.window_key for row in rows if row.trigger_type is TriggerType.DAY_ROLLOVER]


def test_the_clock_jumping_back_an_hour_across_midnight_rolls_the_day_over_once(
    db_path: Path, catalog: Catalog
) -> None:
    session = VirtualSession(db_path, start=datetime(2026, 1, 20, 23, 30, tzinfo=UTC))
    session.swipe(5, every=60)
    session.advance_to(datetime(2026, 1, 21, 0, 10, tzinfo=UTC))
    session.swipe(3, every=60)  # 21 January: the rollover of the 20th is written
    assert rollover_keys(session) == ["day:2026-01-20"]
    session.clock.jump_to(session.now - timedelta(hours=1))  # 23:12 on the 20th again
    session.swipe(3, every=60)
    session.advance(2 * 3600)  # midnight comes a second time
    session.swipe(2, every=60)
    assert rollover_keys(session) == ["day:2026-01-20"]
    contents = check(session, catalog)
    assert sorted(contents.rollover_days()) == [date(2026, 1, 20), date(2026, 1, 21)]


def test_the_clock_jumping_three_days_forward_rolls_each_active_day_once(
    db_path: Path, catalog: Catalog
) -> None:
    session = VirtualSession(db_path, start=datetime(2026, 1, 20, 18, 0, tzinfo=UTC))
    session.swipe(4, every=60)
    session.clock.jump_to(session.now + timedelta(days=3))
    session.advance(PERIODIC + 1)  # noticed by the periodic check, not by a swipe
    assert rollover_keys(session) == ["day:2026-01-20"]
    session.swipe(4, every=60)
    contents = check(session, catalog)
    assert sorted(contents.rollover_days()) == [date(2026, 1, 20), date(2026, 1, 23)]


@pytest.mark.parametrize("wakes_with_a_swipe", [True, False], ids=["swipe", "no-swipe"])
def test_sleeping_across_midnight_rolls_the_day_over_once_after_waking(
    db_path: Path, catalog: Catalog, wakes_with_a_swipe: bool
) -> None:
    session = VirtualSession(
        db_path, start=datetime(2026, 1, 20, 22, 40, tzinfo=UTC), zone="Europe/Berlin"
    )
    session.swipe(6, every=60)  # 23:40..23:45 in Berlin
    session.settle(60)
    wake = datetime(2026, 1, 21, 6, 30, tzinfo=UTC)
    session.clock.jump_to(wake)  # the machine slept: no timer ran, the midnight timer is late
    if wakes_with_a_swipe:
        session.swipe(1)
        session.advance(QUIET)  # the swipe's batch closes and its check rolls the 20th over
        assert rollover_keys(session) == ["day:2026-01-20"]
    session.advance(PERIODIC + 1)
    assert rollover_keys(session) == ["day:2026-01-20"]
    session.advance(3600)  # the late midnight timer has fired by now, re-armed, no new row
    assert rollover_keys(session) == ["day:2026-01-20"]
    (row,) = [row for row in session.rows() if row.trigger_type is TriggerType.DAY_ROLLOVER]
    assert row.created_at >= wake and row.profile_version == 6
    session.advance_to(datetime(2026, 1, 21, 23, 0, 1, tzinfo=UTC))  # the next midnight
    assert rollover_keys(session) == ["day:2026-01-20"] + (
        ["day:2026-01-21"] if wakes_with_a_swipe else []
    )
    check(session, catalog)


def test_a_zone_change_that_moves_the_date_back_never_rolls_a_date_twice(
    db_path: Path, catalog: Catalog
) -> None:
    # 15:30 UTC on 20 January is 00:30 on the 21st in Tokyo, 07:30 on the 20th in Los Angeles.
    session = VirtualSession(
        db_path, start=datetime(2026, 1, 20, 14, 50, tzinfo=UTC), zone="Asia/Tokyo"
    )
    session.swipe(3, every=60)  # 23:50 on the 20th in Tokyo
    session.advance_to(datetime(2026, 1, 20, 15, 30, tzinfo=UTC))
    session.swipe(2, every=60)  # the 21st in Tokyo: the 20th rolled over
    assert rollover_keys(session) == ["day:2026-01-20"]
    session.set_zone("America/Los_Angeles")  # the user flew east to west: the 20th again
    session.advance(PERIODIC + 1)
    session.swipe(3, every=60)
    session.advance_to(datetime(2026, 1, 21, 8, 30, tzinfo=UTC))  # past midnight in LA
    assert rollover_keys(session) == ["day:2026-01-20"]
    check(session, catalog)


def test_a_zone_change_that_moves_the_date_forward_rolls_each_date_once(
    db_path: Path, catalog: Catalog
) -> None:
    session = VirtualSession(
        db_path, start=datetime(2026, 1, 20, 18, 0, tzinfo=UTC), zone="America/Los_Angeles"
    )
    session.swipe(3, every=60)  # 10:00 on the 20th in Los Angeles
    session.set_zone("Pacific/Kiritimati")  # UTC+14: already 08:00 on the 21st
    session.advance(PERIODIC + 1)
    session.swipe(3, every=60)
    session.advance(2 * 86_400)
    check(session, catalog)


def test_a_midnight_that_does_not_exist_rolls_the_day_over_once(
    db_path: Path, catalog: Catalog
) -> None:
    # America/Sao_Paulo, 2018-11-04: 23:59:59 was followed by 01:00 (03:00 UTC).
    session = VirtualSession(
        db_path, start=datetime(2018, 11, 4, 1, 0, tzinfo=UTC), zone="America/Sao_Paulo"
    )
    session.swipe(5, every=60)  # 22:00 on the 3rd
    session.advance_to(datetime(2018, 11, 4, 2, 59, 59, tzinfo=UTC))
    assert rollover_keys(session) == []
    session.advance(2)  # the timer fires when the 4th begins, at 01:00 local
    assert rollover_keys(session) == ["day:2018-11-03"]
    assert session.rows()[-1].created_at == datetime(2018, 11, 4, 3, 0, tzinfo=UTC)
    session.swipe(3, every=60)
    check(session, catalog)


def test_clocks_going_back_at_midnight_roll_the_long_day_over_once(
    db_path: Path, catalog: Catalog
) -> None:
    # America/Santiago, 2022-04-03: at 00:00 clocks went back to 23:00 on the 2nd, which had
    # 25 hours. Its only midnight is the second one, at 04:00 UTC.
    session = VirtualSession(
        db_path, start=datetime(2022, 4, 3, 2, 30, tzinfo=UTC), zone="America/Santiago"
    )
    session.swipe(3, every=60)  # 23:30 on the 2nd, before the change (UTC-3)
    session.advance_to(datetime(2022, 4, 3, 3, 30, tzinfo=UTC))
    session.swipe(3, every=60)  # 23:30 on the 2nd again, after it (UTC-4)
    assert rollover_keys(session) == []
    session.advance_to(datetime(2022, 4, 3, 4, 0, 1, tzinfo=UTC))
    assert rollover_keys(session) == ["day:2022-04-02"]
    assert session.rows()[-1].profile_version == 6  # both 23:30s belong to the 2nd
    session.swipe(2, every=60)
    check(session, catalog)


def test_a_date_that_comes_back_after_midnight_is_not_rolled_over_again(
    db_path: Path, catalog: Catalog
) -> None:
    # America/St_Johns, 2010-11-07: at 00:01 clocks went back to 23:01 on the 6th, so the
    # 6th came back for an hour after its midnight (02:30 UTC), until 03:30 UTC.
    session = VirtualSession(
        db_path, start=datetime(2010, 11, 7, 2, 25, tzinfo=UTC), zone="America/St_Johns"
    )
    session.swipe(3, every=60)  # 23:55 on the 6th
    session.advance_to(datetime(2010, 11, 7, 2, 30, 10, tzinfo=UTC))
    session.swipe(2, every=20)  # 00:00:10 on the 7th: the 6th rolls over
    assert rollover_keys(session) == ["day:2010-11-06"]
    session.advance_to(datetime(2010, 11, 7, 2, 45, tzinfo=UTC))
    session.swipe(3, every=60)  # 23:15 on the 6th, again
    session.advance_to(datetime(2010, 11, 7, 3, 40, tzinfo=UTC))
    session.swipe(3, every=60)  # 00:10 on the 7th, for good
    session.advance_to(datetime(2010, 11, 8, 3, 31, tzinfo=UTC))  # the 7th ends
    assert rollover_keys(session) == ["day:2010-11-06", "day:2010-11-07"]
    check(session, catalog)


# --- all of them at once, fuzzed ----------------------------------------------------------

ZONES = ("UTC", "Europe/Berlin", "America/Sao_Paulo", "America/St_Johns", "Asia/Tokyo")


@dataclass(frozen=True)
class Event:
    """One step of a fuzzed session: swipes, waiting, a clock jump, a zone change, a restart."""

    kind: str
    seconds: float = 0.0
    count: int = 0
    zone: str = "UTC"

    def apply(self, session: VirtualSession) -> None:
        if self.kind == "swipe":
            session.swipe(self.count, every=self.seconds)
        elif self.kind == "wait":
            session.advance(self.seconds)
        elif self.kind == "jump":
            session.clock.jump_to(session.now + timedelta(seconds=self.seconds))
        elif self.kind == "zone":
            session.set_zone(self.zone)
        else:
            session.restart(advance=timedelta(seconds=self.seconds))


events = st.one_of(
    st.builds(
        Event,
        kind=st.just("swipe"),
        count=st.integers(1, 30),
        seconds=st.sampled_from([0.1, 1.0, 60.0]),
    ),
    st.builds(
        Event,
        kind=st.just("wait"),
        seconds=st.sampled_from([1.0, 61.0, 3600.0, 18_000.0, 86_400.0]),
    ),
    # Back one hour at most (the clock correcting itself), forward up to three days.
    st.builds(Event, kind=st.just("jump"), seconds=st.sampled_from([-3600.0, 25_200.0, 259_200.0])),
    st.builds(Event, kind=st.just("zone"), zone=st.sampled_from(ZONES)),
    st.builds(Event, kind=st.just("restart"), seconds=st.sampled_from([0.0, 3600.0, 86_400.0])),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(events, min_size=1, max_size=12),
    start_hour=st.integers(0, 23),
    zone=st.sampled_from(ZONES),
)
def test_any_mix_of_time_faults_keeps_one_rollover_per_date(
    tmp_path_factory: pytest.TempPathFactory, steps: list[Event], start_hour: int, zone: str
) -> None:
    db_path = tmp_path_factory.mktemp("time") / "tastetrail.sqlite3"
    start = datetime(2026, 3, 27, start_hour, 0, tzinfo=UTC)  # Berlin moves on the 29th
    session = VirtualSession(db_path, start=start, zone=zone)
    for step in steps:
        step.apply(session)
    check(session, session.catalog)
