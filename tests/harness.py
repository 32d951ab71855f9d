"""A real session (store, RxPY job, SQLite file) on virtual time, for end-to-end tests.

Nothing is mocked: the session is built by the app's own `open_session`, the writer is the
real one (inline on the test's thread, or a real thread where a test says so), and time is a
`VirtualScheduler` that the test advances explicitly.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from app.bootstrap import Session, open_session
from app.faults import FaultSwitch
from app.simulation.virtual_scheduler import VirtualScheduler
from middleware.clock import SchedulerClock, ShiftedClock
from middleware.persistence.repository import SnapshotRepository
from middleware.policy import SnapshotPolicy
from store.actions import Direction, Swiped
from store.catalog import load_catalog
from store.snapshot_rows import SnapshotRow


class VirtualSession:
    """Drives one database through sessions (start, swipe, advance time, restart)."""

    def __init__(
        self,
        db_path: Path,
        *,
        start: datetime = datetime(2026, 1, 20, 9, 0, tzinfo=UTC),
        zone: str = "UTC",
        policy: SnapshotPolicy | None = None,
        faults: FaultSwitch | None = None,
    ) -> None:
        self.db_path = db_path
        self.policy = policy or SnapshotPolicy()
        self.faults = faults or FaultSwitch()
        self.catalog = load_catalog()
        self.scheduler = VirtualScheduler(start)
        self.clock = ShiftedClock(SchedulerClock(self.scheduler, ZoneInfo(zone)))
        self._cards = [card.id for card in self.catalog.cards]
        self._next_card = 0
        self.session: Session = self._open()

    def _open(self) -> Session:
        return open_session(
            self.db_path,
            clock=self.clock,
            scheduler=self.scheduler,
            policy=self.policy,
            threaded_writer=False,
            fault_injector=self.faults,
            catalog=self.catalog,
        )

    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.session.store

    @property
    def now(self) -> datetime:
        return self.clock.now()

    def swipe(
        self, count: int = 1, *, every: float = 0.1, direction: Direction = Direction.RIGHT
    ) -> None:
        """``count`` swipes, ``every`` seconds apart in virtual time."""
        for index in range(count):
            if index:
                self.advance(every)
            item_id = self._cards[self._next_card % len(self._cards)]
            self._next_card += 1
            self.store.dispatch(Swiped(item_id=item_id, direction=direction, at=self.now))

    def advance(self, seconds: float) -> None:
        self.scheduler.advance_by(seconds)

    def advance_to(self, instant: datetime) -> None:
        self.scheduler.advance_to(instant.timestamp())

    def settle(self, seconds: float = 120.0) -> None:
        """Let every batch close, every timer fire and due retry run."""
        self.advance(seconds)

    def restart(self, *, advance: timedelta = timedelta(0)) -> None:
        """Close the session cleanly, let time pass, and open a new one on the same file."""
        self.session.close()
        self.scheduler = VirtualScheduler(self.now + advance)
        zone = self.clock.zone()
        self.clock = ShiftedClock(SchedulerClock(self.scheduler, zone))
        self.session = self._open()

    def set_zone(self, zone: str) -> None:
        base = self.clock._base
        assert isinstance(base, SchedulerClock)
        base.set_zone(ZoneInfo(zone))

    def close(self) -> None:
        self.session.close()

    def rows(self) -> list[SnapshotRow]:
        with SnapshotRepository.open(self.db_path, read_only=True) as repository:
            return repository.list_snapshots()

    def swipes_in_db(self) -> int:
        with sqlite3.connect(self.db_path) as connection:
            (count,) = connection.execute("SELECT COUNT(*) FROM swipes").fetchone()
        return int(count)

    def keys(self) -> list[str]:
        return [row.window_key for row in self.rows()]
