"""`build_new_snapshot`: the row that records a state, a pure function of its arguments."""

from __future__ import annotations

from datetime import date, datetime

from store.kinds import TriggerType
from store.selectors import build_current_profile_snapshot_input
from store.snapshot_input import SNAPSHOT_SCHEMA_VERSION
from store.snapshot_rows import SELECTOR_VERSION, NewSnapshot, SnapshotMeta
from store.state import AppState


def build_new_snapshot(
    state: AppState,
    *,
    trigger_type: TriggerType,
    window_key: str,
    snapshot_date_local: date,
    reason: str,
    created_at: datetime,
) -> NewSnapshot:
    """The row for a snapshot of ``state``: a pure function of its arguments."""
    profile = state.profile
    meta = SnapshotMeta(
        swipe_count=profile.sequence,
        sequence=profile.sequence,
        last_swipe_at=profile.last_swipe_at,
        timezone=state.timezone,
        reason=reason,
        schema_version=SNAPSHOT_SCHEMA_VERSION,
        selector_version=SELECTOR_VERSION,
    )
    return NewSnapshot(
        created_at=created_at,
        snapshot_date_local=snapshot_date_local,
        trigger_type=trigger_type,
        window_key=window_key,
        profile_version=profile.sequence,
        payload_json=build_current_profile_snapshot_input(state).canonical_json(),
        meta_json=meta.canonical_json(),
    )
