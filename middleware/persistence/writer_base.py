"""`WriterBase`: what both runners of the writer share on the owner's side.

The owner's side of a writer is its queue of swipes, its counts (accepted by the owner,
committed by the applier) and the commands it hands on. `SnapshotWriter` hands them to its
thread, `InlineWriter` applies them at once; each says how in `_enqueue`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable
from datetime import datetime

from middleware.persistence.errors import RepositoryError
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.write_applier import Command, NewFile, WriteApplier
from middleware.persistence.write_commands import Write, WriteOutcome
from store.snapshot_rows import SwipeRecord


class WriterBase(ABC):
    """The owner's side: swipes queued, counts, and commands refused once closed; each
    runner says how a command reaches the applier, and keeps the `Ledger` it is told."""

    def __init__(
        self,
        open_repository: Callable[[], SnapshotRepository],
        *,
        report: Callable[[WriteOutcome], None],
    ) -> None:
        self._applier = WriteApplier(open_repository, report=report, ledger=self)
        # Swipes cross to the applier through a deque (append and popleft are atomic, so
        # the threaded runner's owner never waits for its writer to take them).
        self._incoming: deque[SwipeRecord] = deque()
        self._last_accepted = 0
        # Each count has one writing thread: accepted the owner's, committed the applier's.
        self._accepted = 0
        self._committed = 0
        self._commit_requested = False  # a commit request is on its way, not yet taken
        self._failing = False  # the last write failed: the job's retries decide when to write
        self._closed = False

    def _accept(self, swipe: SwipeRecord) -> None:
        if self._closed:
            raise _closed_writer_error()
        self._incoming.append(swipe)
        self._last_accepted = swipe.sequence
        self._accepted += 1

    def write(self, write: Write) -> None:
        """Apply ``write`` in order; its outcome is reported under its effect id."""
        self._submit(write)

    def flush(self) -> None:
        """Commit every queued swipe."""
        self._submit(Write.swipes(self._last_accepted))

    def write_history_to_new_file(self, *, at: datetime) -> None:
        """After the file was deleted or replaced: write everything committed so far to a
        new file at the same path (see `new_file`), then commit the queued swipes there.
        ``at`` (aware UTC) names a file moved aside."""
        self._submit(NewFile(at))

    @property
    def commit_requested(self) -> bool:
        """Whether a commit of the queued swipes is on its way (asked for, not yet taken):
        a flush asked for now would find them committed already, or ride along."""
        return self._commit_requested and not self._failing

    @property
    def unsaved_swipes(self) -> int:
        """Swipes accepted by `append_swipe` and not committed (yet, or ever after `close`)."""
        return self._accepted - self._committed

    @property
    def file_gone(self) -> bool:
        """Whether the last write or check found the path naming another file, or none."""
        return self._applier.file_gone

    @property
    def closed(self) -> bool:
        return self._closed

    def _submit(self, command: Command) -> None:
        if self._closed:
            raise _closed_writer_error()
        self._enqueue(command)

    @abstractmethod
    def _enqueue(self, command: Command) -> None:
        """Hand ``command`` to the applier: on the writer's thread, or at once."""

    @abstractmethod
    def committed(self, swipes: int) -> None:
        """`Ledger`: ``swipes`` more swipes are committed (and writes work)."""

    @abstractmethod
    def healthy(self) -> None:
        """`Ledger`: a write worked (one that committed no swipe)."""

    @abstractmethod
    def failing(self) -> None:
        """`Ledger`: a write failed; no swipe wakes the writer until one works."""

    def _take_and_apply(self, command: Command) -> None:
        """The applier's turn: take the queued swipes, then apply ``command``."""
        self._commit_requested = False  # before taking: a swipe after this asks again
        self._applier.take(self._incoming)
        self._applier.apply(command)


def _closed_writer_error() -> RepositoryError:
    return RepositoryError(
        "The snapshot writer is closed; nothing more can be written. Start a new "
        "snapshot job to write again."
    )
