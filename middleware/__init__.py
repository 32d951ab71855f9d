"""The snapshot job: policy, local-day clock, coalescing operator and the Rx pipeline."""

from middleware.clock import Clock, SchedulerClock, ShiftedClock, SystemClock, as_aware_utc
from middleware.coalesce import coalesce_swipes
from middleware.decision_log import JsonLinesFormatter, ReadableFormatter, record_event
from middleware.midnight import midnight_ticks
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
from middleware.snapshot_job import SnapshotJob
from middleware.snapshot_writer import SnapshotWriter
from store.local_day import local_date, next_local_midnight

__all__ = [
    "DEFAULT_POLICY",
    "SNAPSHOT_SWIPE_INTERVAL",
    "Clock",
    "CreateSnapshot",
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
    "local_date",
    "midnight_ticks",
    "next_local_midnight",
    "record_event",
    "should_create_snapshot",
]
