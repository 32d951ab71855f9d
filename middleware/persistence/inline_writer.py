"""`InlineWriter`: the writer without its thread, for virtual time (the simulator, tests).

It takes the same commands as `SnapshotWriter` and applies them through the same
`WriteApplier`, in the same order, with the same outcomes; only where they run differs: on
the caller's thread, at once. A swipe's commit request is ``defer``-red (the job schedules it
on its scheduler at once, as the writer thread would run it), and it commits by itself once
`COMMIT_EVERY_SWIPES` wait, should no timer run. Nothing here waits: there is no other
thread to wait for, so no backpressure and no stall.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import datetime

from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.write_applier import (
    COMMIT_REQUEST,
    CheckFile,
    Command,
    NewFile,
    Stop,
    WriteApplier,
)
from middleware.persistence.write_commands import Write, WriteOutcome
from middleware.persistence.writer import closed_writer_error
from store.snapshot_rows import SwipeRecord

COMMIT_EVERY_SWIPES = 500
"""The inline writer commits at once, on the caller's thread, once this many swipes are
queued: its deferred commit needs the scheduler to run, and a thread that only dispatches
runs no timer."""


class InlineWriter:
    """`SnapshotWriter`'s commands, applied on the caller's thread."""

    def __init__(
        self,
        open_repository: Callable[[], SnapshotRepository],
        *,
        report: Callable[[WriteOutcome], None],
        defer: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        """``defer`` runs a callable soon, on the caller's thread: how a swipe's commit
        request is served. Without it every swipe is committed at once, in `append_swipe`."""
        self._applier = WriteApplier(open_repository, report=report, ledger=self)
        self._defer = defer
        self._incoming: deque[SwipeRecord] = deque()
        self._last_accepted = 0
        self._accepted = 0
        self._committed = 0
        self._commit_requested = False
        self._failing = False
        self._closed = False

    def append_swipe(self, swipe: SwipeRecord) -> None:
        """Queue one swipe; commit it soon (``defer``), or now without a scheduler."""
        if self._closed:
            raise closed_writer_error()
        incoming = self._incoming
        incoming.append(swipe)
        self._last_accepted = swipe.sequence
        self._accepted += 1
        if self._failing:
            return
        if not self._commit_requested:
            self._commit_requested = True
            if self._defer is None:
                self._apply(COMMIT_REQUEST)
            else:
                self._defer(self._serve_commit_request)
        elif len(incoming) >= COMMIT_EVERY_SWIPES:
            self._apply(COMMIT_REQUEST)

    def _serve_commit_request(self) -> None:
        """The deferred commit: unless closed meanwhile (`close` committed everything)."""
        if not self._closed:
            self._apply(COMMIT_REQUEST)

    def write(self, write: Write) -> None:
        self._submit(write)

    def flush(self) -> None:
        self._submit(Write.swipes(self._last_accepted))

    def check_file(self, *, open_now: bool = False) -> None:
        if not self._closed:
            self._apply(CheckFile(open_now))

    def write_history_to_new_file(self, *, at: datetime) -> None:
        self._submit(NewFile(at))

    @property
    def unsaved_swipes(self) -> int:
        return self._accepted - self._committed

    @property
    def file_gone(self) -> bool:
        return self._applier.file_gone

    @property
    def closed(self) -> bool:
        return self._closed

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Always idle: every command was applied when it was given."""
        return True

    def close(self, *, deadline_seconds: float = 5.0, closed_at: datetime | None = None) -> bool:
        """Commit what is queued and close the repository (``closed_at``: see
        `SnapshotWriter.close`). Idempotent; nothing to wait for, so always True."""
        if self._closed:
            return True
        self._closed = True
        self._apply(Write.swipes(self._last_accepted))
        self._apply(Stop(closed_at))
        return True

    def _submit(self, command: Command) -> None:
        if self._closed:
            raise closed_writer_error()
        self._apply(command)

    def _apply(self, command: Command) -> None:
        self._commit_requested = False
        self._applier.take(self._incoming)
        self._applier.apply(command)

    # The `Ledger` the applier tells.

    def committed(self, swipes: int) -> None:
        self._committed += swipes
        self._failing = False

    def healthy(self) -> None:
        self._failing = False

    def failing(self) -> None:
        self._failing = True
