"""The writer's own bookkeeping: commit requests, failures and recovery, stalls.

Real repositories on real files; faults go in through the repository's one seam (its
``fault_injector``, called inside each write transaction). Time that a stall is judged by is
an injected clock: nothing here waits for the wall clock to pass a deadline.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from app.faults import FaultSwitch
from middleware.persistence import write_applier, writer
from middleware.persistence.inline_writer import InlineWriter
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.write_commands import (
    NotWritten,
    SwipeCommit,
    Write,
    WriteOutcome,
    Writer,
    Written,
)
from middleware.persistence.writer import SnapshotWriter
from store.actions import Direction, TriggerType
from store.snapshot_rows import SwipeRecord
from tests.conftest import START
from tests.snapshot_rows_factory import new_row

SAFETY_SECONDS = 10.0
"""Only for a writer that never answers (a bug): no passing test waits this long."""


def swipe(sequence: int) -> SwipeRecord:
    at = START + timedelta(seconds=sequence)
    return SwipeRecord(sequence, "tiramisu", Direction.RIGHT, at, at.date())


def stored_swipes(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        (count,) = connection.execute("SELECT count(*) FROM swipes").fetchone()
    connection.close()
    return int(count)


class Gate:
    """A fault injector that holds the write transaction after each `arm` until `release`;
    while one is held, ``clock`` (if given) runs on at each reading, as time would."""

    def __init__(self, clock: FakeClock | None = None) -> None:
        self.clock = clock
        self.entered = threading.Event()
        self._next: threading.Event | None = None
        self._held: threading.Event | None = None

    def arm(self) -> None:
        self.entered.clear()
        self._next = threading.Event()

    def __call__(self, operation: str) -> None:
        hold, self._next = self._next, None
        if hold is None:
            return
        self._held = hold
        if self.clock is not None:
            self.clock.running = True
        self.entered.set()
        hold.wait(SAFETY_SECONDS)

    def release(self) -> None:
        if self.clock is not None:
            self.clock.running = False
        assert self._held is not None
        self._held.set()


class FakeClock:
    """A monotonic clock the test moves; with ``running`` it moves by itself at each read."""

    def __init__(self, tick: float = 0.5) -> None:
        self.now = 0.0
        self.tick = tick
        self.running = False
        self._read = threading.Condition()
        self._reads = 0

    def __call__(self) -> float:
        with self._read:
            if self.running:
                self.now += self.tick
            self._reads += 1
            self._read.notify_all()
            return self.now

    def pass_and_be_seen(self, seconds: float) -> None:
        """Let ``seconds`` pass, and return once someone has read the clock since."""
        with self._read:
            self.now += seconds
            reads = self._reads
            self._read.wait_for(lambda: self._reads > reads, SAFETY_SECONDS)


class Recorder:
    def __init__(self) -> None:
        self.outcomes: list[WriteOutcome] = []

    def __call__(self, outcome: WriteOutcome) -> None:
        self.outcomes.append(outcome)

    def commits(self) -> list[SwipeCommit]:
        return [o.swipes for o in self.outcomes if isinstance(o, Written) and o.swipes]

    def failures(self) -> list[NotWritten]:
        return [o for o in self.outcomes if isinstance(o, NotWritten)]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def closing() -> Iterator[list[Writer]]:
    writers: list[Writer] = []
    yield writers
    for each in writers:
        each.close(deadline_seconds=SAFETY_SECONDS)


def opener(path: Path, injector: Callable[[str], None]) -> Callable[[], SnapshotRepository]:
    return lambda: SnapshotRepository.open(path, fault_injector=injector)


def test_swipes_that_come_while_the_writer_commits_ride_in_one_more_commit(
    db_path: Path, recorder: Recorder, closing: list[Writer]
) -> None:
    gate = Gate()
    the_writer = SnapshotWriter(opener(db_path, gate), report=recorder)
    closing.append(the_writer)
    gate.arm()
    the_writer.append_swipe(swipe(1))
    assert gate.entered.wait(SAFETY_SECONDS)  # the writer is inside the first commit
    for sequence in range(2, 51):
        the_writer.append_swipe(swipe(sequence))
    # One commit request for the 49 swipes, not one each: the one being applied and it.
    assert the_writer.commands_waiting == 2
    gate.release()
    assert the_writer.wait_idle(SAFETY_SECONDS)

    assert recorder.commits() == [SwipeCommit(1, 1), SwipeCommit(50, 49)]
    the_writer.flush()  # served already: no transaction without a swipe in it
    assert the_writer.wait_idle(SAFETY_SECONDS)
    the_writer.append_swipe(swipe(51))  # an idle writer is woken again by the next swipe
    assert the_writer.wait_idle(SAFETY_SECONDS)
    assert recorder.commits() == [SwipeCommit(1, 1), SwipeCommit(50, 49), SwipeCommit(51, 1)]
    assert the_writer.unsaved_swipes == 0
    assert stored_swipes(db_path) == 51


def make_threaded(open_repository: Callable[[], SnapshotRepository], report: Recorder) -> Writer:
    return SnapshotWriter(open_repository, report=report)


def make_inline(open_repository: Callable[[], SnapshotRepository], report: Recorder) -> Writer:
    return InlineWriter(open_repository, report=report)


RUNNERS = pytest.mark.parametrize("make", [make_threaded, make_inline], ids=["thread", "inline"])


@RUNNERS
def test_after_a_failed_commit_and_then_a_good_one_each_swipe_is_committed_at_once_again(
    make: Callable[..., Writer], db_path: Path, recorder: Recorder, closing: list[Writer]
) -> None:
    faults = FaultSwitch()
    faults.failing = {"append_swipes"}
    the_writer = make(opener(db_path, faults), recorder)
    closing.append(the_writer)
    the_writer.append_swipe(swipe(1))
    assert the_writer.wait_idle(SAFETY_SECONDS)
    [failure] = recorder.failures()
    assert (failure.write.effect_id, failure.write.attempt) == ("commit-swipes:1", 1)

    the_writer.append_swipe(swipe(2))  # a failing writer is left to the retry: no new try
    assert the_writer.wait_idle(SAFETY_SECONDS)
    assert faults.calls["append_swipes"] == 1
    assert the_writer.unsaved_swipes == 2

    faults.failing = set()
    the_writer.write(Write.swipes(1, attempt=2))  # the retry, under the effect id that failed
    assert the_writer.wait_idle(SAFETY_SECONDS)
    assert recorder.commits() == [SwipeCommit(2, 2)]

    the_writer.append_swipe(swipe(3))  # healthy again: the swipe itself wakes the writer
    assert the_writer.wait_idle(SAFETY_SECONDS)
    assert recorder.commits() == [SwipeCommit(2, 2), SwipeCommit(3, 1)]
    assert the_writer.unsaved_swipes == 0
    assert stored_swipes(db_path) == 3


@RUNNERS
def test_after_a_failed_snapshot_and_then_a_good_one_swipes_are_committed_at_once_again(
    make: Callable[..., Writer], db_path: Path, recorder: Recorder, closing: list[Writer]
) -> None:
    faults = FaultSwitch()
    the_writer = make(opener(db_path, faults), recorder)
    closing.append(the_writer)
    the_writer.append_swipe(swipe(1))
    faults.failing = {"insert_snapshot"}
    row = new_row(1, START + timedelta(seconds=1), {"dessert": 1.0}, trigger=TriggerType.MANUAL)
    the_writer.write(Write.snapshot(row))
    assert the_writer.wait_idle(SAFETY_SECONDS)
    [failure] = recorder.failures()
    assert failure.write.effect_id == "insert-snapshot:manual:000001"

    faults.failing = set()
    the_writer.write(Write.snapshot(row, attempt=2))
    assert the_writer.wait_idle(SAFETY_SECONDS)
    [written] = [o for o in recorder.outcomes if isinstance(o, Written) and o.swipes is None]
    assert (written.write.effect_id, written.write.attempt, written.created) == (
        "insert-snapshot:manual:000001",
        2,
        True,
    )
    the_writer.append_swipe(swipe(2))
    assert the_writer.wait_idle(SAFETY_SECONDS)
    assert recorder.commits()[-1] == SwipeCommit(2, 1)
    assert stored_swipes(db_path) == 2


def test_a_long_backlog_is_a_long_commit_not_a_stall_and_closing_saves_all_of_it(
    db_path: Path, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write_applier, "MAX_SWIPES_PER_TRANSACTION", 10)
    clock = FakeClock()
    faults = FaultSwitch()
    faults.failing = {"append_swipes"}

    def failing_then_slow(operation: str) -> None:
        faults(operation)
        clock.pass_and_be_seen(0.8)  # each transaction takes most of the deadline

    the_writer = SnapshotWriter(
        opener(db_path, failing_then_slow), report=recorder, monotonic=clock
    )
    for sequence in range(1, 36):
        the_writer.append_swipe(swipe(sequence))
    assert the_writer.wait_idle(SAFETY_SECONDS)
    assert the_writer.unsaved_swipes == 35
    faults.failing = set()

    # Four transactions of 0.8 s each: 3.2 s in all, against a deadline of 1 s.
    assert the_writer.close(deadline_seconds=1.0) is True
    assert [commit.count for commit in recorder.commits()] == [10, 10, 10, 5]
    assert the_writer.unsaved_swipes == 0
    assert stored_swipes(db_path) == 35


def test_a_writer_that_commits_nothing_for_the_deadline_is_stalled_and_close_says_so(
    db_path: Path, recorder: Recorder
) -> None:
    clock = FakeClock(tick=10.0)
    gate = Gate(clock)
    the_writer = SnapshotWriter(opener(db_path, gate), report=recorder, monotonic=clock)
    gate.arm()
    the_writer.append_swipe(swipe(1))
    assert gate.entered.wait(SAFETY_SECONDS)
    the_writer.append_swipe(swipe(2))

    assert the_writer.close(deadline_seconds=30.0) is False
    assert the_writer.unsaved_swipes == 2
    gate.release()  # the hung disk answers at last: the writer thread ends
    assert the_writer.wait_idle(SAFETY_SECONDS)


def test_a_stalled_writer_is_waited_for_once_and_again_only_after_it_commits(
    db_path: Path,
    recorder: Recorder,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    closing: list[Writer],
) -> None:
    monkeypatch.setattr(writer, "BACKPRESSURE_SWIPES", 20)
    clock = FakeClock()
    gate = Gate(clock)
    the_writer = SnapshotWriter(opener(db_path, gate), report=recorder, monotonic=clock)
    closing.append(the_writer)

    def stalls() -> int:
        return sum(getattr(r, "event", None) == "writer_stalled" for r in caplog.records)

    with caplog.at_level(logging.WARNING, logger="tastetrail.snapshots"):
        gate.arm()
        the_writer.append_swipe(swipe(1))
        assert gate.entered.wait(SAFETY_SECONDS)
        for sequence in range(2, 61):  # far past the bound, twice over
            the_writer.append_swipe(swipe(sequence))
        assert stalls() == 1  # waited once, then swipes flowed without waiting

        gate.arm()  # the next commit hangs as well, after this one lands
        gate.release()
        assert gate.entered.wait(SAFETY_SECONDS)
        for sequence in range(61, 101):
            the_writer.append_swipe(swipe(sequence))
        assert stalls() == 2  # the commit in between made it worth waiting for again
        gate.release()
    assert the_writer.close(deadline_seconds=SAFETY_SECONDS)
    assert stored_swipes(db_path) == 100
