"""`decide`: a check at ``now`` becomes the actions it yields, as a pure function.

The policy (`should_create_snapshot`) answers one question at a time: the next snapshot due,
or why none is. A check asks until the answer is "none", each time on the state as it will
be once the previous answer is claimed (the reducer's own `claim_window`), so one check
yields every period that ended (each period trigger in registry order, oldest first), then
a threshold window, and they are dispatched in that order. Each claim moves something
forward (a period is claimed, the threshold window rises), so the questions end.
"""

from __future__ import annotations

from datetime import datetime
from typing import assert_never

from middleware.policy import CreateSnapshot, should_create_snapshot
from store.actions import SnapshotScheduled, SnapshotSkipped
from store.reducer import claim_window
from store.snapshot_of_state import build_new_snapshot
from store.snapshot_rows import NewSnapshot
from store.state import AppState
from store.triggers import CountTrigger, ManualTrigger, PeriodTrigger, entry_for


def snapshot_for(state: AppState, decision: CreateSnapshot, now: datetime) -> NewSnapshot:
    """The row ``decision`` stands for: a period's row covers the period's end (its last
    open day), not the present."""
    profile = state.profile
    entry = entry_for(decision.trigger_type)
    match entry:
        case PeriodTrigger():
            profile = state.open_days[decision.snapshot_date_local]
        case CountTrigger() | ManualTrigger():
            pass
        case _:
            assert_never(entry)
    if profile.sequence != decision.profile_version:
        raise ValueError(
            f"the decision for {decision.window_key} covers swipe {decision.profile_version}, "
            f"but the state holds swipe {profile.sequence} for it; decide on this state again"
        )
    return build_new_snapshot(
        state._replace(profile=profile),
        trigger_type=decision.trigger_type,
        window_key=decision.window_key,
        snapshot_date_local=decision.snapshot_date_local,
        reason=decision.reason,
        created_at=now,
    )


def decide(
    state: AppState,
    now: datetime,
    *,
    requested: bool = False,
) -> list[SnapshotScheduled | SnapshotSkipped]:
    """Every snapshot due at ``now``, in order, or one `SnapshotSkipped` saying why none is.

    The swipe interval is the state's (`AppState.settings`), as in force at this check.
    ``requested`` asks for a MANUAL snapshot; it is answered alone, as the user asked for
    exactly that (a due rollover or threshold waits for the next check, moments later).
    """
    scheduled: list[SnapshotScheduled | SnapshotSkipped] = []
    while True:
        decision = should_create_snapshot(state, now, requested=requested and not scheduled)
        if not isinstance(decision, CreateSnapshot):
            if scheduled:
                return scheduled
            return [SnapshotSkipped(reason=decision.reason.value, detail=decision.detail, at=now)]
        action = SnapshotScheduled(
            snapshot=snapshot_for(state, decision, now), reason=decision.reason, at=now
        )
        scheduled.append(action)
        if isinstance(entry_for(decision.trigger_type), ManualTrigger):
            return scheduled
        state = claim_window(state, action)
