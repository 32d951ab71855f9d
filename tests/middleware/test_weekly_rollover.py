"""The weekly rollover, live and at a restart: one row per ended ISO week, the same rows.

A plan of swipes, waits, sleeps across a week's start, zone changes and clock jumps is run
twice on real sessions (store, epics, SQLite file) in virtual time: once live, once with a
restart after every step. The two files must hold the same WEEKLY_ROLLOVER rows (window,
swipes covered, date), each ended week with swipes must have exactly one, none may be
written before its week ended, and a restart at any point must find nothing due.
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
from store import Catalog, SnapshotRequested, SnapshotScheduled, TriggerType
from store.local_day import local_date
from store.triggers.weekly_rollover import WEEKLY_ROLLOVER
from tests.harness import VirtualSession

POLICY = SnapshotPolicy()
NOTICED = POLICY.periodic_check_seconds + 1
ZONES = ("UTC", "Europe/Berlin", "Pacific/Kiritimati", "America/St_Johns")
WEEK = 7 * 86_400.0


def weekly_rows(db_path: Path) -> list[tuple[str, int, date]]:
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        return sorted(
            (row.window_key, row.profile_version, row.snapshot_date_local)
            for row in repository.list_snapshots()
            if row.trigger_type is TriggerType.WEEKLY_ROLLOVER
        )


def assert_the_weeks_hold(session: VirtualSession, catalog: Catalog) -> None:
    now, zone = session.now, session.clock.zone()
    with SnapshotRepository.open(session.db_path, read_only=True) as repository:
        at_start = rehydrate(repository, catalog, timezone=zone.key, started_at=now)
        rows = [
            row
            for row in repository.list_snapshots()
            if row.trigger_type is TriggerType.WEEKLY_ROLLOVER
        ]
        stored = {record.local_date for record in repository.swipes_after(0)}
    due = [
        a.window_key
        for a in decide(at_start, now)
        if isinstance(a, SnapshotScheduled)
    ]
    assert due == [], "a restart would write rows the live job did not"
    per_week = Counter(WEEKLY_ROLLOVER.parse_key(row.window_key) for row in rows)
    this_week = WEEKLY_ROLLOVER.period_of(local_date(now, zone))
    for week in {WEEKLY_ROLLOVER.period_of(day) for day in stored}:
        if week < this_week:
            assert per_week[week] == 1, f"the week from {week} ended with swipes and has no row"
    assert all(count == 1 for count in per_week.values()), "a week has two rows"
    for row in rows:
        assert row.meta is not None
        written = WEEKLY_ROLLOVER.period_of(local_date(row.created_at, ZoneInfo(row.meta.timezone)))
        assert WEEKLY_ROLLOVER.parse_key(row.window_key) < written, f"{row.window_key} early"


@dataclass(frozen=True)
class Step:
    kind: str
    count: int = 0
    seconds: float = 0.0
    zone: str = "UTC"

    def apply(self, session: VirtualSession) -> None:
        if self.kind == "swipe":
            session.swipe(self.count, every=self.seconds)
        elif self.kind == "wait":
            session.advance(self.seconds)
        elif self.kind == "sleep":  # the machine sleeps: no timer runs meanwhile
            session.clock.jump_to(session.now + timedelta(seconds=self.seconds))
        else:
            session.set_zone(self.zone)


steps = st.one_of(
    st.builds(Step, kind=st.just("swipe"), count=st.integers(1, 30), seconds=st.just(1.0)),
    st.builds(Step, kind=st.just("wait"), seconds=st.sampled_from([3_600.0, 86_400.0, WEEK])),
    st.builds(Step, kind=st.just("sleep"), seconds=st.sampled_from([2 * 86_400.0, WEEK])),
    st.builds(Step, kind=st.just("zone"), zone=st.sampled_from(ZONES)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan=st.lists(steps, min_size=1, max_size=8),
    start_day=st.integers(0, 6),
    start_hour=st.integers(0, 23),
    zone=st.sampled_from(ZONES),
)
def test_the_live_job_and_a_restart_after_every_step_write_the_same_weekly_rows(
    tmp_path_factory: pytest.TempPathFactory,
    plan: list[Step],
    start_day: int,
    start_hour: int,
    zone: str,
) -> None:
    folder = tmp_path_factory.mktemp("weeks")
    start = datetime(2026, 3, 23 + start_day, start_hour, 0, tzinfo=UTC)  # Berlin moves the 29th
    live = VirtualSession(folder / "live.sqlite3", start=start, zone=zone)
    restarted = VirtualSession(folder / "restarted.sqlite3", start=start, zone=zone)
    for step in plan:
        for session in (live, restarted):
            step.apply(session)
            session.advance(NOTICED)
        assert_the_weeks_hold(live, live.catalog)
        restarted.restart()
        restarted.advance(NOTICED)
        assert_the_weeks_hold(restarted, restarted.catalog)
    live.close()
    restarted.close()
    assert weekly_rows(live.db_path) == weekly_rows(restarted.db_path)


def test_a_week_rolls_over_at_the_local_start_of_monday_with_its_last_swipe(
    db_path: Path, catalog: Catalog
) -> None:
    # Sunday 2026-03-29, 23:00 in Berlin (21:00 UTC): the last swipes of ISO week 13.
    session = VirtualSession(
        db_path, start=datetime(2026, 3, 29, 21, 0, tzinfo=UTC), zone="Europe/Berlin"
    )
    session.swipe(5, every=60.0)
    session.advance_to(datetime(2026, 3, 29, 21, 59, tzinfo=UTC))
    assert weekly_rows(db_path) == []  # 23:59 on Sunday: the week has not ended
    session.advance_to(datetime(2026, 3, 29, 22, 0, 1, tzinfo=UTC))  # Monday 00:00:01 Berlin
    assert weekly_rows(db_path) == [("week:2026-W13", 5, date(2026, 3, 29))]
    session.swipe(3)
    session.advance(NOTICED)
    assert weekly_rows(db_path) == [("week:2026-W13", 5, date(2026, 3, 29))]
    assert_the_weeks_hold(session, catalog)
    session.close()


def test_snapshot_now_after_a_weekly_row_takes_a_manual_snapshot(
    db_path: Path, catalog: Catalog
) -> None:
    session = VirtualSession(db_path, start=datetime(2026, 3, 29, 12, 0, tzinfo=UTC))
    session.swipe(7, every=60.0)
    session.advance_to(datetime(2026, 3, 30, 0, 0, 1, tzinfo=UTC))
    assert [key for key, _v, _d in weekly_rows(db_path)] == ["week:2026-W13"]
    session.store.dispatch(SnapshotRequested(at=session.now))
    session.advance(NOTICED)
    manual = [row for row in session.rows() if row.trigger_type is TriggerType.MANUAL]
    assert [(row.window_key, row.profile_version) for row in manual] == [("manual:000007", 7)]
    session.close()
