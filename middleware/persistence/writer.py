"""The one writer: owns the SQLite repository, appends swipes and inserts snapshots in order.

The store's owner thread (the GUI thread) only puts commands on a queue, which is O(1) and
never waits for SQLite. The writer applies them in order on its own thread, so a snapshot is
committed in the same transaction as any swipes still waiting before it: a snapshot row
never covers a swipe that is not in the ``swipes`` table.

Swipes are the person's own data and are not coalesced: a swipe that finds the writer idle
wakes it, and the writer commits every swipe queued by then in one transaction (a group
commit: one transaction per drain of the queue). So a swipe is in the file within a
commit's time of being dispatched, a few milliseconds, at a person's pace (one commit a
swipe) and flat out alike (one commit for all that arrived during the previous one). Only
snapshot rows are coalesced, by the pipeline.

The backlog is bounded in count, whatever the owner thread's timers do: no transaction holds
more than `MAX_SWIPES_PER_TRANSACTION`, and a dispatching thread that gets
`BACKPRESSURE_SWIPES` ahead of a healthy writer waits for it (never while writes fail).
`close` waits as long as the writer keeps committing, so a clean close saves every queued
swipe; what it could not save is `unsaved_swipes`.

A failed write loses nothing: its swipes stay queued for the next attempt and the outcome is
reported; the snapshot job decides when to retry (no swipe wakes a failing writer). Outcomes
go back through ``report``, which the job points at the store's `ActionInbox`, so they reach
the state on the owner thread.

Both sides of the crossing between threads (the owner's enqueue and backpressure, the
writer's commits) stay in this one file, so the thread rules are read in one place.

``threaded=False`` runs each command on the caller's thread instead: the simulator and some
tests use it to stay in virtual time. Its wake-up is ``defer`` (the job schedules the drain
on its scheduler at once, as the writer thread would run it), and it commits by itself once
`COMMIT_EVERY_SWIPES` wait, should no timer run. The repository, the order and the outcomes
are the same.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from middleware.persistence.errors import DatabaseReplacedError, RepositoryError
from middleware.persistence.new_file import write_history_to_new_file
from middleware.persistence.repository import SnapshotRepository
from store.snapshot_rows import NewSnapshot, SwipeRecord

log = logging.getLogger("tastetrail.snapshots")

COMMIT_EVERY_SWIPES = 500
"""The inline writer (``threaded=False``) commits at once, on the caller's thread, once this
many swipes are queued: its deferred drain needs the scheduler to run, and a thread that
only dispatches runs no timer. The threaded writer is woken by the first swipe it finds
waiting and never lets this many gather."""

MAX_SWIPES_PER_TRANSACTION = 5_000
"""A long backlog (left by failing writes) commits in transactions of at most this many rows
(about 50 ms each), so `close` sees progress and a stall is told apart from a long commit."""

BACKPRESSURE_SWIPES = 10_000
"""A dispatching thread this far ahead of a healthy writer waits for it to catch up: memory
stays bounded when swipes come faster than SQLite stores them (about 10 µs a row against
about 25 µs a dispatch, but a second thread of Python shares one interpreter lock)."""

BACKPRESSURE_MAX_WAIT_SECONDS = 1.0
"""The longest a dispatching thread waits for the writer: a writer that commits nothing in
this time is stalled (a lock held elsewhere, a hung disk), and swipes flow again without
waiting until it commits; at a person's pace nothing waits at all."""


@dataclass(frozen=True, slots=True)
class SwipesFlushed:
    """Swipes up to ``sequence`` are committed (``count`` of them in this flush)."""

    sequence: int
    count: int


@dataclass(frozen=True, slots=True)
class SwipeFlushFailed:
    """Committing ``count`` queued swipes failed; they stay queued.

    ``attempt`` counts the failed flushes in a row (1 for the first), for the backoff.
    """

    count: int
    error: RepositoryError
    attempt: int = 1


@dataclass(frozen=True, slots=True)
class SnapshotWritten:
    """``snapshot`` is in the table: ``created`` is False when it was there already."""

    snapshot: NewSnapshot
    created: bool
    attempt: int
    latency_seconds: float


@dataclass(frozen=True, slots=True)
class SnapshotWriteFailed:
    """Writing ``snapshot`` failed on attempt ``attempt``."""

    snapshot: NewSnapshot
    attempt: int
    error: RepositoryError


WriteOutcome = SwipesFlushed | SwipeFlushFailed | SnapshotWritten | SnapshotWriteFailed


@dataclass(frozen=True, slots=True)
class _Flush:
    pass


@dataclass(frozen=True, slots=True)
class _Insert:
    snapshot: NewSnapshot
    attempt: int


@dataclass(frozen=True, slots=True)
class _CheckFile:
    open_now: bool


@dataclass(frozen=True, slots=True)
class _NewFile:
    at: datetime


@dataclass(slots=True)
class _Stop:
    closed_at: datetime | None = None
    done: threading.Event = field(default_factory=threading.Event)


_Command = _Flush | _Insert | _CheckFile | _NewFile | _Stop


class SnapshotWriter:
    """Applies swipe appends and snapshot inserts, in order, on one thread."""

    def __init__(
        self,
        open_repository: Callable[[], SnapshotRepository],
        *,
        report: Callable[[WriteOutcome], None],
        threaded: bool = True,
        defer: Callable[[Callable[[], None]], None] | None = None,
        thread_name: str = "snapshot-writer",
    ) -> None:
        """``defer`` (inline writer only) runs a callable soon, on the caller's thread: how a
        swipe wakes the inline writer. Without it the inline writer commits every swipe at
        once, inside `append_swipe`."""
        self._open_repository = open_repository
        self._defer = defer
        self._report = report
        self._threaded = threaded
        self._repository: SnapshotRepository | None = None
        # Swipes cross threads through a deque (append and popleft are atomic), not as
        # commands: a swipe then costs the owner thread one append and wakes nobody.
        self._incoming: deque[SwipeRecord] = deque()
        self._queued_swipes: list[SwipeRecord] = []
        self._flush_failures = 0
        self._commands: queue.SimpleQueue[_Command] = queue.SimpleQueue()
        self._idle = threading.Condition()  # also signalled after every commit
        self._unfinished = 0
        # Each counter has one writing thread: accepted the owner's, committed the writer's.
        self._accepted = 0
        self._committed = 0
        self._commit_requested = False  # a wake-up flush is queued, not yet taken
        self._failing = False  # the last write failed: the job's retries decide when to write
        self._stalled = False  # a wait for the writer timed out; cleared by its next commit
        self._closed = False
        self._file_gone = False
        self._thread: threading.Thread | None = None
        if threaded:
            self._thread = threading.Thread(target=self._run, name=thread_name, daemon=True)
            self._thread.start()

    # --- the owner thread's side: enqueue only -------------------------------------------

    def append_swipe(self, swipe: SwipeRecord) -> None:
        """Queue one swipe and wake the writer to commit it (O(1), never waits for I/O; it
        waits for the writer's thread only far beyond the bound, see `BACKPRESSURE_SWIPES`)."""
        if self._closed:
            self._refuse()
        incoming = self._incoming
        incoming.append(swipe)
        self._accepted += 1
        if not self._failing:
            if not self._commit_requested:
                # The first swipe since the writer last took the queue wakes it; the ones
                # after it ride along in the same commit (cleared when the writer takes).
                self._commit_requested = True
                self._wake_the_writer()
            elif not self._threaded and len(incoming) >= COMMIT_EVERY_SWIPES:
                self._enqueue(_Flush())
        if self._accepted - self._committed >= BACKPRESSURE_SWIPES and self._threaded:
            self._wait_for_the_writer()

    def _wake_the_writer(self) -> None:
        if self._threaded or self._defer is None:
            self._enqueue(_Flush())
        else:
            self._defer(self._deferred_flush)

    def _deferred_flush(self) -> None:
        """The inline writer's wake-up: commit what is queued, unless closed meanwhile
        (`close` committed it then)."""
        if not self._closed:
            self._enqueue(_Flush())

    @property
    def commit_requested(self) -> bool:
        """Whether a commit of the queued swipes is on its way (woken, not yet taken): a
        flush asked for now would find them committed already, or ride along."""
        return self._commit_requested and not self._failing

    @property
    def unsaved_swipes(self) -> int:
        """Swipes accepted by `append_swipe` and not committed (yet, or ever after `close`)."""
        return self._accepted - self._committed

    def _wait_for_the_writer(self) -> None:
        # Waits on the writer's commit signal, never on SQLite: a failing writer is not
        # waited for at all, and a stalled one once, for at most the maximum wait.
        if self._failing or self._stalled:
            return
        target = BACKPRESSURE_SWIPES // 2
        with self._idle:
            caught_up = self._idle.wait_for(
                lambda: self._accepted - self._committed <= target or self._failing,
                BACKPRESSURE_MAX_WAIT_SECONDS,
            )
        if not caught_up:
            self._stalled = True
            log.warning(
                "the snapshot writer committed nothing for %.1f s with %d swipes queued; "
                "swipes go on without waiting for it",
                BACKPRESSURE_MAX_WAIT_SECONDS,
                self.unsaved_swipes,
                extra={"event": "writer_stalled", "unsaved": self.unsaved_swipes},
            )

    def flush(self) -> None:
        """Commit every queued swipe."""
        self._submit(_Flush())

    def insert_snapshot(self, snapshot: NewSnapshot, *, attempt: int = 1) -> None:
        """Commit queued swipes and then ``snapshot``, in one transaction."""
        self._submit(_Insert(snapshot, attempt))

    def check_file(self, *, open_now: bool = False) -> None:
        """Check that the database's path still names the file the writer has open.

        A file deleted or replaced is reported once, as a failed write (the swipes queued
        stay queued), and `file_gone` turns True. ``open_now`` opens the repository first if
        it is not open yet, so the writer holds the file from the start of a session.
        Nothing to do once the writer is closed.
        """
        if not self._closed:
            self._enqueue(_CheckFile(open_now))

    def write_history_to_new_file(self, *, at: datetime) -> None:
        """After the file was deleted or replaced: write everything committed so far to a
        new file at the same path (see `new_file`), then commit the queued swipes there.
        ``at`` (aware UTC) names a file moved aside."""
        self._submit(_NewFile(at))

    @property
    def file_gone(self) -> bool:
        """Whether the last write or check found the path naming another file, or none."""
        return self._file_gone

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every queued command has been applied; False on timeout.

        For tests and shutdown: it waits on a condition the writer signals, not on a clock.
        """
        with self._idle:
            return self._idle.wait_for(lambda: self._unfinished == 0, timeout)

    def close(self, *, deadline_seconds: float = 5.0, closed_at: datetime | None = None) -> bool:
        """Flush what is queued, stop the thread and close the repository. Idempotent.

        With ``closed_at`` (aware UTC) the file is marked closed cleanly as the last write
        (see `session_mark`), so that the next start does not report an unclean end.

        The deadline is for a stalled writer, not a busy one: it starts again after every
        commit. Returns False if the writer committed nothing for ``deadline_seconds`` and
        did not finish (the thread is a daemon, so the process can still exit; uncommitted
        swipes are then lost). Swipes that a failing write left unsaved: `unsaved_swipes`.
        """
        if self._closed:
            return True
        self._closed = True
        stop = _Stop(closed_at)
        self._enqueue(_Flush())
        self._enqueue(stop)
        if self._thread is None:
            return True
        with self._idle:
            while not stop.done.is_set():
                moved = self._moved_since(stop, self._committed)
                if not self._idle.wait_for(moved, deadline_seconds):
                    return False
        self._thread.join(deadline_seconds)
        return True

    def _moved_since(self, stop: _Stop, committed: int) -> Callable[[], bool]:
        """Whether the writer has stopped, or committed something since ``committed``."""
        return lambda: stop.done.is_set() or self._committed != committed

    @property
    def closed(self) -> bool:
        return self._closed

    def _submit(self, command: _Command) -> None:
        if self._closed:
            self._refuse()
        self._enqueue(command)

    def _refuse(self) -> None:
        raise RepositoryError(
            "The snapshot writer is closed; nothing more can be written. Start a new "
            "snapshot job to write again."
        )

    def _enqueue(self, command: _Command) -> None:
        with self._idle:
            self._unfinished += 1
        if self._threaded:
            self._commands.put(command)
        else:
            self._apply(command)

    # --- the writer thread's side ---------------------------------------------------------

    def _run(self) -> None:
        while True:
            command = self._commands.get()
            self._apply(command)
            if isinstance(command, _Stop):
                return

    def _apply(self, command: _Command) -> None:
        try:
            self._take_incoming()
            if isinstance(command, _Flush):
                self._flush()
            elif isinstance(command, _Insert):
                self._insert(command)
            elif isinstance(command, _CheckFile):
                self._check_file(command)
            elif isinstance(command, _NewFile):
                self._new_file(command)
            else:
                self._stop(command)
        except Exception:  # the writer must outlive any single bad command
            log.exception("snapshot writer: unexpected error applying %r", command)
        finally:
            with self._idle:
                self._unfinished -= 1
                if self._unfinished == 0:
                    self._idle.notify_all()

    def _take_incoming(self) -> None:
        self._commit_requested = False  # before taking: a swipe after this asks again
        incoming = self._incoming
        queued = self._queued_swipes
        while incoming:
            queued.append(incoming.popleft())

    def _committed_swipes(self, swipes: list[SwipeRecord]) -> None:
        """Count ``swipes`` as committed, report them, and wake whoever waits for it."""
        with self._idle:
            self._committed += len(swipes)
            self._failing = self._stalled = False
            self._idle.notify_all()
        self._flush_failures = 0
        self._report(SwipesFlushed(sequence=swipes[-1].sequence, count=len(swipes)))

    def _write_failed(self) -> None:
        """No size-triggered commits, and nobody waits for this writer, until a write works."""
        with self._idle:
            self._failing = True
            self._idle.notify_all()

    def _commit_leading_chunks(self, keep: int) -> None:
        """Commit queued swipes a transaction at a time until at most ``keep`` remain."""
        repository = self._repository_or_raise()
        while len(self._queued_swipes) > keep:
            chunk = self._queued_swipes[:MAX_SWIPES_PER_TRANSACTION]
            repository.append_swipes(chunk)
            del self._queued_swipes[: len(chunk)]
            self._committed_swipes(chunk)

    def _repository_or_raise(self) -> SnapshotRepository:
        if self._repository is None:
            self._repository = self._open_repository()
        return self._repository

    def _flush(self) -> None:
        if not self._queued_swipes:
            return
        try:
            self._commit_leading_chunks(keep=0)
        except Exception as error:  # any failure is reported and retried, never raised
            self._swipe_flush_failed(len(self._queued_swipes), error)
            return
        self._file_gone = False

    def _insert(self, command: _Insert) -> None:
        started = time.perf_counter()
        try:
            # The snapshot commits with the last chunk of the swipes before it.
            self._commit_leading_chunks(keep=MAX_SWIPES_PER_TRANSACTION)
            swipes = self._queued_swipes
            result = self._repository_or_raise().insert_snapshot(command.snapshot, swipes=swipes)
        except Exception as error:  # any failure is reported and retried, never raised
            self._report(
                SnapshotWriteFailed(command.snapshot, command.attempt, self._failure(error))
            )
            return
        self._file_gone = False
        self._queued_swipes = []
        self._flush_failures = 0
        if swipes:
            self._committed_swipes(swipes)
        else:
            with self._idle:
                self._failing = self._stalled = False
        self._report(
            SnapshotWritten(
                command.snapshot, result.created, command.attempt, time.perf_counter() - started
            )
        )

    def _check_file(self, command: _CheckFile) -> None:
        try:
            if command.open_now:
                self._repository_or_raise()
            if self._repository is None or self._file_gone:
                return  # nothing open to check, or reported already
            self._repository.verify_file("the periodic check")
        except Exception as error:  # reported like a failed flush: the swipes stay queued
            self._swipe_flush_failed(len(self._queued_swipes), error)

    def _new_file(self, command: _NewFile) -> None:
        try:
            repository = self._repository_or_raise()
            if not self._file_gone:
                repository.verify_file("writing a new file")  # raises if it is gone after all
                log.info("the database is still the file this writer has open: nothing to do")
                return
            self._repository = write_history_to_new_file(repository, now=command.at).repository
        except Exception as error:
            if self._repository is not None and self._repository.closed:
                self._repository = None  # the next open refuses a file it did not read
            self._swipe_flush_failed(len(self._queued_swipes), error)
            return
        self._file_gone = False
        if self._queued_swipes:
            self._flush()
        else:  # nothing to commit: say the new file holds everything, which clears the failure
            self._flush_failures = 0
            self._report(SwipesFlushed(sequence=self._repository.max_swipe_sequence(), count=0))

    def _swipe_flush_failed(self, count: int, error: Exception) -> None:
        """Report that the ``count`` queued swipes are not committed (a failed check too)."""
        self._flush_failures += 1
        self._report(SwipeFlushFailed(count, self._failure(error), self._flush_failures))

    def _failure(self, error: Exception) -> RepositoryError:
        """``error`` as a `RepositoryError`, noting a file that is gone, and that writes fail."""
        self._write_failed()
        if isinstance(error, DatabaseReplacedError):
            self._file_gone = True
        return _as_repository_error(error)

    def _stop(self, command: _Stop) -> None:
        if self._repository is not None:
            try:
                if command.closed_at is not None and not self._file_gone:
                    self._mark_closed(self._repository, command.closed_at)
                self._repository.close()
            finally:
                self._repository = None
        command.done.set()

    @staticmethod
    def _mark_closed(repository: SnapshotRepository, at: datetime) -> None:
        try:
            repository.mark_session_closed(at=at)
        except Exception as error:  # the next start then reports an unclean end: truthful
            log.warning("the clean close could not be marked in the file: %s", error)


def _as_repository_error(error: Exception) -> RepositoryError:
    if isinstance(error, RepositoryError):
        return error
    wrapped = RepositoryError(f"unexpected {type(error).__name__} while writing: {error}")
    wrapped.__cause__ = error
    return wrapped
