"""How often the swipe log commits, and how long a swipe waits to be in the file.

    python -m benchmarks.commit_rate

A real session (`open_session`, the store, the RxPY pipeline, the writer on its own thread)
on a new file, swiped at a person's pace (5/s), fast (100/s) and flat out. Its timers run
on a `VirtualScheduler` that the swiping loop keeps at the wall clock's time, so the
batches close as they would in the window. Every write transaction is counted (the
repository's fault seam is called once in each), and a reader thread polls the file's last
swipe number every millisecond: a swipe's wait is from its dispatch to the first poll that
finds it stored. Timings on a shared machine vary; the counts and their order of magnitude
are the point.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from app.bootstrap import open_session
from app.simulation.virtual_scheduler import VirtualScheduler
from middleware.clock import SchedulerClock
from store.actions import Direction, Swiped
from store.catalog import load_catalog

PACES = ((5.0, 40), (100.0, 400), (None, 20_000))
"""(swipes per second, or None for flat out; how many swipes)."""


class _Poller(threading.Thread):
    """Polls the file's last swipe number; the first time each number was seen stored."""

    def __init__(self, db_path: Path) -> None:
        super().__init__(daemon=True)
        self._db_path = db_path
        self.seen: dict[int, float] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        connection = sqlite3.connect(f"file:{self._db_path}?mode=ro", uri=True)
        last = 0
        while not self.stop.is_set():
            try:
                (stored,) = connection.execute(
                    "SELECT coalesce(max(sequence), 0) FROM swipes"
                ).fetchone()
            except sqlite3.Error:
                stored = last
            now = time.monotonic()
            for sequence in range(last + 1, int(stored) + 1):
                self.seen[sequence] = now
            last = max(last, int(stored))
            self.stop.wait(0.001)
        connection.close()


def measure(pace: float | None, swipes: int, folder: Path) -> str:
    db_path = folder / f"rate-{pace or 'flat'}.sqlite3"
    start = datetime.now(UTC)
    scheduler = VirtualScheduler(start)
    wall_start = time.monotonic()
    transactions = [0]

    def count(_operation: str) -> None:
        transactions[0] += 1

    session = open_session(
        db_path,
        clock=SchedulerClock(scheduler, ZoneInfo("UTC")),
        scheduler=scheduler,
        threaded_writer=True,
        fault_injector=count,
    )
    assert session.job.writer.wait_idle(timeout=30)
    poller = _Poller(db_path)
    poller.start()
    cards = [card.id for card in session.catalog.cards]
    dispatched: dict[int, float] = {}
    begun = time.monotonic()
    before = transactions[0]
    for index in range(swipes):
        if pace is not None:
            due = begun + index / pace
            while (left := due - time.monotonic()) > 0:
                scheduler.advance_to(start.timestamp() + time.monotonic() - wall_start)
                time.sleep(min(left, 0.005))
        scheduler.advance_to(start.timestamp() + time.monotonic() - wall_start)
        session.store.dispatch(
            Swiped(item_id=cards[index % len(cards)], direction=Direction.RIGHT, at=scheduler.now)
        )
        dispatched[index + 1] = time.monotonic()
    # Keep the timers running until the last swipe is in the file (or 10 s have passed).
    deadline = time.monotonic() + 10.0
    while swipes not in poller.seen and time.monotonic() < deadline:
        scheduler.advance_to(start.timestamp() + time.monotonic() - wall_start)
        time.sleep(0.002)
    elapsed = time.monotonic() - begun
    commits = transactions[0] - before
    poller.stop.set()
    poller.join()
    session.close()
    waits = [(poller.seen[n] - at) * 1000 for n, at in dispatched.items() if n in poller.seen]
    pace_name = "flat out" if pace is None else f"{pace:g}/s"
    return (
        f"{pace_name:>8}: {swipes} swipes in {elapsed:.2f} s, {commits} commits "
        f"({commits / elapsed:.1f}/s, {swipes / max(commits, 1):.1f} swipes each); "
        f"swipe to file: median {statistics.median(waits):.0f} ms, "
        f"max {max(waits):.0f} ms ({len(waits)} of {swipes} seen stored)"
    )


def main() -> None:
    load_catalog()
    with tempfile.TemporaryDirectory() as folder:
        for pace, swipes in PACES:
            print(measure(pace, swipes, Path(folder)), flush=True)


if __name__ == "__main__":
    main()
