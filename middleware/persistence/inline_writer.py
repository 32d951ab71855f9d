"""`InlineWriter`: the writer without its thread, for virtual time (the simulator, tests).

It takes the same commands as `SnapshotWriter` and applies them through the same
`WriteApplier`, in the same order, with the same outcomes; only where they run differs: on
the caller's thread, at once. A swipe's commit request is ``defer``-red (the job schedules it
on its scheduler at once, as the writer thread would run it), and it commits by itself once
`COMMIT_EVERY_SWIPES` wait, should no timer run. Nothing here waits: there is no other
thread to wait for, so no backpressure and no stall.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.write_applier import COMMIT_REQUEST, CheckFile, Command, Stop
from middleware.persistence.write_commands import Write, WriteOutcome
from middleware.persistence.writer_base import WriterBase
from store.snapshot_rows import SwipeRecord

COMMIT_EVERY_SWIPES = 500
"""The inline writer commits at once, on the caller's thread, once this many swipes are
queued: its deferred commit needs the scheduler to run, and a thread that only dispatches
runs no timer."""


class InlineWriter(WriterBase):
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
        super().__init__(open_repository, report=report)
        self._defer = defer

    def append_swipe(self, swipe: SwipeRecord) -> None:
        """Queue one swipe; commit it soon (``defer``), or now without a scheduler."""
        self._accept(swipe)
        if self._failing:
            return
        if not self._commit_requested:
            self._commit_requested = True
            if self._defer is None:
                self._take_and_apply(COMMIT_REQUEST)
            else:
                self._defer(self._serve_commit_request)
        elif len(self._incoming) >= COMMIT_EVERY_SWIPES:
            self._take_and_apply(COMMIT_REQUEST)

    def _serve_commit_request(self) -> None:
        """The deferred commit: unless closed meanwhile (`close` committed everything)."""
        if not self._closed:
            self._take_and_apply(COMMIT_REQUEST)

    def check_file(self, *, open_now: bool = False) -> None:
        if not self._closed:
            self._take_and_apply(CheckFile(open_now))

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Always idle: every command was applied when it was given."""
        return True

    def close(self, *, deadline_seconds: float = 5.0, closed_at: datetime | None = None) -> bool:
        """Commit what is queued and close the repository (``closed_at``: see
        `SnapshotWriter.close`). Idempotent; nothing to wait for, so always True."""
        if self._closed:
            return True
        self._closed = True
        self._take_and_apply(Write.swipes(self._last_accepted))
        self._take_and_apply(Stop(closed_at))
        return True

    def _enqueue(self, command: Command) -> None:
        self._take_and_apply(command)

    # The `Ledger` the applier tells.

    def committed(self, swipes: int) -> None:
        self._committed += swipes
        self._failing = False

    def healthy(self) -> None:
        self._failing = False

    def failing(self) -> None:
        self._failing = True
