"""The composition root: open the database, rehydrate the store, attach and start the job.

The one place where concrete objects are chosen and wired together; the GUI, the headless
commands and the end-to-end tests all start a session through `open_session`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reactivex import abc

from middleware.clock import Clock
from middleware.persistence.catch_up import read_open_days
from middleware.persistence.errors import ReadOnlyDatabaseError, RepositoryError
from middleware.persistence.rehydrate import rehydrate
from middleware.persistence.repository import FaultInjector, SnapshotRepository
from middleware.policy import DEFAULT_POLICY, SnapshotPolicy
from middleware.snapshot_job import SnapshotJob
from store.actions import AppStarted
from store.catalog import Catalog, load_catalog
from store.middleware_api import Middleware
from store.profile_store import ProfileStore, create_profile_store
from store.state import AppState

log = logging.getLogger("tastetrail.app")


@dataclass
class Session:
    """A running store with its snapshot job, over one database file."""

    store: ProfileStore
    job: SnapshotJob
    catalog: Catalog
    clock: Clock
    db_path: Path
    degraded: str | None = None
    """Why snapshots cannot be persisted (a read-only database), or None when they can."""
    _closed: bool = field(default=False, repr=False)

    def close(self) -> bool:
        """Flush the pending burst and the writer; idempotent. False if it missed its deadline."""
        if self._closed:
            return True
        self._closed = True
        return self.job.close()


def open_session(
    db_path: Path,
    *,
    clock: Clock,
    scheduler: abc.SchedulerBase,
    policy: SnapshotPolicy = DEFAULT_POLICY,
    threaded_writer: bool = True,
    wake: Callable[[], None] | None = None,
    fault_injector: FaultInjector | None = None,
    catalog: Catalog | None = None,
    extra_middleware: Sequence[Middleware] = (),
    busy_timeout_ms: int = 5000,
    max_page_count: int | None = None,
) -> Session:
    """Open (or create) the database at ``db_path`` and start a session on it.

    The database is opened, validated and migrated here, on the caller's thread, so a bad
    file is refused before any window opens; then the state is rehydrated (latest snapshot
    plus the swipes after it) with the local days still open (how far the swipe log is now
    checked for them is recorded, so the next start reads less), and the writer thread
    reopens the file for itself. The job's start-up check then rolls over the open days that
    have ended, by the same rule as every live check. ``busy_timeout_ms`` and ``max_page_count``
    (a size quota in pages) are passed to every `SnapshotRepository.open`.
    """
    catalog = catalog or load_catalog()
    zone = clock.zone()
    now = clock.now()
    degraded: str | None = None
    repository: SnapshotRepository | None
    try:
        repository = SnapshotRepository.open(
            db_path, busy_timeout_ms=busy_timeout_ms, max_page_count=max_page_count
        )
    except ReadOnlyDatabaseError as error:
        degraded = str(error)
        log.warning("database is read-only; snapshots will not be persisted: %s", error)
        # No file (or an empty one) in a folder that cannot be written: nothing to read,
        # so the session starts with an empty profile.
        empty = not db_path.exists() or db_path.stat().st_size == 0
        repository = (
            None
            if empty
            else SnapshotRepository.open(db_path, busy_timeout_ms=busy_timeout_ms, read_only=True)
        )
    if repository is None:
        state = AppState(timezone=zone.key, started_at=now)
    else:
        try:
            days = read_open_days(repository, catalog)
            state = rehydrate(repository, catalog, timezone=zone.key, started_at=now, days=days)
            if days.advanced and not repository.read_only:
                _record_rollover_check(repository, days.checked_through)
        finally:
            repository.close()

    def open_writer_repository() -> SnapshotRepository:
        return SnapshotRepository.open(
            db_path,
            busy_timeout_ms=busy_timeout_ms,
            fault_injector=fault_injector,
            max_page_count=max_page_count,
        )

    job = SnapshotJob(
        open_writer_repository,
        clock=clock,
        scheduler=scheduler,
        policy=policy,
        threaded_writer=threaded_writer,
        wake=wake,
    )
    store = create_profile_store(
        catalog=catalog, initial_state=state, middleware=[*extra_middleware, job.middleware]
    )
    job.start()
    store.dispatch(AppStarted(at=now, timezone=zone.key))  # and so the start-up check
    return Session(
        store=store, job=job, catalog=catalog, clock=clock, db_path=db_path, degraded=degraded
    )


def _record_rollover_check(repository: SnapshotRepository, through_sequence: int) -> None:
    """Let the next start skip the swipes checked now; a failure here only costs it time."""
    try:
        repository.record_rollovers_checked(through_sequence)
    except RepositoryError as error:
        log.warning("the rollover check was not recorded, the next start redoes it: %s", error)


def ensure_default_data_dir(db_path: Path) -> None:
    """Create the user data directory for the default database, private to the user."""
    db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(db_path.parent, 0o700)
