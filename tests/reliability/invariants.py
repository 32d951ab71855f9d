"""What must hold of a database after any fault, checked against the file itself.

The invariants are the app's own, in `app.simulation.invariants`, which ``python -m app
simulate`` checks after every run: `assert_consistent` fails naming every one that broke.
`read_contents` gives a test the file's swipes and rows for its own assertions, read
through the app's read-only repository (the same open as ``python -m app snapshots``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from app.simulation.invariants import check_file, payload_of
from middleware.persistence.rehydrate import rehydrate
from middleware.persistence.repository import SnapshotRepository
from store import (
    AppStarted,
    AppState,
    Catalog,
    SnapshotRow,
    Swiped,
    SwipeRecord,
    TriggerType,
    create_profile_store,
)

__all__ = ["Contents", "assert_consistent", "integrity", "payload_of", "read_contents", "replay"]


def integrity(db_path: Path) -> str:
    """``PRAGMA integrity_check`` through a read-only open: ``"ok"`` when healthy."""
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        return repository.integrity_check()


@dataclass(frozen=True)
class Contents:
    """Everything the file holds, read through the app's read-only repository."""

    swipes: list[SwipeRecord]
    rows: list[SnapshotRow]
    skipped_rows: int
    rehydrated: AppState

    @property
    def sequence(self) -> int:
        return self.swipes[-1].sequence if self.swipes else 0

    def rollover_days(self) -> Counter[date]:
        return Counter(
            row.snapshot_date_local
            for row in self.rows
            if row.trigger_type is TriggerType.DAY_ROLLOVER
        )

    def active_days(self) -> set[date]:
        return {swipe.local_date for swipe in self.swipes}


def read_contents(db_path: Path, catalog: Catalog, *, timezone: str) -> Contents:
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        swipes = list(repository.swipes_after(0))
        rows = repository.list_snapshots()
        rehydrated = rehydrate(repository, catalog, timezone=timezone)
        skipped = repository.skipped_rows
    return Contents(swipes=swipes, rows=rows, skipped_rows=skipped, rehydrated=rehydrated)


def replay(swipes: list[SwipeRecord], catalog: Catalog, *, timezone: str) -> AppState:
    """The state a fresh store reaches by dispatching ``swipes`` again."""
    store = create_profile_store(catalog=catalog)
    started = swipes[0].at if swipes else datetime(2000, 1, 1, tzinfo=UTC)
    store.dispatch(AppStarted(at=started, timezone=timezone))
    for record in swipes:
        store.dispatch(Swiped(item_id=record.item_id, direction=record.direction, at=record.at))
    return store.get_state()


def assert_consistent(
    db_path: Path,
    catalog: Catalog,
    *,
    timezone: str,
    acknowledged_sequence: int = 0,
    acknowledged_rows: frozenset[str] = frozenset(),
    days_are_exact: bool = True,
    today: date | None = None,
) -> Contents:
    """Every invariant of `check_file`, or an AssertionError naming each one that broke."""
    check = check_file(
        db_path,
        catalog,
        timezone=timezone,
        acknowledged_sequence=acknowledged_sequence,
        acknowledged_rows=acknowledged_rows,
        days_are_exact=days_are_exact,
        today=today,
    )
    assert not check.violations, "; ".join(str(violation) for violation in check.violations)
    return read_contents(db_path, catalog, timezone=timezone)
