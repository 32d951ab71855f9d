"""Snapshot rows with chosen scores, written through the real repository.

For tests that need a shape the simulator does not give on demand (a spike, ties, many
rows in one day, rows created at the same instant).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from middleware.persistence.repository import SnapshotRepository
from store.actions import TriggerType
from store.snapshot_input import SnapshotInput, TagAggregate, canonical_tag_order
from store.snapshot_rows import NewSnapshot, SnapshotMeta
from store.windows import manual_window_key, rollover_window_key, threshold_window_key


def new_row(
    version: int,
    created_at: datetime,
    scores: Mapping[str, float],
    *,
    trigger: TriggerType = TriggerType.SWIPE_THRESHOLD,
    zone: str = "UTC",
    local_day: date | None = None,
) -> NewSnapshot:
    """A row at profile ``version`` whose tags have ``scores`` (counts are made up); its
    local date (the day a rollover closes) is ``created_at``'s UTC date unless given."""
    tags = sorted(
        (TagAggregate(tag, 1, 0, 0, score) for tag, score in scores.items()),
        key=canonical_tag_order,
    )
    day = local_day or created_at.date()
    key = {
        TriggerType.SWIPE_THRESHOLD: threshold_window_key(version),
        TriggerType.DAY_ROLLOVER: rollover_window_key(day),
        TriggerType.MANUAL: manual_window_key(version),
    }[trigger]
    meta = SnapshotMeta(
        swipe_count=version,
        sequence=version,
        last_swipe_at=created_at,
        timezone=zone,
        reason="written by a test",
        schema_version=1,
        selector_version=1,
    )
    return NewSnapshot(
        created_at=created_at,
        snapshot_date_local=day,
        trigger_type=trigger,
        window_key=key,
        profile_version=version,
        payload_json=SnapshotInput(swipe_count=version, tags=tuple(tags)).canonical_json(),
        meta_json=meta.canonical_json(),
    )


def write_rows(repository: SnapshotRepository, rows: list[NewSnapshot]) -> None:
    for row in rows:
        assert repository.insert_snapshot(row).created
