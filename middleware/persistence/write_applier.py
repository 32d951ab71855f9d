"""`WriteApplier`: applies the writer's commands to the repository, one at a time, in order.

It is the writer's working half, the same for both runners: the threaded `SnapshotWriter`
calls it on its own thread, the `InlineWriter` on the caller's. It owns the repository and
the swipes taken from the owner's queue; what it learns goes out twice: each outcome
(`Written`, `NotWritten`, keyed by the `Write` it answers) through ``report``, and the
bookkeeping the owner's side needs (swipes committed, writes failing, writes working again)
through a `Ledger`.

A failed write loses nothing: its swipes stay queued for the next attempt. A snapshot
commits in one transaction with the last chunk of the swipes queued before it, so a row
never covers a swipe the ``swipes`` table does not hold. A long backlog commits in
transactions of at most `MAX_SWIPES_PER_TRANSACTION` rows, so a long commit shows progress
and is told apart from a stall (`ProgressWatch`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, assert_never

from middleware.persistence.errors import DatabaseReplacedError, RepositoryError
from middleware.persistence.new_file import write_history_to_new_file
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.write_commands import (
    CommitSwipes,
    InsertSnapshot,
    NotWritten,
    SaveSettings,
    SwipeCommit,
    Write,
    WriteOutcome,
    Written,
)
from store.snapshot_rows import SwipeRecord

log = logging.getLogger("tastetrail.snapshots")

MAX_SWIPES_PER_TRANSACTION = 5_000
"""A long backlog (left by failing writes) commits in transactions of at most this many rows
(about 50 ms each), so `close` sees progress and a stall is told apart from a long commit."""


@dataclass(frozen=True, slots=True)
class CommitRequest:
    """The wake-up a swipe sends an idle writer: commit whatever is queued by then."""


COMMIT_REQUEST = CommitRequest()


@dataclass(frozen=True, slots=True)
class CheckFile:
    """Check the path still names the open file; ``open_now`` opens it first if need be."""

    open_now: bool


@dataclass(frozen=True, slots=True)
class NewFile:
    """Write the history to a new file at the path (the old one is gone); ``at`` names it."""

    at: datetime


@dataclass(slots=True)
class Stop:
    """The last command: mark a clean close at ``closed_at`` (if given), close the file."""

    closed_at: datetime | None = None
    done: threading.Event = field(default_factory=threading.Event)


Command = Write | CommitRequest | CheckFile | NewFile | Stop


class Ledger(Protocol):
    """The owner's side of the bookkeeping, told by the applier as writes land or fail."""

    def committed(self, swipes: int) -> None:
        """``swipes`` more swipes are committed (and writes work)."""

    def healthy(self) -> None:
        """A write worked (one that committed no swipe)."""

    def failing(self) -> None:
        """A write failed: the owner stops waking the writer until one works."""


class WriteApplier:
    """The repository and the queued swipes, changed only by `apply`."""

    def __init__(
        self,
        open_repository: Callable[[], SnapshotRepository],
        *,
        report: Callable[[WriteOutcome], None],
        ledger: Ledger,
    ) -> None:
        self._open_repository = open_repository
        self._report = report
        self._ledger = ledger
        self._repository: SnapshotRepository | None = None
        self._queued: list[SwipeRecord] = []
        self._through = 0  # the sequence of the last swipe taken from the owner's queue
        self._flush_failures = 0  # failed swipe commits in a row: their attempt number
        self.file_gone = False

    def take(self, incoming: deque[SwipeRecord]) -> None:
        """Move the owner's queued swipes to the applier's own list."""
        queued = self._queued
        while incoming:
            queued.append(incoming.popleft())
        if queued:
            self._through = queued[-1].sequence

    def apply(self, command: Command) -> None:
        """Apply ``command``; an unexpected error is logged, never raised."""
        try:
            match command:
                case Write():
                    self._write(command)
                case CommitRequest():
                    self._commit_swipes(Write.swipes(self._through))
                case CheckFile():
                    self._check_file(command)
                case NewFile():
                    self._new_file(command)
                case Stop():
                    self._stop(command)
                case _:
                    assert_never(command)
        except Exception:  # the writer must outlive any single bad command
            log.exception("snapshot writer: unexpected error applying %r", command)

    def _write(self, write: Write) -> None:
        match write.payload:
            case CommitSwipes():
                self._commit_swipes(write)
            case InsertSnapshot():
                self._insert(write, write.payload)
            case SaveSettings():
                self._save_settings(write, write.payload)
            case _:
                assert_never(write.payload)

    def _repository_or_raise(self) -> SnapshotRepository:
        if self._repository is None:
            self._repository = self._open_repository()
        return self._repository

    def _commit_leading_chunks(self, keep: int) -> None:
        """Commit queued swipes a transaction at a time until at most ``keep`` remain."""
        repository = self._repository_or_raise()
        while len(self._queued) > keep:
            chunk = self._queued[:MAX_SWIPES_PER_TRANSACTION]
            repository.append_swipes(chunk)
            del self._queued[: len(chunk)]
            self._swipes_written(Write.swipes(chunk[-1].sequence), chunk)

    def _swipes_written(self, write: Write, swipes: list[SwipeRecord]) -> None:
        self._flush_failures = 0
        self._ledger.committed(len(swipes))
        self._report(Written(write, SwipeCommit(swipes[-1].sequence, len(swipes))))

    def _commit_swipes(self, write: Write) -> None:
        """Commit every queued swipe; nothing queued (served already): nothing to do."""
        if not self._queued:
            return
        try:
            self._commit_leading_chunks(keep=0)
        except Exception as error:  # any failure is reported and retried, never raised
            self._swipes_not_written(error)
            return
        self.file_gone = False

    def _insert(self, write: Write, payload: InsertSnapshot) -> None:
        started = time.perf_counter()
        try:
            # The snapshot commits with the last chunk of the swipes before it.
            self._commit_leading_chunks(keep=MAX_SWIPES_PER_TRANSACTION)
            swipes = self._queued
            result = self._repository_or_raise().insert_snapshot(payload.snapshot, swipes=swipes)
        except Exception as error:  # any failure is reported and retried, never raised
            self._report(NotWritten(write, self._failure(error), len(self._queued)))
            return
        self.file_gone = False
        self._queued = []
        self._flush_failures = 0
        committed = None
        if swipes:
            self._ledger.committed(len(swipes))
            committed = SwipeCommit(swipes[-1].sequence, len(swipes))
        else:
            self._ledger.healthy()
        latency = time.perf_counter() - started
        self._report(Written(write, committed, result.created, latency))

    def _save_settings(self, write: Write, payload: SaveSettings) -> None:
        """The settings, in one transaction with the swipes queued before them. A failure
        is reported, not retried by the pipeline (the window says so; saving again is the
        person's choice); swipes that failed with them are reported as a failed commit
        too, and retried as always."""
        try:
            self._commit_leading_chunks(keep=MAX_SWIPES_PER_TRANSACTION)
            swipes = self._queued
            repository = self._repository_or_raise()
            repository.save_settings(payload.settings, at=payload.at, swipes=swipes)
        except Exception as error:
            queued = len(self._queued)
            if queued:
                self._swipes_not_written(error)
            elif isinstance(error, DatabaseReplacedError):
                self.file_gone = True
            self._report(NotWritten(write, _as_repository_error(error), queued))
            return
        self.file_gone = False
        self._queued = []
        committed = None
        if swipes:
            self._flush_failures = 0
            self._ledger.committed(len(swipes))
            committed = SwipeCommit(swipes[-1].sequence, len(swipes))
        self._report(Written(write, committed))

    def _check_file(self, command: CheckFile) -> None:
        try:
            if command.open_now:
                self._repository_or_raise()
            if self._repository is None or self.file_gone:
                return  # nothing open to check, or reported already
            self._repository.verify_file("the periodic check")
        except Exception as error:  # reported like a failed commit: the swipes stay queued
            self._swipes_not_written(error)

    def _new_file(self, command: NewFile) -> None:
        try:
            repository = self._repository_or_raise()
            if not self.file_gone:
                repository.verify_file("writing a new file")  # raises if it is gone after all
                log.info("the database is still the file this writer has open: nothing to do")
                return
            self._repository = write_history_to_new_file(repository, now=command.at).repository
        except Exception as error:
            if self._repository is not None and self._repository.closed:
                self._repository = None  # the next open refuses a file it did not read
            self._swipes_not_written(error)
            return
        self.file_gone = False
        if self._queued:
            self._commit_swipes(Write.swipes(self._through))
        else:  # nothing to commit: say the new file holds everything, which clears the failure
            self._flush_failures = 0
            through = self._repository.max_swipe_sequence()
            self._ledger.healthy()
            self._report(Written(Write.swipes(through), SwipeCommit(through, 0)))

    def _swipes_not_written(self, error: Exception) -> None:
        """Report that the queued swipes are not committed (a failed check too), under the
        effect id of the commit they wait for, its attempt the failures in a row."""
        self._flush_failures += 1
        failure = self._failure(error)
        write = Write.swipes(self._through, attempt=self._flush_failures)
        self._report(NotWritten(write, failure, len(self._queued)))

    def _failure(self, error: Exception) -> RepositoryError:
        """``error`` as a `RepositoryError`, noting a file that is gone, and that writes fail."""
        self._ledger.failing()
        if isinstance(error, DatabaseReplacedError):
            self.file_gone = True
        return _as_repository_error(error)

    def _stop(self, command: Stop) -> None:
        if self._repository is not None:
            try:
                if command.closed_at is not None and not self.file_gone:
                    self._mark_closed(self._repository, command.closed_at)
                    self._fold(self._repository)
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


    @staticmethod
    def _fold(repository: SnapshotRepository) -> None:
        """At a clean close: the file alone holds every swipe, nothing waits in its -wal."""
        try:
            if not repository.fold_log_into_file():
                log.info("a reader kept the last commits in the -wal beside the file for now")
        except Exception as error:  # they stay in the -wal, as safe: a later open folds them
            log.warning("the -wal could not be folded into the file at close: %s", error)


def _as_repository_error(error: Exception) -> RepositoryError:
    if isinstance(error, RepositoryError):
        return error
    wrapped = RepositoryError(f"unexpected {type(error).__name__} while writing: {error}")
    wrapped.__cause__ = error
    return wrapped
