"""One rule for a day rollover, live and at start: random time faults on a real session.

Random sequences of swipes, waits, zone changes, clock jumps forward and back, sleeps across
midnight, excursions five years ahead and restarts drive a real session (store, epics,
SQLite file) on virtual time. After every step, once the job has had its period to notice
what the clock did:

(a) a restart would add no row: the start-up decision on the file (rehydrate, then the same
    `decide` every check uses) finds nothing due;
(b) each local date with swipes has exactly one DAY_ROLLOVER once it has ended (and never
    more than one);
(c) no rollover is written before its day ended by the clock that wrote it;
(d) each swipe is stored with its local date in the zone in force when it happened.

Then the two regressions the rule was made for, and the zone check a swipe depends on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from middleware.decide import decide
from middleware.persistence.rehydrate import rehydrate
from middleware.persistence.repository import SnapshotRepository
from middleware.policy import SnapshotPolicy
from store import Catalog, SnapshotScheduled, TriggerType
from store.local_day import local_date, next_local_midnight
from tests.harness import VirtualSession
from tests.reliability.invariants import assert_consistent

POLICY = SnapshotPolicy()
NOTICED = POLICY.periodic_check_seconds + 1
"""How long the job may take to notice a jump or a zone change: one periodic look."""
ZONES = ("UTC", "Europe/Berlin", "Asia/Tokyo", "America/St_Johns", "Pacific/Kiritimati")
FIVE_YEARS = timedelta(days=1826)


class Session(VirtualSession):
    """A `VirtualSession` that remembers the zone each swipe happened in."""

    def __init__(self, db_path: Path, **kwargs: object) -> None:
        super().__init__(db_path, **kwargs)  # type: ignore[arg-type]
        self.dates: list[date] = []
        """The local date of each swipe, in the zone of the clock when it happened."""

    def swipe_each(self, count: int, every: float) -> None:
        for index in range(count):
            if index:
                self.advance(every)
            self.dates.append(local_date(self.now, self.clock.zone()))
            self.swipe()


def assert_the_rule_holds(session: Session, catalog: Catalog) -> None:
    """(a) to (d) of the module docstring, read from the file."""
    now, zone = session.now, session.clock.zone()
    with SnapshotRepository.open(session.db_path, read_only=True) as repository:
        at_start = rehydrate(repository, catalog, timezone=zone.key, started_at=now)
        rows = repository.list_snapshots()
        stored = [record.local_date for record in repository.swipes_after(0)]
    restart_would_write = [
        action.window_key
        for action in decide(at_start, now)
        if isinstance(action, SnapshotScheduled)
    ]
    assert restart_would_write == [], "(a) a restart would write rows the live job did not"
    rollovers = [row for row in rows if row.trigger_type is TriggerType.DAY_ROLLOVER]
    per_date = Counter(row.snapshot_date_local for row in rollovers)
    today = local_date(now, zone)
    for day in set(stored):
        if day < today:
            assert per_date[day] == 1, f"(b) {day} ended with swipes but has no rollover"
    assert all(count == 1 for count in per_date.values()), "(b) a date rolled over twice"
    for row in rollovers:
        assert row.meta is not None
        written_on = local_date(row.created_at, ZoneInfo(row.meta.timezone))
        assert row.snapshot_date_local < written_on, f"(c) {row.window_key} before its end"
    assert stored == session.dates, "(d) a swipe was dated in another zone"


@dataclass(frozen=True)
class Step:
    """One thing that happens to a running app."""

    kind: str
    count: int = 0
    seconds: float = 0.0
    zone: str = "UTC"

    def apply(self, session: Session) -> None:
        if self.kind == "swipe":
            session.swipe_each(self.count, self.seconds)
        elif self.kind == "wait":
            session.advance(self.seconds)
        elif self.kind == "jump":
            session.clock.jump_to(session.now + timedelta(seconds=self.seconds))
        elif self.kind == "sleep":  # no timer runs while the machine sleeps across midnight
            midnight = next_local_midnight(session.now, session.clock.zone())
            session.clock.jump_to(midnight + timedelta(seconds=self.seconds))
        elif self.kind == "zone":
            session.set_zone(self.zone)
        elif self.kind == "excursion":  # five years ahead, across a midnight there, and back
            session.clock.jump_to(session.now + FIVE_YEARS)
            session.advance(NOTICED)
            session.swipe_each(self.count, 60.0)
            midnight = next_local_midnight(session.now, session.clock.zone())
            session.advance((midnight - session.now).total_seconds() + 1)
            session.clock.jump_to(session.now - FIVE_YEARS)
        else:
            session.restart(advance=timedelta(seconds=self.seconds))


steps = st.one_of(
    st.builds(
        Step,
        kind=st.just("swipe"),
        count=st.integers(1, 30),
        seconds=st.sampled_from([0.1, 1.0, 60.0]),
    ),
    st.builds(Step, kind=st.just("wait"), seconds=st.sampled_from([61.0, 3_600.0, 86_400.0])),
    st.builds(
        Step,
        kind=st.just("jump"),
        seconds=st.sampled_from([-86_400.0, -3_600.0, 25_200.0, 259_200.0]),
    ),
    st.builds(Step, kind=st.just("sleep"), seconds=st.sampled_from([60.0, 25_000.0])),
    st.builds(Step, kind=st.just("zone"), zone=st.sampled_from(ZONES)),
    st.builds(Step, kind=st.just("excursion"), count=st.integers(1, 3)),
    st.builds(Step, kind=st.just("restart"), seconds=st.sampled_from([0.0, 86_400.0])),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan=st.lists(steps, min_size=1, max_size=10),
    start_hour=st.integers(0, 23),
    zone=st.sampled_from(ZONES),
)
def test_after_any_time_fault_the_live_job_and_a_restart_agree(
    tmp_path_factory: pytest.TempPathFactory, plan: list[Step], start_hour: int, zone: str
) -> None:
    db_path = tmp_path_factory.mktemp("rule") / "tastetrail.sqlite3"
    start = datetime(2026, 3, 27, start_hour, 0, tzinfo=UTC)  # Berlin moves on the 29th
    session = Session(db_path, start=start, zone=zone)
    for step in plan:
        step.apply(session)
        session.advance(NOTICED)
        assert_the_rule_holds(session, session.catalog)
    session.close()
    assert_consistent(db_path, session.catalog, timezone=zone, days_are_exact=False)


def rollovers(session: Session) -> list[tuple[str, datetime, int]]:
    return [
        (row.window_key, row.created_at, row.profile_version)
        for row in session.rows()
        if row.trigger_type is TriggerType.DAY_ROLLOVER
    ]


def test_a_zone_change_that_ends_the_day_writes_its_rollover_live(
    db_path: Path, catalog: Catalog
) -> None:
    # 21:00 in Berlin on 10 March; Tokyo is already at 05:00 on the 11th.
    session = Session(db_path, start=datetime(2026, 3, 10, 20, 0, tzinfo=UTC), zone="Europe/Berlin")
    session.swipe_each(5, 60.0)
    session.advance(NOTICED)
    assert rollovers(session) == []
    session.set_zone("Asia/Tokyo")
    session.advance(NOTICED)
    ((key, created_at, version),) = rollovers(session)
    assert (key, version) == ("day:2026-03-10", 5)
    assert created_at < datetime(2026, 3, 10, 20, 10, tzinfo=UTC)  # live, not at a restart
    assert_the_rule_holds(session, catalog)


def test_after_five_years_ahead_and_back_each_day_gets_its_row_at_its_midnight(
    db_path: Path, catalog: Catalog
) -> None:
    session = Session(db_path, start=datetime(2026, 1, 20, 10, 0, tzinfo=UTC))
    session.swipe_each(3, 60.0)
    session.clock.jump_to(datetime(2031, 1, 20, 23, 50, tzinfo=UTC))  # five years ahead
    session.advance(NOTICED)
    session.swipe_each(2, 60.0)
    session.advance(20 * 60)  # midnight of 2031-01-20 passes: its row is written
    session.clock.jump_to(datetime(2026, 1, 21, 9, 0, tzinfo=UTC))  # the clock is corrected
    session.advance(NOTICED)
    session.swipe_each(2, 60.0)
    session.advance_to(datetime(2026, 1, 22, 0, 0, 1, tzinfo=UTC))
    session.swipe_each(2, 60.0)
    session.advance_to(datetime(2026, 1, 23, 0, 0, 1, tzinfo=UTC))
    written = {key: created_at for key, created_at, _version in rollovers(session)}
    assert sorted(written) == [
        "day:2026-01-20",
        "day:2026-01-21",
        "day:2026-01-22",
        "day:2031-01-20",
    ]
    assert written["day:2026-01-21"] == datetime(2026, 1, 22, 0, 0, tzinfo=UTC)
    assert written["day:2026-01-22"] == datetime(2026, 1, 23, 0, 0, tzinfo=UTC)
    assert_the_rule_holds(session, catalog)


def test_a_swipe_right_after_a_zone_change_is_dated_in_the_new_zone(
    db_path: Path, catalog: Catalog
) -> None:
    # Noon UTC on 20 January: already 02:00 on the 21st in Kiritimati (UTC+14).
    session = Session(db_path, start=datetime(2026, 1, 20, 12, 0, tzinfo=UTC))
    session.swipe_each(1, 0.0)
    session.set_zone("Pacific/Kiritimati")
    session.swipe_each(1, 0.0)  # before any periodic look could notice the new zone
    session.advance(NOTICED)
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        stored = [record.local_date for record in repository.swipes_after(0)]
    assert stored == [date(2026, 1, 20), date(2026, 1, 21)]
    assert [(key, version) for key, _at, version in rollovers(session)] == [("day:2026-01-20", 1)]
    assert_the_rule_holds(session, catalog)
