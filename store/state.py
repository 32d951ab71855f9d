"""The application state: immutable named tuples, updated copy-on-write.

Measured here (CPython 3.11): building a frozen slotted dataclass costs about 1.3 us, since
its ``__init__`` goes through ``object.__setattr__`` once per field, while a `NamedTuple`
of the same fields costs about 0.25 us; nested frozen pydantic models cost more than either.
A swipe rebuilds several of these objects, so the state inside the store is named tuples
and pydantic validates only what crosses a boundary (actions, snapshot payloads and rows,
settings). Mappings in the state are plain dicts typed as read-only `Mapping`: reducers
copy them (``dict.copy`` is about ten times cheaper than copying a ``MappingProxyType``)
and never mutate a dict once it is in a state.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import NamedTuple

from store.kinds import TriggerType
from store.settings import DEFAULT_SETTINGS, Settings
from store.snapshot_rows import NewSnapshot
from store.tag_stats import TagStats as TagStats
from store.triggers import PERIODS

_EMPTY: Mapping[str, int] = MappingProxyType({})


_NO_TAGS: Mapping[str, TagStats] = MappingProxyType({})


class ProfileState(NamedTuple):
    """Per-tag aggregates plus the position and time of the last swipe.

    ``sequence`` numbers the events of the swipe log 1, 2, 3, ...: every accepted swipe, and
    every undo of one (`Unswiped`), gets the next number; it is the profile's version, which
    only grows. ``undone`` counts the undos among them, each taking back one earlier swipe,
    so the profile counts ``sequence - 2 * undone`` swipes (`kept_swipes`). The local date of
    the last swipe depends on the user's zone, which can change, so it is derived where it
    is needed rather than computed on every swipe.
    """

    tags: Mapping[str, TagStats] = _NO_TAGS
    sequence: int = 0
    last_swipe_at: datetime | None = None
    undone: int = 0

    @property
    def kept_swipes(self) -> int:
        """The swipes the profile counts: every swipe not taken back."""
        return self.sequence - 2 * self.undone


class SnapshotCounters(NamedTuple):
    """What the snapshot job has done, for people (status bar, CLI) and for tests."""

    created: int = 0
    duplicates: int = 0
    skipped: Mapping[str, int] = _EMPTY
    failed: int = 0
    retried: int = 0
    batches: int = 0
    swipes_coalesced: int = 0

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


class LastSnapshot(NamedTuple):
    """The most recent snapshot write that succeeded."""

    trigger_type: TriggerType
    window_key: str
    created_at: datetime


_NO_DAYS: Mapping[date, ProfileState] = MappingProxyType({})
_NO_CLAIMS: Mapping[TriggerType, frozenset[date]] = MappingProxyType(
    {trigger.type: frozenset() for trigger in PERIODS}
)


class PendingWrite(NamedTuple):
    """A scheduled snapshot row whose write has not landed yet.

    ``attempt`` is the number of the write last sent to the writer; ``failed`` says that
    attempt failed, so the row waits for its retry (or, at shutdown, one last attempt).
    """

    snapshot: NewSnapshot
    attempt: int = 1
    failed: bool = False


_NO_WRITES: Mapping[str, PendingWrite] = MappingProxyType({})


class LastSkip(NamedTuple):
    """The most recent check at which the policy saved nothing, and why."""

    reason: str
    """A `SkipReason` value (``nothing_changed``, ``below_threshold``, ...)."""
    at: datetime


class SnapshotJobState(NamedTuple):
    """Which snapshot windows are claimed, which writes are pending, and the counters.

    A window is claimed as soon as the policy schedules it (``SnapshotScheduled``), before
    the write lands, so the policy never schedules it twice; the write itself is retried
    until it lands. ``pending_writes`` holds each row whose write has not been confirmed,
    by its effect id (`store.effects`): the one copy of the pending work, which retries
    read from;
    ``persisted_sequence`` is the last swipe known to be committed to the database.

    ``claimed_periods`` holds, for each period trigger (`store.triggers.PeriodTrigger`), the
    first date of every period whose row is claimed or recorded: a set, not the latest
    date, so a period in the future of the clock holds back no other.
    """

    last_threshold_window: int = 0
    claimed_periods: Mapping[TriggerType, frozenset[date]] = _NO_CLAIMS
    last_manual_version: int = -1
    pending_writes: Mapping[str, PendingWrite] = _NO_WRITES
    failing: bool = False
    last_error: str | None = None
    last_snapshot: LastSnapshot | None = None
    counters: SnapshotCounters = SnapshotCounters()
    persisted_sequence: int = 0
    stored_at_start: int = 0
    """How many snapshot rows the database held when the session started (`rehydrate`
    counts them); with ``counters.created`` it gives the rows the database holds now."""
    last_skip: LastSkip | None = None
    pipeline_errors: int = 0
    """How many exceptions the pipeline caught (each isolated, none hidden: `PipelineFailed`)."""
    last_pipeline_error: str | None = None
    """The last one, as ``<stage>: <error>``."""

    @property
    def pending(self) -> frozenset[str]:
        """The window keys of the rows whose write has not been confirmed."""
        return frozenset(write.snapshot.window_key for write in self.pending_writes.values())


class AppState(NamedTuple):
    """Everything the store holds.

    ``open_days`` maps each local date with swipes, whose period some period trigger has not
    claimed yet, to the profile as it was right after that date's last swipe (a reference
    to an immutable value, so keeping it costs nothing). With ``snapshots.claimed_periods``
    it is all the one rule for a period rollover reads (`store.rollovers.ended_periods`).
    A date leaves it once every period trigger has claimed its period, and a later swipe
    on such a date (the clock went back) does not open it again. It sits beside the
    profile, not in the job's slice, because every swipe updates it: the slice of claims
    and counters then stays the same object across swipes.
    """

    profile: ProfileState = ProfileState()
    snapshots: SnapshotJobState = SnapshotJobState()
    timezone: str = "UTC"
    started_at: datetime | None = None
    open_days: Mapping[date, ProfileState] = _NO_DAYS
    settings: Settings = DEFAULT_SETTINGS
    """The person's settings in force (`store.settings`): each check reads them as it opens
    a window, so a `SettingsChanged` applies from the next window on."""
    settings_revision: int = 0
    """How many times the settings were changed in this session: the key of their write
    (``save-settings:<revision>``, `store.effects`)."""
    settings_not_saved: str | None = None
    """Why the last change of the settings could not be saved (None once one is saved)."""
