"""Only the snapshot pipeline may say what it decided and what the writer stored.

``SwipesPersisted``, ``SnapshotScheduled``, ``SnapshotRecorded`` and the other reports of
the pipeline reach the store through the dispatch its middleware is given. From any other
caller (a widget, a plugin, a script holding the store) they are refused and change
nothing: a made-up "swipes saved" cannot hide unsaved swipes, a made-up snapshot is never
written, and nobody can claim tomorrow's rollover. The pipeline's own dispatch still
refuses a report of swipes the store has never seen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from store import (
    AppStarted,
    InternalActionError,
    InvalidActionError,
    MiddlewareAPI,
    create_profile_store,
)
from store.actions import (
    INTERNAL_ACTION_TYPES,
    BatchCoalesced,
    Direction,
    PipelineFailed,
    SettingsNotSaved,
    SettingsSaved,
    SnapshotRecorded,
    SnapshotScheduled,
    SnapshotSkipped,
    Swiped,
    SwipesPersisted,
    TriggerType,
    WriteFailed,
    WriteRetried,
)
from store.snapshot_rows import NewSnapshot
from tests.harness import VirtualSession

START = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)
HUGE = 50_033_975_617_386_921


def unsaved(session: VirtualSession) -> int:
    state = session.store.get_state()
    return int(state.profile.sequence - state.snapshots.persisted_sequence)


def made_up(trigger: TriggerType, key: str, day: date, version: int) -> SnapshotScheduled:
    snapshot = NewSnapshot(
        created_at=START,
        snapshot_date_local=day,
        trigger_type=trigger,
        window_key=key,
        profile_version=version,
        payload_json='{"schema_version":1,"swipe_count":999,"tags":[]}',
        meta_json="{}",
    )
    return SnapshotScheduled(snapshot=snapshot, reason="made up", at=START)


def test_a_made_up_swipes_saved_report_is_refused_and_the_unsaved_swipes_stay_counted(
    db_path: Path,
) -> None:
    session = VirtualSession(db_path, start=START)
    session.faults.fail_writes(True)
    session.swipe(10)
    session.settle(5)
    assert unsaved(session) == 10
    before = session.store.get_state()
    with pytest.raises(InternalActionError, match="snapshot pipeline only"):
        session.store.dispatch(SwipesPersisted(sequence=HUGE, count=1))
    with pytest.raises(InternalActionError):
        session.store.dispatch({"type": "SwipesPersisted", "sequence": 10, "count": 10})
    assert session.store.get_state() is before
    assert unsaved(session) == 10  # not 0, and never negative
    session.faults.fail_writes(False)
    session.settle()
    assert unsaved(session) == 0
    session.close()
    assert session.swipes_in_db() == 10


def test_a_made_up_snapshot_and_a_claim_on_tomorrows_rollover_are_never_written(
    db_path: Path,
) -> None:
    session = VirtualSession(db_path, start=START)
    session.swipe(30)
    session.settle()
    tomorrow = date(2026, 1, 21)
    for action in (
        made_up(TriggerType.MANUAL, "manual:000030", date(2026, 1, 20), 30),
        made_up(TriggerType.DAY_ROLLOVER, "day:2026-01-21", tomorrow, 30),
        made_up(TriggerType.DAY_ROLLOVER, "day:2026-01-20", date(2026, 1, 20), 30),
    ):
        before = session.store.get_state()
        with pytest.raises(InternalActionError):
            session.store.dispatch(action)
        assert session.store.get_state() is before
    state = session.store.get_state()
    days_claimed = state.snapshots.claimed_periods[TriggerType.DAY_ROLLOVER]
    assert tomorrow not in days_claimed
    assert date(2026, 1, 20) not in days_claimed  # today is still open
    session.settle()
    # Tomorrow comes: today's rollover is the real one, and tomorrow's is still to come.
    session.advance_to(datetime(2026, 1, 21, 9, 0, tzinfo=UTC))
    session.swipe(5)
    session.settle()
    session.close()
    keys = session.keys()
    assert "manual:000030" not in keys
    assert keys.count("day:2026-01-20") == 1 and "day:2026-01-21" not in keys
    payloads = [row.payload.swipe_count for row in session.rows()]
    assert 999 not in payloads


VALID_REPORTS = {
    "BatchCoalesced": BatchCoalesced(size=5, at=START),
    "SnapshotScheduled": made_up(TriggerType.MANUAL, "manual:000003", START.date(), 3),
    "SnapshotSkipped": SnapshotSkipped(reason="below-interval", at=START),
    "SnapshotRecorded": SnapshotRecorded(
        trigger_type=TriggerType.MANUAL,
        window_key="manual:000003",
        profile_version=3,
        created=True,
        created_at=START,
    ),
    "WriteFailed": WriteFailed(
        effect_id="insert-snapshot:manual:000003", error="x", attempt=1, at=START
    ),
    "WriteRetried": WriteRetried(effect_id="insert-snapshot:manual:000003", attempt=2, at=START),
    "SwipesPersisted": SwipesPersisted(sequence=0, count=0),
    "PipelineFailed": PipelineFailed(stage="batch check", error="KeyError: 'x'", at=START),
    "SettingsSaved": SettingsSaved(effect_id="save-settings:1"),
    "SettingsNotSaved": SettingsNotSaved(effect_id="save-settings:1", error="disk full"),
}


def test_the_list_of_reports_covers_every_internal_action_type() -> None:
    assert set(VALID_REPORTS) == {model.__name__ for model in INTERNAL_ACTION_TYPES}


@pytest.mark.parametrize("name", sorted(VALID_REPORTS))
@pytest.mark.parametrize("form", ["model", "mapping"])
def test_every_internal_action_type_is_refused_from_the_public_dispatch(
    name: str, form: str
) -> None:
    store = create_profile_store()
    store.dispatch(AppStarted(at=START, timezone="UTC"))
    before = store.get_state()
    action = VALID_REPORTS[name]
    raw = action if form == "model" else action.model_dump()
    with pytest.raises(InternalActionError, match=f"{name} is dispatched by the snapshot"):
        store.dispatch(raw)
    assert store.get_state() is before


def capture_api(into: list[MiddlewareAPI]) -> Callable[[MiddlewareAPI], Any]:
    def middleware(api: MiddlewareAPI) -> Callable[[Any], Any]:
        into.append(api)
        return lambda next_dispatch: next_dispatch

    return middleware


def test_the_pipelines_own_door_accepts_its_reports_but_not_swipes_beyond_the_log() -> None:
    apis: list[MiddlewareAPI] = []
    store = create_profile_store(middleware=[capture_api(apis)])
    store.dispatch(AppStarted(at=START, timezone="UTC"))
    [api] = apis

    for second in range(3):
        store.dispatch(
            Swiped(
                item_id="tiramisu", direction=Direction.RIGHT, at=START + timedelta(seconds=second)
            )
        )
    api.dispatch(SwipesPersisted(sequence=2, count=2))
    assert store.get_state().snapshots.persisted_sequence == 2
    before = store.get_state()
    with pytest.raises(InvalidActionError, match="the log holds 3"):
        api.dispatch(SwipesPersisted(sequence=HUGE, count=1))
    assert store.get_state() is before
    api.dispatch(
        WriteFailed(
            effect_id="insert-snapshot:swipes:000025", error="disk I/O error", attempt=1, at=START
        )
    )
    api.dispatch(
        SnapshotRecorded(
            trigger_type=TriggerType.SWIPE_THRESHOLD,
            window_key="swipes:000025",
            profile_version=3,
            created=True,
            created_at=START,
        )
    )
    assert store.get_state().snapshots.counters.failed == 1
