"""Write amplification, stated and tested on random sessions (hypothesis, virtual time).

For any interleaving of bursts, pauses, midnights, write failures and restarts, once the
session has settled: no window is written twice, SWIPE_THRESHOLD rows never exceed
swipes / interval, every ended local day with activity has exactly one DAY_ROLLOVER row, and
every swipe is in the ``swipes`` table. A burst inside one quiet period writes at most once.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from middleware.policy import SnapshotPolicy
from store.actions import TriggerType
from store.local_day import local_date, next_local_midnight
from tests.harness import VirtualSession

INTERVAL = 10
POLICY = SnapshotPolicy(swipe_interval=INTERVAL)
ZONES = ("UTC", "Europe/Berlin", "America/Sao_Paulo", "Australia/Lord_Howe", "Asia/Kathmandu")

step = st.one_of(
    st.tuples(
        st.just("burst"),
        st.integers(min_value=1, max_value=40),
        st.sampled_from([0.01, 0.2, 0.6]),
    ),
    st.tuples(st.just("pause"), st.floats(min_value=0.1, max_value=7200.0)),
    st.tuples(st.just("midnight")),
    st.tuples(st.just("fail"), st.booleans()),
    st.tuples(st.just("restart")),
)


def run_session(session: VirtualSession, steps: list[tuple[object, ...]]) -> None:
    for kind, *arguments in steps:
        if kind == "burst":
            count, every = arguments
            session.swipe(int(count), every=float(every))  # type: ignore[call-overload]
        elif kind == "pause":
            session.advance(float(arguments[0]))  # type: ignore[arg-type]
        elif kind == "midnight":
            session.advance_to(
                next_local_midnight(session.now, session.clock.zone()) + timedelta(seconds=1)
            )
        elif kind == "fail":
            session.faults.fail_writes(bool(arguments[0]))
        else:
            session.restart()
    session.faults.fail_writes(False)
    session.settle(600)  # every batch closed, every capped retry due
    session.close()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    steps=st.lists(step, min_size=1, max_size=25),
    zone=st.sampled_from(ZONES),
    start_hour=st.integers(min_value=0, max_value=23),
)
def test_random_sessions_keep_the_write_bounds(
    steps: list[tuple[object, ...]], zone: str, start_hour: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        start = datetime(2026, 3, 28, start_hour, 0, tzinfo=UTC)
        session = VirtualSession(Path(folder) / "db.sqlite3", start=start, zone=zone, policy=POLICY)
        run_session(session, steps)
        rows = session.rows()
        swipes = session.store.get_state().profile.sequence

        keys = Counter((row.trigger_type, row.window_key) for row in rows)
        assert all(count == 1 for count in keys.values()), keys

        thresholds = [row for row in rows if row.trigger_type is TriggerType.SWIPE_THRESHOLD]
        assert len(thresholds) <= swipes // INTERVAL

        assert session.swipes_in_db() == swipes

        today = local_date(session.now, ZoneInfo(zone))
        with_activity = {local_date(at, ZoneInfo(zone)) for at in swiped_instants(session.db_path)}
        ended = {day for day in with_activity if day < today}
        rollovers = Counter(
            row.snapshot_date_local for row in rows if row.trigger_type is TriggerType.DAY_ROLLOVER
        )
        assert set(rollovers) == ended
        assert all(count == 1 for count in rollovers.values())
        assert all(row.snapshot_date_local <= today for row in rows)


def swiped_instants(db_path: Path) -> list[datetime]:
    import sqlite3

    with sqlite3.connect(db_path) as connection:
        return [
            datetime.fromisoformat(at.replace("Z", "+00:00"))
            for (at,) in connection.execute("SELECT at FROM swipes")
        ]


@settings(max_examples=30, deadline=None)
@given(size=st.integers(min_value=1, max_value=200))
def test_a_burst_inside_one_quiet_period_writes_at_most_one_snapshot(size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        session = VirtualSession(Path(folder) / "db.sqlite3", policy=POLICY)
        every = POLICY.quiet_period_seconds / 10
        # The whole burst must fit inside max wait, or max wait may cut it.
        size = min(size, int(POLICY.max_wait_seconds / every))
        session.swipe(size, every=every)
        session.settle()
        assert len(session.rows()) <= 1
        counters = session.store.get_state().snapshots.counters
        assert counters.batches == 1


def test_a_continuous_stream_writes_at_most_once_per_max_wait() -> None:
    with tempfile.TemporaryDirectory() as folder:
        session = VirtualSession(
            Path(folder) / "db.sqlite3", policy=SnapshotPolicy(swipe_interval=1)
        )
        duration = 60.0
        every = POLICY.quiet_period_seconds / 2  # never quiet long enough to close a batch
        session.swipe(int(duration / every), every=every)
        session.settle()
        periods = duration / POLICY.max_wait_seconds
        assert len(session.rows()) <= periods + 2
        assert session.store.get_state().snapshots.counters.batches <= periods + 2
