"""The snapshot job: policy, local-day clock, coalescing operator and the Rx pipeline."""

from middleware.clock import Clock, SchedulerClock, ShiftedClock, SystemClock, as_aware_utc
from middleware.coalesce import coalesce_swipes
from middleware.decision_log import JsonLinesFormatter, ReadableFormatter, record_event
from middleware.midnight import midnight_ticks
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
from middleware.snapshot_job import SnapshotJob

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
    "midnight_ticks",
    "record_event",
    "should_create_snapshot",
]
