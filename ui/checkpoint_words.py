"""What a snapshot row's checkpoint is, in words, so its key and its swipe count agree.

A count snapshot is keyed by the multiple of the interval it reached (``swipes:000150``)
but covers every swipe of the batch that reached it (160): "mark 150 (at 160)"
says both, where the bare key beside "160" looked like a contradiction.
"""

from __future__ import annotations

from typing import assert_never

from store.snapshot_rows import SnapshotRow
from store.triggers import CountTrigger, ManualTrigger, PeriodTrigger, entry_for
from ui.numbers import count_text

CHECKPOINT_HELP = (
    "Which checkpoint the row is, and the swipes it covers: a count snapshot's mark (a "
    "multiple of the swipe interval) and the swipe count at which a batch reached it; a "
    "day or week rollover's period; a manual snapshot's swipe count"
)


def checkpoint_text(row: SnapshotRow) -> str:
    """``mark 150 (at 160)``, ``day 2026-01-20 (at 1,234)`` or ``at 60``: the checkpoint
    and the swipes the row covers (a key of an unknown shape as it is stored)."""
    swipes = row.profile_version
    entry = entry_for(row.trigger_type)
    try:
        match entry:
            case CountTrigger():
                mark = entry.parse_key(row.window_key)
                if mark == swipes:
                    return f"mark {count_text(mark)}"
                return f"mark {count_text(mark)} (at {count_text(swipes)})"
            case PeriodTrigger():  # "day 2026-01-20", "week 2026-W13"
                period = entry.body_of(entry.parse_key(row.window_key))
                return f"{entry.prefix} {period} (at {count_text(swipes)})"
            case ManualTrigger():
                return f"at {count_text(swipes)}"
            case _:
                assert_never(entry)
    except ValueError:
        return f"{row.window_key} (at {count_text(swipes)})"
