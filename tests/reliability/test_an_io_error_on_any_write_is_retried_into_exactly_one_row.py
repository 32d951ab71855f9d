"""An I/O error on the Nth database write, for every N and every write operation.

SQLite's own habit: run a scenario once without faults and count the operations, then run it
again once per operation and per N with an I/O error injected into exactly that call. The
error is a real ``sqlite3.OperationalError("disk I/O error")`` raised through the
repository's fault seam inside a real ``BEGIN IMMEDIATE`` transaction on a real file, so it
rolls that transaction back like a failing disk would.

The scenario covers every kind of write: swipe batches, a threshold snapshot, a manual one,
a rollover before a swipe, a rollover by the midnight timer, the start-up catch-up after a
restart days later, and a shutdown with a burst still open. Whatever N fails:

- no dispatch raises and the swipe counter never stops (swipes keep flowing), while the
  state reports the failure (``failing``, ``last_error``) until a retry succeeds;
- afterwards the file holds exactly the rows of the fault-free run (same ids, versions and
  payload bytes), one per window, and every swipe dispatched is in the swipes table;
- a retried row keeps the time it was taken; only a row whose write fails during shutdown,
  when no retry can run, is taken again by the next start, at that start's time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.faults import FaultSwitch
from store import Catalog, SnapshotRequested
from tests.harness import VirtualSession
from tests.reliability.invariants import assert_consistent

ZONE = "Europe/Berlin"
START = datetime(2026, 1, 20, 20, 0, tzinfo=UTC)  # 21:00 in Berlin
OPERATIONS = ("append_swipes", "insert_snapshot")


@dataclass(frozen=True)
class Outcome:
    calls: dict[str, int]
    rows: list[tuple[str, str, int, str]]
    created_at: dict[str, datetime]
    swipes_dispatched: int
    saw_failure: str | None
    """The last error the state reported while failing, if it ever failed."""

    def id_of(self, window_key: str) -> str:
        return next(row_id for row_id, key, _version, _payload in self.rows if key == window_key)


def run_scenario(db_path: Path, faults: FaultSwitch) -> Outcome:
    session = VirtualSession(db_path, start=START, zone=ZONE, faults=faults)
    errors: list[str] = []

    def watch() -> None:
        job = session.store.get_state().snapshots
        if job.failing and job.last_error:
            errors.append(job.last_error)

    def restart(advance: timedelta) -> None:
        session.restart(advance=advance)
        session.store.subscribe(watch)
        watch()  # the new session may have failed already, in its start-up catch-up

    session.store.subscribe(watch)
    dispatched = 0

    def swipe(count: int, every: float) -> None:
        nonlocal dispatched
        session.swipe(count, every=every)
        dispatched += count
        assert session.store.get_state().profile.sequence == dispatched

    swipe(30, every=0.1)  # one burst crossing 25: a batch and a threshold snapshot
    session.advance(1)
    swipe(3, every=2.0)  # three batches of one swipe
    session.store.dispatch(SnapshotRequested(at=session.now))  # a manual snapshot
    session.advance_to(datetime(2026, 1, 20, 22, 59, 50, tzinfo=UTC))
    swipe(25, every=1.0)  # crosses Berlin midnight: rollover before a swipe, threshold 50
    session.settle()
    session.advance_to(datetime(2026, 1, 21, 22, 59, 0, tzinfo=UTC))
    swipe(4, every=5.0)  # then the midnight timer writes the rollover of 21 January
    session.advance_to(datetime(2026, 1, 21, 23, 30, tzinfo=UTC))
    swipe(5, every=5.0)  # on 22 January; the session closes before midnight
    session.settle()
    restart(timedelta(days=2))  # the catch-up writes 22 January's rollover
    session.settle()
    swipe(20, every=0.1)  # 87: 75 reached in a burst still open at shutdown
    restart(timedelta(minutes=5))  # a later start takes a snapshot shutdown could not write
    swipe(5, every=0.1)  # 92: below the next threshold, still open at shutdown
    restart(timedelta(minutes=5))
    session.settle()
    session.close()
    rows = session.rows()
    return Outcome(
        calls=dict(faults.calls),
        rows=[
            (row.id, row.window_key, row.profile_version, row.payload.canonical_json())
            for row in sorted(rows, key=lambda row: row.id)
        ],
        created_at={row.id: row.created_at for row in rows},
        swipes_dispatched=dispatched,
        saw_failure=errors[-1] if errors else None,
    )


@pytest.fixture(scope="module")
def fault_free(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    return run_scenario(tmp_path_factory.mktemp("fault-free") / "db.sqlite3", FaultSwitch())


def test_the_fault_free_scenario_writes_every_kind_of_row(fault_free: Outcome) -> None:
    keys = [key for _id, key, _version, _payload in fault_free.rows]
    assert sorted(keys) == sorted(
        [
            "swipes:000025",
            "manual:000033",
            "day:2026-01-20",
            "swipes:000050",
            "day:2026-01-21",
            "day:2026-01-22",
            "swipes:000075",
        ]
    )
    assert fault_free.saw_failure is None
    assert fault_free.calls["append_swipes"] >= 8 and fault_free.calls["insert_snapshot"] == 7


@pytest.mark.parametrize("operation", OPERATIONS)
def test_an_io_error_on_the_nth_call_of_each_write_is_recovered_into_the_same_rows(
    operation: str, fault_free: Outcome, tmp_path: Path, catalog: Catalog
) -> None:
    for n in range(1, fault_free.calls[operation] + 1):
        faults = FaultSwitch()
        faults.fail_nth[operation] = n
        db_path = tmp_path / f"{operation}-{n}.sqlite3"
        outcome = run_scenario(db_path, faults)
        where = f"{operation} #{n}"
        assert faults.injected == 1, where
        assert outcome.saw_failure is not None and "disk I/O error" in outcome.saw_failure, where
        assert outcome.rows == fault_free.rows, where
        retaken = {
            row_id
            for row_id, created_at in outcome.created_at.items()
            if created_at != fault_free.created_at[row_id]
        }
        if operation == "insert_snapshot" and n == fault_free.calls[operation]:
            assert retaken == {fault_free.id_of("swipes:000075")}, where
        else:
            assert retaken == set(), where
        contents = assert_consistent(db_path, catalog, timezone=ZONE)
        assert contents.sequence == outcome.swipes_dispatched == fault_free.swipes_dispatched, where
