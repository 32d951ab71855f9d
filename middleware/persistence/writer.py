"""`SnapshotWriter`: the one writer thread; the owner thread only puts work on its queues.

The store's owner thread (the GUI thread) never waits for SQLite: a swipe is an O(1) append
to a deque, every other write a `Write` command (`write_commands`) on a queue. The writer
thread applies them in order through its `WriteApplier`, so a snapshot is committed in the
same transaction as any swipes still waiting before it: a snapshot row never covers a swipe
that is not in the ``swipes`` table.

Swipes are the person's own data and are not coalesced: a swipe that finds the writer idle
sends one commit request (served once: the swipes queued before the writer takes the queue
ride along), and the writer commits every swipe queued by then in one transaction (a group
commit). So a swipe is in the file within a commit's time of being dispatched, a few
milliseconds, at a person's pace (one commit a swipe) and flat out alike. Only snapshot
rows are coalesced, by the pipeline.

The backlog is bounded in count, whatever the owner thread's timers do: a dispatching
thread that gets `BACKPRESSURE_SWIPES` ahead of a healthy writer waits for it (never while
writes fail, and never for a stalled writer: `ProgressWatch`). `close` waits as long as the
writer keeps committing, so a clean close saves every queued swipe; what it could not save
is `unsaved_swipes`. A failed write loses nothing, and no swipe wakes a failing writer: the
job's retries decide when to write again, and the first write that works makes the writer
healthy again.

Both sides of the crossing between threads (the owner's enqueue, backpressure and close,
the writer's bookkeeping as it commits) are in this one file. `InlineWriter` is the same
writer without the thread, for virtual time.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from datetime import datetime

from middleware.persistence.progress_watch import Monotonic, ProgressWatch
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.write_applier import COMMIT_REQUEST, CheckFile, Command, Stop
from middleware.persistence.write_commands import Write, WriteOutcome
from middleware.persistence.writer_base import WriterBase
from store.snapshot_rows import SwipeRecord

log = logging.getLogger("tastetrail.snapshots")

BACKPRESSURE_SWIPES = 10_000
"""A dispatching thread this far ahead of a healthy writer waits for it to catch up: memory
stays bounded when swipes come faster than SQLite stores them (about 10 µs a row against
about 25 µs a dispatch, but a second thread of Python shares one interpreter lock)."""

BACKPRESSURE_MAX_WAIT_SECONDS = 1.0
"""The longest a dispatching thread waits for a writer that commits nothing: such a writer is
stalled (a lock held elsewhere, a hung disk), and swipes flow again without waiting until it
commits; at a person's pace nothing waits at all."""


class SnapshotWriter(WriterBase):
    """Applies swipe commits, snapshot inserts and file checks, in order, on one thread."""

    def __init__(
        self,
        open_repository: Callable[[], SnapshotRepository],
        *,
        report: Callable[[WriteOutcome], None],
        thread_name: str = "snapshot-writer",
        monotonic: Monotonic | None = None,
    ) -> None:
        """``monotonic`` (tests) is the clock by which a stall is judged."""
        super().__init__(open_repository, report=report)
        self._monotonic = monotonic
        self._commands: queue.SimpleQueue[Command] = queue.SimpleQueue()
        self._idle = threading.Condition()  # also signalled after every commit
        self._unfinished = 0
        self._stalled = False  # a wait for the writer gave up; cleared by its next commit
        self._thread = threading.Thread(target=self._run, name=thread_name, daemon=True)
        self._thread.start()

    # --- the owner thread's side: enqueue only -------------------------------------------

    def append_swipe(self, swipe: SwipeRecord) -> None:
        """Queue one swipe and wake the writer to commit it (O(1), never waits for I/O; it
        waits for the writer's thread only far beyond the bound, see `BACKPRESSURE_SWIPES`)."""
        self._accept(swipe)
        if not self._failing and not self._commit_requested:
            # The first swipe since the writer last took the queue wakes it; the ones
            # after it ride along in the same commit (cleared when the writer takes).
            self._commit_requested = True
            self._enqueue(COMMIT_REQUEST)
        if self._accepted - self._committed >= BACKPRESSURE_SWIPES:
            self._wait_for_the_writer()

    def check_file(self, *, open_now: bool = False) -> None:
        """Check that the database's path still names the file the writer has open.

        A file deleted or replaced is reported once, as a failed swipe commit (the swipes
        queued stay queued), and `file_gone` turns True. ``open_now`` opens the repository
        first, so the writer holds the file from the start of a session. Nothing to do once
        the writer is closed.
        """
        if not self._closed:
            self._enqueue(CheckFile(open_now))

    @property
    def commands_waiting(self) -> int:
        """Commands given to the writer and not applied yet (the one it applies included):
        a burst of swipes adds one commit request, not one each."""
        return self._unfinished

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every queued command has been applied; False on timeout.

        For tests and shutdown: it waits on a condition the writer signals, not on a clock.
        """
        with self._idle:
            return self._idle.wait_for(lambda: self._unfinished == 0, timeout)

    def close(self, *, deadline_seconds: float = 5.0, closed_at: datetime | None = None) -> bool:
        """Commit what is queued, stop the thread and close the repository. Idempotent.

        With ``closed_at`` (aware UTC) the file is marked closed cleanly as the last write
        (see `session_mark`), so that the next start does not report an unclean end.

        The deadline is for a stalled writer, not a busy one: every commit starts it again.
        Returns False if the writer committed nothing for ``deadline_seconds`` and did not
        finish (the thread is a daemon, so the process can still exit; the swipes it did not
        commit are `unsaved_swipes`, and lost).
        """
        if self._closed:
            return True
        self._closed = True
        stop = Stop(closed_at)
        self._enqueue(Write.swipes(self._last_accepted))
        self._enqueue(stop)
        if not self._wait_while_committing(stop.done.is_set, deadline_seconds):
            return False
        self._thread.join(deadline_seconds)
        return True

    def _wait_for_the_writer(self) -> None:
        # Waits on the writer's commit signal, never on SQLite: a failing writer is not
        # waited for at all, and a stalled one once, until it commits nothing for the
        # longest wait.
        if self._failing or self._stalled:
            return
        target = BACKPRESSURE_SWIPES // 2
        caught_up = self._wait_while_committing(
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

    def _wait_while_committing(self, done: Callable[[], bool], deadline: float) -> bool:
        """Wait until ``done()``; False once the writer committed nothing for ``deadline``."""
        with self._idle:
            watch = (
                ProgressWatch(deadline, self._committed)
                if self._monotonic is None
                else ProgressWatch(deadline, self._committed, self._monotonic)
            )
            while not done():
                if watch.stalled(self._committed):
                    return False
                self._idle.wait(watch.wait_slice())
        return True

    def _enqueue(self, command: Command) -> None:
        with self._idle:
            self._unfinished += 1
        self._commands.put(command)

    # --- the writer thread's side ---------------------------------------------------------

    def _run(self) -> None:
        while True:
            command = self._commands.get()
            try:
                self._take_and_apply(command)
            finally:
                with self._idle:
                    self._unfinished -= 1
                    if self._unfinished == 0:
                        self._idle.notify_all()
            if isinstance(command, Stop):
                return

    # The `Ledger` the applier tells, on the writer's thread.

    def committed(self, swipes: int) -> None:
        with self._idle:
            self._committed += swipes
            self._failing = self._stalled = False
            self._idle.notify_all()

    def healthy(self) -> None:
        with self._idle:
            self._failing = self._stalled = False
            self._idle.notify_all()

    def failing(self) -> None:
        """No swipe wakes the writer, and nobody waits for it, until a write works."""
        with self._idle:
            self._failing = True
            self._idle.notify_all()
