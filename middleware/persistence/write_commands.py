"""The writer's one command shape, `Write`, and its two outcomes, `Written` and `NotWritten`.

Every write the app makes is a `Write`: what to write (its ``payload``), its effect id
(`store.effects`: ``commit-swipes:<sequence>``, ``insert-snapshot:<window key>``, ...) and
which attempt it is. The outcome names the `Write` it answers, so the store keys a
failure, and the retry epic its retry, by the effect id; nothing is reported under a name
made up for the occasion.

Swipes reach the writer one by one (an O(1) append on the owner thread, `Writer.append_swipe`)
and are committed by a `CommitSwipes` write: ``commit-swipes:<N>`` commits every queued
swipe, at least those up to sequence N, and is done (served, once) when they are committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from middleware.persistence.errors import RepositoryError
from store.effects import settings_effect, snapshot_effect, swipes_effect
from store.settings import Settings
from store.snapshot_rows import NewSnapshot, SwipeRecord


@dataclass(frozen=True, slots=True)
class CommitSwipes:
    """Commit the queued swipes, at least those up to ``through`` (a swipe sequence)."""

    through: int


@dataclass(frozen=True, slots=True)
class InsertSnapshot:
    """Insert ``snapshot``, in one transaction with the swipes queued before it."""

    snapshot: NewSnapshot


@dataclass(frozen=True, slots=True)
class SaveSettings:
    """Save ``settings`` (changed at ``at``), in one transaction with the swipes queued
    before them."""

    settings: Settings
    at: datetime


Payload = CommitSwipes | InsertSnapshot | SaveSettings


@dataclass(frozen=True, slots=True)
class Write:
    """One write: ``payload``, under ``effect_id``, attempt number ``attempt``."""

    effect_id: str
    payload: Payload
    attempt: int = 1

    @classmethod
    def swipes(cls, through: int, *, attempt: int = 1) -> Write:
        return cls(swipes_effect(through), CommitSwipes(through), attempt)

    @classmethod
    def snapshot(cls, snapshot: NewSnapshot, *, attempt: int = 1) -> Write:
        return cls(snapshot_effect(snapshot.window_key), InsertSnapshot(snapshot), attempt)

    @classmethod
    def settings(cls, settings: Settings, *, revision: int, at: datetime) -> Write:
        return cls(settings_effect(revision), SaveSettings(settings, at))


@dataclass(frozen=True, slots=True)
class SwipeCommit:
    """Swipes up to ``sequence`` are committed, ``count`` of them in this transaction."""

    sequence: int
    count: int


@dataclass(frozen=True, slots=True)
class Written:
    """``write`` is done. ``swipes``: the swipes its transaction committed (a snapshot's too:
    those queued before it); ``created`` is False for a snapshot row that was there already."""

    write: Write
    swipes: SwipeCommit | None = None
    created: bool = True
    latency_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class NotWritten:
    """``write`` failed with ``error``; nothing is lost: its swipes stay queued, its row
    stays pending, for the retry under the same effect id."""

    write: Write
    error: RepositoryError
    queued_swipes: int = 0
    """The swipes left waiting in the writer, for the next attempt."""


WriteOutcome = Written | NotWritten


class Writer(Protocol):
    """What the pipeline and the app ask of a writer, threaded (`SnapshotWriter`) or inline
    (`InlineWriter`): the same commands, the same order, the same outcomes."""

    def append_swipe(self, swipe: SwipeRecord) -> None: ...

    def write(self, write: Write) -> None: ...

    def flush(self) -> None: ...

    def check_file(self, *, open_now: bool = False) -> None: ...

    def write_history_to_new_file(self, *, at: datetime) -> None: ...

    @property
    def unsaved_swipes(self) -> int: ...

    @property
    def commit_requested(self) -> bool: ...

    @property
    def file_gone(self) -> bool: ...

    @property
    def closed(self) -> bool: ...

    def wait_idle(self, timeout: float | None = None) -> bool: ...

    def close(
        self, *, deadline_seconds: float = 5.0, closed_at: datetime | None = None
    ) -> bool: ...
