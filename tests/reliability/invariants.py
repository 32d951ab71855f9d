"""What must hold of a database after any fault, checked against the file itself.

Each check reads the real SQLite file, the way a user's next start would: the app's own
read-only repository (the same open as ``python -m app snapshots``), plus plain SQL where
the question is about the file rather than the app (``PRAGMA integrity_check``, duplicates).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

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
    build_current_profile_snapshot_input,
    create_profile_store,
)


def integrity(db_path: Path) -> str:
    """``PRAGMA integrity_check`` through a read-only connection: ``"ok"`` when healthy."""
    connection = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return "\n".join(str(row[0]) for row in connection.execute("PRAGMA integrity_check"))
    finally:
        connection.close()


def duplicate_windows(db_path: Path) -> list[tuple[str, str, int]]:
    """Windows (trigger type, window key) that have more than one row, whatever the version."""
    connection = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute(
            "SELECT trigger_type, window_key, count(*) FROM profile_snapshots "
            "GROUP BY trigger_type, window_key HAVING count(*) > 1"
        ).fetchall()
    finally:
        connection.close()


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


class Replay:
    """A fresh store dispatching the stored swipes again: ``states(log)[n]`` is its state
    after the first ``n`` swipes of ``log``.

    Stored swipes never change, so a loop that checks the same file after every kill keeps
    one `Replay` and extends it as the log grows (it starts over if the log ever differs),
    and rows already checked against it are not checked again.
    """

    def __init__(self, catalog: Catalog, *, timezone: str) -> None:
        self._catalog = catalog
        self._timezone = timezone
        self._log: list[SwipeRecord] = []
        self._store = create_profile_store(catalog=catalog)
        self._states: list[AppState] = []
        self.checked_rows: set[tuple[str, str]] = set()
        """(row id, payload) pairs already found to agree with the log."""

    def states(self, log: list[SwipeRecord]) -> list[AppState]:
        if not self._states or log[: len(self._log)] != self._log:
            self._store = create_profile_store(catalog=self._catalog)
            started = log[0].at if log else datetime(2000, 1, 1, tzinfo=UTC)
            self._store.dispatch(AppStarted(at=started, timezone=self._timezone))
            self._log, self._states = [], [self._store.get_state()]
            self.checked_rows.clear()
        for record in log[len(self._log) :]:
            self._store.dispatch(
                Swiped(item_id=record.item_id, direction=record.direction, at=record.at)
            )
            self._log.append(record)
            self._states.append(self._store.get_state())
        return self._states[: len(log) + 1]


def payload_of(state: AppState) -> str:
    return build_current_profile_snapshot_input(state).canonical_json()


def assert_consistent(
    db_path: Path,
    catalog: Catalog,
    *,
    timezone: str,
    acknowledged_sequence: int = 0,
    acknowledged_rows: frozenset[str] = frozenset(),
    days_are_exact: bool = True,
    replay: Replay | None = None,
) -> Contents:
    """Every guarantee a restart relies on, or an AssertionError saying which one broke.

    - the file passes ``PRAGMA integrity_check`` and no window has two rows;
    - the swipe log is 1..n without a gap, and holds every swipe acknowledged as committed;
    - every acknowledged snapshot row is there, every row is readable, and each row's
      payload is exactly the profile a replay of the first ``profile_version`` swipes gives;
    - with ``days_are_exact`` (one zone, a clock that only moves forward), each rollover
      row covers exactly the swipes dated up to its day;
    - rehydrating gives the state a replay of the whole log gives.
    """
    assert integrity(db_path) == "ok"
    assert duplicate_windows(db_path) == []
    contents = read_contents(db_path, catalog, timezone=timezone)
    sequences = [swipe.sequence for swipe in contents.swipes]
    assert sequences == list(range(1, len(sequences) + 1)), "the swipe log has a gap"
    assert contents.sequence >= acknowledged_sequence, (
        f"swipes up to {acknowledged_sequence} were acknowledged, "
        f"only {contents.sequence} are stored"
    )
    assert acknowledged_rows <= {row.id for row in contents.rows}, "an acknowledged row is gone"
    assert contents.skipped_rows == 0
    replay = replay or Replay(catalog, timezone=timezone)
    states = replay.states(contents.swipes)
    last_of_day: dict[date, int] = {}
    for swipe in contents.swipes:
        last_of_day[swipe.local_date] = swipe.sequence
    for row in contents.rows:
        assert row.profile_version <= contents.sequence, f"{row.window_key} covers lost swipes"
        payload = row.payload.canonical_json()
        if (row.id, payload) not in replay.checked_rows:
            expected = payload_of(states[row.profile_version])
            assert payload == expected, f"{row.window_key} disagrees with the log"
            replay.checked_rows.add((row.id, payload))
        if days_are_exact and row.trigger_type is TriggerType.DAY_ROLLOVER:
            day = row.snapshot_date_local
            assert row.profile_version == last_of_day.get(day), f"{row.window_key} is not the end"
    final = states[-1]
    assert contents.rehydrated.profile == final.profile
    assert contents.rehydrated.snapshots.persisted_sequence == contents.sequence
    return contents
