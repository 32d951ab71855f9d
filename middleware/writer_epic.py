"""`writer_epic`: the effect at the end of the pipeline, handing work to the writer thread.

It emits no action; it reacts to the reduced ones:

- `Swiped`: the swipe, as the swipe log stores it, is handed to the writer, which commits
  it at once (an O(1) append that wakes the writer; its local date is the reducer's, from
  the same function and the same zone);
- `Unswiped`: the undo, a row of its own naming the swipe it takes back, likewise;
- `SnapshotScheduled`: its row is written, in one transaction with the swipes before it;
- `WriteRetried`: the write of its effect id again: a snapshot row as the state keeps it
  pending, or the swipes waiting in the writer;
- `SettingsChanged`: the settings in force are saved (``save-settings:<revision>``), in one
  transaction with the swipes before them;
- `BatchCoalesced`: whatever of the batch still waits is committed (normally nothing: each
  swipe was committed as it came, or its commit is on its way; a failing writer's swipes
  get another attempt).

The writer reports what happened through its own ``report``, not through this stream.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, assert_never
from zoneinfo import ZoneInfo

import reactivex
from reactivex import Observable, abc

from middleware.epic_middleware import ErrorReport, of_type
from middleware.persistence.write_commands import Write, Writer
from middleware.pipeline_errors import report
from store.actions import (
    BatchCoalesced,
    SettingsChanged,
    SnapshotScheduled,
    Swiped,
    Unswiped,
    WriteRetried,
)
from store.effects import EffectKind, parse_effect_id
from store.local_day import local_date
from store.selectors import select_reduced_swipe_day
from store.snapshot_rows import SwipeRecord
from store.state import AppState


def writer_epic(
    actions: Observable[Any],
    get_state: Callable[[], AppState],
    *,
    writer: Writer,
    on_error: ErrorReport = report,
    keep: Callable[[SwipeRecord], None] | None = None,
) -> Observable[Any]:
    """Send swipes and rows to ``writer`` as their actions are reduced; emit nothing.
    ``keep`` is handed each swipe record first (the session's `SwipeJournal`)."""

    def send(action: Any) -> None:
        try:
            if type(action) is Swiped:
                state = get_state()
                day = select_reduced_swipe_day(state) or local_date(
                    action.at, ZoneInfo(state.timezone)
                )
                append(
                    SwipeRecord(
                        state.profile.sequence, action.item_id, action.direction, action.at, day
                    )
                )
            elif type(action) is Unswiped:
                # An undo is appended to the log like a swipe: a row of its own.
                state = get_state()
                day = local_date(action.at, ZoneInfo(state.timezone))
                append(
                    SwipeRecord(
                        state.profile.sequence,
                        action.item_id,
                        action.direction,
                        action.at,
                        day,
                        action.undoes,
                    )
                )
            elif isinstance(action, SnapshotScheduled):
                writer.write(Write.snapshot(action.snapshot))
            elif isinstance(action, WriteRetried):
                retry(action)
            elif isinstance(action, BatchCoalesced) and not writer.commit_requested:
                writer.flush()  # a failing writer's swipes get another attempt
            elif isinstance(action, SettingsChanged):
                state = get_state()
                writer.write(
                    Write.settings(state.settings, revision=state.settings_revision, at=action.at)
                )
        except Exception as error:  # isolation: a failure here must not reach dispatch
            on_error("writer effect", error)

    if keep is None:
        append = writer.append_swipe
    else:

        def append(swipe: SwipeRecord) -> None:
            keep(swipe)
            writer.append_swipe(swipe)

    def retry(action: WriteRetried) -> None:
        effect = parse_effect_id(action.effect_id)
        match effect.kind:
            case EffectKind.SWIPES:
                writer.write(Write.swipes(int(effect.key), attempt=action.attempt))
            case EffectKind.SNAPSHOT:
                pending = get_state().snapshots.pending_writes.get(action.effect_id)
                if pending is not None:
                    writer.write(Write.snapshot(pending.snapshot, attempt=action.attempt))
            case EffectKind.SETTINGS:
                pass  # no settings write is retried by this pipeline
            case _:
                assert_never(effect.kind)

    writes = actions.pipe(
        of_type(
            Swiped, Unswiped, SnapshotScheduled, WriteRetried, BatchCoalesced, SettingsChanged
        )
    )

    def subscribe(
        observer: abc.ObserverBase[Any], scheduler: abc.SchedulerBase | None = None
    ) -> abc.DisposableBase:
        # `send` observes the writes itself (no do_action + ignore_elements layers on the
        # swipe path); the epic emits nothing and ends when they end.
        return writes.subscribe(send, observer.on_error, observer.on_completed, scheduler=scheduler)

    return reactivex.create(subscribe)

