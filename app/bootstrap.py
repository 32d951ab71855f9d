"""The composition root: open the database, rehydrate the store, attach and start the job.

The one place where concrete objects are chosen and wired together; the GUI, the headless
commands and the end-to-end tests all start a session through `open_session`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from reactivex import abc

from app.writer_elsewhere import WriterElsewhere
from middleware.clock import Clock
from middleware.persistence import WriterLock
from middleware.persistence.backups_off_the_writer import BackupsOffTheWriter
from middleware.persistence.catch_up import read_open_days
from middleware.persistence.daily_backup import DailyBackups
from middleware.persistence.errors import (
    DatabaseInUseError,
    DiskFullError,
    NeverWrittenHereError,
    ReadOnlyDatabaseError,
    RepositoryError,
)
from middleware.persistence.file_checks import check_database_path
from middleware.persistence.file_identity import FileIdentity
from middleware.persistence.read_traces import take_away_traces
from middleware.persistence.rehydrate import rehydrate
from middleware.persistence.repository import AfterCommit, FaultInjector, SnapshotRepository
from middleware.persistence.session_mark import UncleanEnd
from middleware.persistence.settings_table import StoredSettings
from middleware.persistence.swipe_log_tail import recently_swiped_cards
from middleware.policy import DEFAULT_POLICY, SnapshotPolicy
from middleware.settings import settings_at_start
from middleware.snapshot_job import SnapshotJob
from middleware.streams.periodic_look import look_periodically
from middleware.swipe_journal import SwipeJournal
from store.actions import AppStarted
from store.catalog import Catalog, load_catalog
from store.middleware_api import Middleware
from store.profile_store import ProfileStore, create_profile_store
from store.snapshot_rows import SwipeRecord
from store.state import AppState

log = logging.getLogger("tastetrail.app")

WhenInUse = Literal["refuse", "read_only"]
"""What `open_session` does when another process writes the database: raise
`DatabaseInUseError`, or open it read-only and save nothing (the desktop app's choice)."""


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
    warnings: tuple[str, ...] = ()
    """What the window should say about the file although it is saved to (damaged rows)."""
    damaged_swipes: tuple[int, ...] = ()
    """The sequence numbers of the swipe rows start-up skipped as damaged."""
    writer_lock: WriterLock | None = None
    """This session's right to write the database (None when it never writes)."""
    file_checks: abc.DisposableBase | None = None
    """The periodic check that the path still names the file the writer has open."""
    unsaved_at_close: int = 0
    """Swipes of this session that `close` could not save (0 after a clean close)."""
    unclean_end: UncleanEnd | None = None
    """The session before this one did not close (killed, crashed): what the file kept."""
    backups: DailyBackups | None = None
    """The daily backups, taken again at a clean close (None: the session takes none)."""
    journal: SwipeJournal | None = None
    """This session's swipes the writer has not committed, to save elsewhere at close."""
    saved_elsewhere: Path | None = None
    """The new file the unsaved swipes were saved to with the history, if the person chose."""
    backup_thread: BackupsOffTheWriter | None = None
    """The thread that takes the daily backups off the writer's thread; `close` stops it."""
    last_swipe: SwipeRecord | None = None
    """The swipe log's last event if it is a swipe: an undo in this session may take it back."""
    recently_swiped: tuple[str, ...] = ()
    """The cards swiped last in the file, least recent first: the deck's cooldown at start."""
    writer_elsewhere: WriterElsewhere | None = None
    """The process that wrote the file when this session opened it read-only (None: this
    session writes it): it says, when asked, whether that process has gone since."""
    _closed: bool = field(default=False, repr=False)

    def close(self) -> bool:
        """Flush the pending burst and the writer, then let go of the writer lock; idempotent.

        False if the writer missed its deadline: it may still write, so the lock stays held
        until the process ends (the OS lets go of it then). Swipes it could not save are
        counted in `unsaved_at_close` and named in one warning line.
        """
        if self._closed:
            return True
        self._closed = True
        if self.file_checks is not None:
            self.file_checks.dispose()
        finished = self.job.close()
        if self.backup_thread is not None:
            self.backup_thread.close(self.job.policy.shutdown_deadline_seconds)
        self.unsaved_at_close = self.job.writer.unsaved_swipes
        if self.unsaved_at_close:
            log.warning(
                "%s",
                self._not_saved(finished),
                extra={"event": "swipes_not_saved", "unsaved": self.unsaved_at_close},
            )
        if self.writer_lock is not None:
            if finished:
                if self.backups is not None and self.degraded is None:
                    self.backups.at_close()  # before the lock goes: nobody writes meanwhile
                if self.degraded is None:
                    # The writer folded the -wal into the file; what the backups' readers
                    # left beside it (an empty -wal, the -shm) goes now, if no one else
                    # has the file open.
                    take_away_traces(self.db_path)
                self.writer_lock.release()
            else:
                log.warning(
                    "the snapshot writer missed its deadline; %s stays locked until this "
                    "process ends",
                    self.db_path,
                )
        return finished

    def _not_saved(self, finished: bool) -> str:
        count = self.unsaved_at_close
        what = f"{count} swipe{'' if count == 1 else 's'} of this session"
        if self.saved_elsewhere is not None:
            return (
                f"{what} were not saved to {str(self.db_path)!r}; they are saved with the "
                f"history in {str(self.saved_elsewhere)!r} (open it with --db)"
            )
        if not finished:
            return (
                f"{what} were not saved to {str(self.db_path)!r} yet: the writer committed "
                f"nothing for {self.job.policy.shutdown_deadline_seconds:g} s (the file is "
                "locked or the disk does not answer); they are lost unless it finishes first"
            )
        if self.writer_elsewhere is not None:  # what is true now, not at the start
            return f"{what} were not saved: {self.writer_elsewhere.at_close()}"
        if self.degraded is not None:
            return f"{what} were not saved: {self.degraded}"
        error = self.store.get_state().snapshots.last_error or "unknown error"
        return f"{what} were not saved to {str(self.db_path)!r}: the last write failed: {error}"


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
    when_in_use: WhenInUse = "refuse",
    daily_backups: bool = False,
    group_commit_seconds: float = 0.0,
) -> Session:
    """Open (or create) the database at ``db_path`` and start a session on it.

    The database's writer lock is taken first (see `WriterLock`), so that one process at a
    time writes it; another process holding it raises `DatabaseInUseError`, or with
    ``when_in_use="read_only"`` gives a degraded session that reads the file and saves
    nothing. The database is opened, validated and migrated here, on the caller's thread, so
    a bad file is refused before any window opens; then the state is rehydrated (latest
    snapshot plus the swipes after it) with the local days still open (how far the swipe
    log is now checked for them is recorded, so the next start reads less), and the writer
    thread reopens the file for itself. The job's start-up check then rolls over the open
    days that have ended, by the same rule as every live check. ``busy_timeout_ms`` and
    ``max_page_count`` (a size quota in pages) are passed to every `SnapshotRepository.open`.
    If anything fails here, the lock is released before the error is raised. With
    ``daily_backups`` the writer keeps one online backup per local day beside the file,
    the last seven (`DailyBackups`; the desktop app's choice). ``group_commit_seconds``
    groups the inline writer's commits (see `SnapshotJob`; the simulation's choice).
    """
    catalog = catalog or load_catalog()
    check_database_path(db_path)  # a bad path is refused before a lock file appears beside it
    writer_lock = WriterLock(db_path)
    job: SnapshotJob | None = None
    try:
        in_use, degraded, repository = _open_for_session(
            db_path, writer_lock, when_in_use, busy_timeout_ms, max_page_count
        )
        zone = clock.zone()
        now = clock.now()
        # The writer opens the file start-up read, or none: a path that names another file
        # by then (or nothing) is refused, never silently created afresh.
        file_identity: FileIdentity | None = None
        warnings: tuple[str, ...] = ()
        damaged_swipes: tuple[int, ...] = ()
        unclean_end: UncleanEnd | None = None
        last_swipe: SwipeRecord | None = None
        recently_swiped: tuple[str, ...] = ()
        writer_elsewhere: WriterElsewhere | None = None
        stored = StoredSettings()
        if repository is None:
            state = AppState(timezone=zone.key, started_at=now)
        else:
            file_identity = repository.file_identity
            try:
                days = read_open_days(repository, catalog)
                state = rehydrate(repository, catalog, timezone=zone.key, started_at=now, days=days)
                stored = repository.stored_settings(policy.settings)
                last = repository.last_swipe()
                if (
                    last is not None
                    and last.undoes is None
                    and last.sequence == state.profile.sequence
                ):
                    last_swipe = last
                recently_swiped = recently_swiped_cards(repository)
                if days.advanced and not repository.read_only:
                    _record_rollover_check(repository, days.checked_through)
                if not repository.read_only:
                    unclean_end = _mark_session_open(repository, now)
                damaged = repository.damaged_swipes
                if damaged:  # every read above skipped them; they are named once, here
                    damaged_swipes = damaged.sequences
                    warnings += (_capitalized(damaged.describe()) + ".",)
                    log.warning(
                        "%s",
                        damaged.describe(),
                        extra={
                            "event": "damaged_swipes_skipped",
                            "fields": {"count": len(damaged), "sequences": list(damaged_swipes)},
                        },
                    )
            finally:
                repository.close()
        if stored.damaged:
            said = stored.describe_damage()
            warnings += (_capitalized(said) + ".",)
            log.warning("%s", said, extra={"event": "damaged_settings_skipped"})
        # The person's stored settings, unless the caller gave its own (`settings_at_start`):
        # the job starts with them, and the state holds them from here on.
        settings = settings_at_start(policy, stored)
        policy = policy.with_settings(settings)
        state = state._replace(settings=settings)
        if unclean_end is not None:
            said = unclean_end.describe(zone)
            warnings = (_capitalized(said) + ".", *warnings)
            log.warning(
                "%s",
                said,
                extra={
                    "event": "unclean_end",
                    "fields": {"swipes_kept": unclean_end.swipes_kept},
                },
            )

        backups = DailyBackups(db_path, clock=clock) if daily_backups else None
        # With a writer thread the copy runs on a thread of its own, so that it never holds
        # back a swipe's commit; the inline writer (virtual time) takes it in line.
        backup_thread = (
            BackupsOffTheWriter(backups, db_path)
            if backups is not None and threaded_writer
            else None
        )
        after_commit: AfterCommit | None = None
        if backup_thread is not None:
            after_commit = backup_thread.after_commit
        elif backups is not None:
            after_commit = backups.after_commit

        def open_writer_repository() -> SnapshotRepository:
            if in_use is not None:
                # The other process writes this file: this session never does, even after
                # it has gone, since the swipes here were numbered from what it had then.
                # Not a failure to count or retry: the outcomes say nothing of it.
                raise NeverWrittenHereError(str(in_use), path=in_use.path, pid=in_use.pid)
            writer_lock.acquire()  # held already, unless the file was read-only at start
            return SnapshotRepository.open(
                db_path,
                busy_timeout_ms=busy_timeout_ms,
                fault_injector=fault_injector,
                max_page_count=max_page_count,
                expect_file=file_identity,
                after_commit=after_commit,
            )

        job = SnapshotJob(
            open_writer_repository,
            clock=clock,
            scheduler=scheduler,
            policy=policy,
            threaded_writer=threaded_writer,
            wake=wake,
            group_commit_seconds=group_commit_seconds,
        )
        writer = job.writer
        journal = SwipeJournal(lambda: writer.unsaved_swipes)
        job.keep_swipes_in(journal.record)
        store = create_profile_store(
            catalog=catalog,
            initial_state=state,
            middleware=[*extra_middleware, job.middleware],
        )
        job.start()
        store.dispatch(AppStarted(at=now, timezone=zone.key))  # and so the start-up check
        if in_use is None:
            file_checks = _check_the_file_periodically(
                job, scheduler, policy, hold=degraded is None
            )
        else:  # nothing here is ever written: watch for the other window to go instead
            elsewhere = writer_elsewhere = WriterElsewhere(db_path, in_use.pid)
            file_checks = look_periodically(
                policy.periodic_check_seconds, elsewhere.check, scheduler=scheduler
            )
    except BaseException:
        if job is None or job.close():  # a writer still running keeps the lock
            writer_lock.release()
        raise
    return Session(
        store=store,
        job=job,
        catalog=catalog,
        clock=clock,
        db_path=db_path,
        degraded=degraded,
        warnings=warnings,
        damaged_swipes=damaged_swipes,
        writer_lock=None if in_use is not None else writer_lock,
        file_checks=file_checks,
        unclean_end=unclean_end,
        backups=backups if in_use is None else None,
        journal=journal,
        backup_thread=backup_thread,
        last_swipe=last_swipe,
        recently_swiped=recently_swiped,
        writer_elsewhere=writer_elsewhere,
    )


def _check_the_file_periodically(
    job: SnapshotJob, scheduler: abc.SchedulerBase, policy: SnapshotPolicy, *, hold: bool
) -> abc.DisposableBase:
    """Have the writer check, at every periodic check, that the path still names its file.

    With ``hold`` the writer opens the file at once, so that it holds the file start-up
    read from the start (a deletion before the first write is noticed like any other).
    """
    if hold:
        job.writer.check_file(open_now=True)
    return look_periodically(
        policy.periodic_check_seconds, job.writer.check_file, scheduler=scheduler
    )


def _open_for_session(
    db_path: Path,
    writer_lock: WriterLock,
    when_in_use: WhenInUse,
    busy_timeout_ms: int,
    max_page_count: int | None,
) -> tuple[DatabaseInUseError | None, str | None, SnapshotRepository | None]:
    """Take the lock and open the database to start from: (in use by, degraded, repository).

    ``degraded`` says why nothing will be saved; the repository is None when there is
    nothing to read (no file yet, or an empty one).
    """
    try:
        writer_lock.acquire()
        repository = SnapshotRepository.open(
            db_path, busy_timeout_ms=busy_timeout_ms, max_page_count=max_page_count
        )
        return None, None, repository
    except DatabaseInUseError as error:
        if when_in_use == "refuse":
            raise
        in_use = f"the database {str(db_path)!r} is in use by " + (
            f"TasteTrail process {error.pid}" if error.pid else "another TasteTrail process"
        )
        advice = (
            "close that window first and start this one again, or choose another file with --db"
        )
        log.warning(
            "%s: this window opens it read-only and nothing you swipe in it is saved; %s",
            in_use,
            advice,
            extra={"event": "database_in_use", "fields": {"path": error.path, "pid": error.pid}},
        )
        return error, f"{in_use}: {advice}.", _open_read_only(db_path, busy_timeout_ms)
    except ReadOnlyDatabaseError as error:
        writer_lock.release()  # nothing is written now; the writer retakes it if it can write
        log.warning("database is read-only; snapshots will not be persisted: %s", error)
        # The writer keeps trying: once the file can be written, what was swiped is saved.
        degraded = f"{error} Once it can be written, what you swipe here is saved too."
        return None, degraded, _open_read_only(db_path, busy_timeout_ms)
    except DiskFullError as error:
        # As for a read-only file: start from what is stored, keep swipes in memory, and
        # let the writer retry; it opens the file once space has been freed.
        writer_lock.release()
        log.warning("the disk is full; swipes are kept until space is freed: %s", error)
        return None, str(error), _open_read_only(db_path, busy_timeout_ms)


def _open_read_only(db_path: Path, busy_timeout_ms: int) -> SnapshotRepository | None:
    # No file (or an empty one, which its writer has not set up yet): nothing to read, so
    # the session starts with an empty profile.
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    return SnapshotRepository.open(db_path, busy_timeout_ms=busy_timeout_ms, read_only=True)


def _mark_session_open(repository: SnapshotRepository, now: datetime) -> UncleanEnd | None:
    """Mark the file open by this session; how the last one ended, if it did not close.

    A failure here costs only the next start's report of an unclean end: it is logged."""
    try:
        return repository.mark_session_open(at=now)
    except RepositoryError as error:
        log.warning("the session could not be marked open in the file: %s", error)
        return None


def _record_rollover_check(repository: SnapshotRepository, through_sequence: int) -> None:
    """Let the next start skip the swipes checked now; a failure here only costs it time."""
    try:
        repository.record_rollovers_checked(through_sequence)
    except RepositoryError as error:
        log.warning("the rollover check was not recorded, the next start redoes it: %s", error)


def _capitalized(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def ensure_default_data_dir(db_path: Path) -> None:
    """Create the user data directory for the default database, private to the user."""
    db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(db_path.parent, 0o700)
