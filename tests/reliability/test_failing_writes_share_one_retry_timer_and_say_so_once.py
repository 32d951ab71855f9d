"""A disk that refuses every write: one retry timer, whatever the number of failed batches.

Every batch of swipes tries to commit and fails; each failure used to start its own retry
chain, so retries multiplied with the failed batches (18 a minute after 20 batches, 62
after 60). Here, in virtual time on a real session and a real file with every write
failing: the retries in the ten minutes after the last batch are as many after 60 failed
batches as after 20, at most one per capped delay; the log says "failing" once, "still
failing" every few minutes and "healed" once, not a warning per attempt; and once the disk
takes writes again every swipe and row lands.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from middleware.decision_log import LOGGER_NAME
from middleware.write_health import REMIND_EVERY_SECONDS
from tests.harness import VirtualSession

TEN_MINUTES = 600.0


def write_attempts(session: VirtualSession) -> int:
    calls = session.faults.calls
    return calls.get("append_swipes", 0) + calls.get("insert_snapshot", 0)


def failing_session(db_path: Path, failed_batches: int) -> VirtualSession:
    """A session whose disk refuses every write, after ``failed_batches`` batches of swipes."""
    session = VirtualSession(db_path)
    session.faults.fail_writes(True)
    for _ in range(failed_batches):
        session.swipe(3)
        session.advance(5)  # the batch closes after its quiet period and fails to commit
    assert session.store.get_state().snapshots.failing
    return session


def retries_in_ten_minutes(session: VirtualSession) -> int:
    before = write_attempts(session)
    session.advance(TEN_MINUTES)
    return write_attempts(session) - before


def test_retries_per_minute_stay_flat_as_failed_batches_grow(tmp_path: Path) -> None:
    retries = {}
    for batches in (20, 60, 180):
        session = failing_session(tmp_path / f"{batches}.sqlite3", batches)
        try:
            retries[batches] = retries_in_ten_minutes(session)
            cap = session.policy.retry_max_seconds
        finally:
            session.close()
    assert retries[60] == retries[180] == retries[20], retries
    assert 1 <= retries[180] <= TEN_MINUTES / cap + 1, retries


def test_the_log_says_failing_once_still_failing_every_few_minutes_and_healed_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    session = failing_session(tmp_path / "db.sqlite3", 60)
    session.advance(30 * 60.0)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    failures = [r for r in caplog.records if r.getMessage().endswith("_failed")]
    minutes = (60 * 5 + 30 * 60.0) / 60
    assert len(failures) > 60  # every attempt is still a record (at debug level) ...
    assert len(warnings) <= 1 + minutes * 60 / REMIND_EVERY_SECONDS + 1  # ... not a warning
    assert warnings[0].getMessage().endswith("_failed")
    assert {r.getMessage() for r in warnings[1:]} <= {"still_failing"}
    session.faults.fail_writes(False)
    session.settle()
    state = session.store.get_state()
    assert not state.snapshots.failing
    assert state.snapshots.persisted_sequence == state.profile.sequence == 180
    assert not state.snapshots.pending_writes
    healed = [r for r in caplog.records if r.getMessage() == "writes_healed"]
    assert len(healed) == 1
    session.close()
    assert session.swipes_in_db() == 180
