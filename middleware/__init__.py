"""What the app does over time: the snapshot epic and its streams, the policy, the writer.

The flow: actions -> `snapshot_epic` (coalesced swipes, `day_ends`, requests -> `decide`)
-> actions -> `writer_epic` -> the writer thread -> outcome actions, run by `SnapshotJob`
through an `EpicMiddleware`.
"""

from middleware.clock import Clock, SchedulerClock, ShiftedClock, SystemClock, as_aware_utc
from middleware.decide import decide
from middleware.decision_log import JsonLinesFormatter, ReadableFormatter, record_event
from middleware.epic_middleware import Epic, EpicMiddleware, of_type
from middleware.persistence.writer import SnapshotWriter
from middleware.policy import (
    DEFAULT_POLICY,
    SNAPSHOT_SWIPE_INTERVAL,
    CreateSnapshot,
    SkipReason,
    SkipSnapshot,
    SnapshotDecision,
    SnapshotPolicy,
    should_create_snapshot,
)
from middleware.snapshot_epic import snapshot_epic
from middleware.snapshot_job import SnapshotJob
from middleware.streams.coalesce import coalesce_swipes
from middleware.streams.day_ends import day_ends

__all__ = [
    "DEFAULT_POLICY",
    "SNAPSHOT_SWIPE_INTERVAL",
    "Clock",
    "CreateSnapshot",
    "Epic",
    "EpicMiddleware",
    "JsonLinesFormatter",
    "ReadableFormatter",
    "SchedulerClock",
    "ShiftedClock",
    "SkipReason",
    "SkipSnapshot",
    "SnapshotDecision",
    "SnapshotJob",
    "SnapshotPolicy",
    "SnapshotWriter",
    "SystemClock",
    "as_aware_utc",
    "coalesce_swipes",
    "day_ends",
    "decide",
    "of_type",
    "record_event",
    "should_create_snapshot",
    "snapshot_epic",
]
