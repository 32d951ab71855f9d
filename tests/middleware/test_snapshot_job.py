"""The snapshot job end to end: real store, real RxPY pipeline, real SQLite, virtual time."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from middleware.policy import SnapshotPolicy
from store.actions import SnapshotRequested, TriggerType
from tests.harness import FaultSwitch, VirtualSession

QUIET = SnapshotPolicy().quiet_period_seconds
MAX_WAIT = SnapshotPolicy().max_wait_seconds


@pytest.fixture
def session(db_path: Path) -> VirtualSession:
    return VirtualSession(db_path)


def test_swipe_flow_snapshots_at_each_multiple_of_the_interval(session: VirtualSession) -> None:
    for _ in range(60):
        session.swipe()
        session.advance(QUIET + 0.1)  # every swipe is its own batch
    assert session.keys() == ["swipes:000025", "swipes:000050"]
    assert [row.profile_version for row in session.rows()] == [25, 50]


def test_below_threshold_writes_no_snapshot_but_keeps_the_swipes(
    session: VirtualSession,
) -> None:
    session.swipe(24)
    session.settle()
    assert session.rows() == []
    assert session.swipes_in_db() == 24
    assert session.store.get_state().snapshots.counters.skipped["below_threshold"] >= 1


def test_burst_within_quiet_window_writes_once(session: VirtualSession) -> None:
    session.swipe(80, every=0.01)  # 80 swipes in 0.8 s: one batch, three multiples crossed
    session.settle()
    assert session.keys() == ["swipes:000075"]
    counters = session.store.get_state().snapshots.counters
    assert counters.batches == 1
    assert counters.swipes_coalesced == 80


def test_continuous_stream_still_checkpoints_every_max_wait(session: VirtualSession) -> None:
    # A swipe every 0.2 s never leaves a 0.5 s quiet period; max wait closes batches anyway.
    session.swipe(100, every=0.2)
    assert session.keys()  # written during the stream, before any pause
    session.settle()
    counters = session.store.get_state().snapshots.counters
    assert counters.batches <= 100 * 0.2 / MAX_WAIT + 2
    assert session.keys() == ["swipes:000025", "swipes:000050", "swipes:000075", "swipes:000100"]


def test_burst_crossing_midnight_in_a_dst_zone_splits_the_day_exactly(db_path: Path) -> None:
    # America/Sao_Paulo, 2018-11-04: midnight did not exist, the day began at 01:00 local
    # (03:00 UTC). The burst straddles that instant.
    session = VirtualSession(
        db_path, start=datetime(2018, 11, 4, 2, 59, 50, tzinfo=UTC), zone="America/Sao_Paulo"
    )
    session.swipe(20, every=1.0)  # 02:59:50 .. 03:00:09 UTC
    session.settle()
    rollovers = [row for row in session.rows() if row.trigger_type is TriggerType.DAY_ROLLOVER]
    assert [row.window_key for row in rollovers] == ["day:2018-11-03"]
    # Exactly the ten swipes before 03:00 UTC belong to the day that ended.
    assert rollovers[0].profile_version == 10
    assert rollovers[0].snapshot_date_local == date(2018, 11, 3)


def test_midnight_timer_writes_the_rollover_without_further_swipes(db_path: Path) -> None:
    session = VirtualSession(
        db_path, start=datetime(2026, 3, 28, 21, 0, tzinfo=UTC), zone="Europe/Berlin"
    )
    session.swipe(7)
    session.advance_to(datetime(2026, 3, 28, 22, 59, 59, tzinfo=UTC))
    assert session.keys() == []
    session.advance(2)  # local midnight in Berlin (UTC+1 that night)
    assert session.keys() == ["day:2026-03-28"]
    assert session.rows()[0].created_at == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)


def test_a_day_without_swipes_gets_no_rollover(session: VirtualSession) -> None:
    session.swipe(3)
    session.advance(3 * 86_400)
    assert session.keys() == ["day:2026-01-20"]


def test_manual_snapshot_is_written_once_per_profile_version(session: VirtualSession) -> None:
    session.swipe(3)
    session.settle()
    session.session.job.request_snapshot()
    session.store.dispatch(SnapshotRequested(at=session.now))
    session.settle()
    assert session.keys() == ["manual:000003"]
    skipped = session.store.get_state().snapshots.counters.skipped
    assert skipped["nothing_changed"] == 1


def test_write_failure_on_nth_write_is_retried_into_exactly_one_row(db_path: Path) -> None:
    faults = FaultSwitch()
    faults.fail_nth["insert_snapshot"] = 2  # the second snapshot write fails once
    session = VirtualSession(db_path, faults=faults)
    for _ in range(3):
        session.swipe(25, every=0.01)
        session.advance(QUIET + 0.1)
    state = session.store.get_state()
    assert state.snapshots.counters.failed == 1
    assert state.profile.sequence == 75  # swipes kept flowing while the write failed
    session.settle()
    keys = session.keys()
    assert sorted(keys) == ["swipes:000025", "swipes:000050", "swipes:000075"]
    assert len(keys) == len(set(keys))
    counters = session.store.get_state().snapshots.counters
    assert counters.retried == 1
    assert counters.created == 3
    assert not session.store.get_state().snapshots.failing


def test_failing_writes_keep_swipes_flowing_and_recover_once(db_path: Path) -> None:
    faults = FaultSwitch()
    session = VirtualSession(db_path, faults=faults)
    faults.failing = {"insert_snapshot", "append_swipes"}
    session.swipe(30, every=0.01)
    session.settle(30)
    state = session.store.get_state()
    assert state.profile.sequence == 30
    assert state.snapshots.failing
    assert state.snapshots.pending == frozenset({"swipes:000025"})
    assert session.rows() == []
    faults.failing = set()
    session.settle(120)
    assert session.keys() == ["swipes:000025"]
    assert session.swipes_in_db() == 30
    assert not session.store.get_state().snapshots.failing


def test_an_unexpected_exception_in_the_sink_never_reaches_dispatch(db_path: Path) -> None:
    class Explodes(FaultSwitch):
        def __call__(self, operation: str) -> None:
            if operation == "insert_snapshot" and not self.injected:
                self.injected += 1
                raise RuntimeError("bug in the sink")

    session = VirtualSession(db_path, faults=Explodes())
    session.swipe(25, every=0.01)  # must not raise
    session.settle()
    session.swipe(25, every=0.01)
    session.settle()
    assert session.keys() == ["swipes:000025", "swipes:000050"]


def test_shutdown_flushes_a_pending_burst(session: VirtualSession) -> None:
    session.swipe(30, every=0.01)  # batch still open: no quiet period has passed
    assert session.keys() == []
    session.close()
    assert session.keys() == ["swipes:000025"]
    assert session.swipes_in_db() == 30


def test_close_is_idempotent(session: VirtualSession) -> None:
    session.swipe(2)
    assert session.session.close()
    assert session.session.close()


def test_restart_mid_window_never_writes_the_window_twice(session: VirtualSession) -> None:
    session.swipe(30, every=0.01)
    session.settle()
    session.restart()
    session.swipe(10, every=0.01)
    session.settle()
    session.restart()
    session.swipe(10, every=0.01)
    session.settle()
    assert session.keys() == ["swipes:000025", "swipes:000050"]


def test_catch_up_at_start_writes_the_missed_rollover_once(session: VirtualSession) -> None:
    session.swipe(5)
    session.settle()
    session.close()
    session.restart(advance=timedelta(days=2))
    session.settle()
    assert session.keys() == ["day:2026-01-20"]
    session.restart()
    session.settle()
    assert session.keys() == ["day:2026-01-20"]


def test_timezone_change_while_running_is_noticed_at_the_next_check(
    session: VirtualSession,
) -> None:
    session.swipe(3)  # 09:00 UTC on 2026-01-20
    session.set_zone("Pacific/Kiritimati")  # UTC+14: it is already 23:00 there
    session.advance(SnapshotPolicy().periodic_check_seconds + 1)
    assert session.store.get_state().timezone == "Pacific/Kiritimati"
    session.advance(3600)  # midnight in Kiritimati
    assert session.keys() == ["day:2026-01-20"]


def test_clock_jumping_forward_three_days_rolls_each_active_day_once(
    session: VirtualSession,
) -> None:
    session.swipe(3)
    session.clock.jump_to(session.now + timedelta(days=3))
    session.advance(SnapshotPolicy().periodic_check_seconds + 1)
    session.swipe(2)
    session.clock.jump_to(session.now - timedelta(hours=1))
    session.swipe(2)
    session.advance(2 * 86_400)
    keys = session.keys()
    assert keys.count("day:2026-01-20") == 1
    assert keys.count("day:2026-01-23") == 1
    assert all(row.snapshot_date_local <= session.now.date() for row in session.rows())


def test_decisions_and_outcomes_are_logged_as_structured_records(
    session: VirtualSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tastetrail.snapshots")
    session.swipe(25, every=0.01)
    session.settle()
    events = Counter(getattr(record, "event", "") for record in caplog.records)
    assert events["batch_coalesced"] == 1
    assert events["snapshot_scheduled"] == 1
    assert events["snapshot_created"] == 1
    created = next(r for r in caplog.records if getattr(r, "event", "") == "snapshot_created")
    fields = created.fields  # type: ignore[attr-defined]
    assert fields["window_key"] == "swipes:000025"
    assert fields["trigger_type"] == "SWIPE_THRESHOLD"
    assert fields["swipes"] == 25
    assert fields["latency_ms"] >= 0


def test_threaded_writer_reports_outcomes_back_to_the_owner_thread(db_path: Path) -> None:
    from zoneinfo import ZoneInfo

    from app.bootstrap import open_session
    from app.simulation.virtual_scheduler import VirtualScheduler
    from middleware.clock import SchedulerClock
    from store.actions import Direction, Swiped

    scheduler = VirtualScheduler(datetime(2026, 1, 20, 9, tzinfo=UTC))
    clock = SchedulerClock(scheduler, ZoneInfo("UTC"))
    woken: list[int] = []
    session = open_session(db_path, clock=clock, scheduler=scheduler, wake=lambda: woken.append(1))
    for index in range(25):
        session.store.dispatch(
            Swiped(item_id=session.catalog.cards[index].id, direction=Direction.UP, at=clock.now())
        )
    scheduler.advance_by(QUIET + 0.1)
    assert session.job.writer.wait_idle(timeout=10)
    assert woken
    assert session.job.drain_outcomes() >= 1
    state = session.store.get_state()
    assert state.snapshots.counters.created == 1
    assert state.snapshots.persisted_sequence == 25
    assert session.close()
