"""The registry: one entry per trigger type, in the order a check asks them.

Periods come first, finest first (an ended day is older than the week it closes), then the
count; the manual trigger answers only a request. Adding a trigger: write its entry, add a
`TriggerType` member, list the entry here.
"""

from __future__ import annotations

from collections.abc import Mapping

from store.kinds import TriggerType
from store.triggers.day_rollover import DAY_ROLLOVER
from store.triggers.entry import CountTrigger, ManualTrigger, PeriodTrigger, TriggerEntry
from store.triggers.manual import MANUAL
from store.triggers.swipe_threshold import SWIPE_THRESHOLD
from store.triggers.weekly_rollover import WEEKLY_ROLLOVER

TRIGGERS: tuple[TriggerEntry, ...] = (DAY_ROLLOVER, WEEKLY_ROLLOVER, SWIPE_THRESHOLD, MANUAL)

BY_TYPE: Mapping[TriggerType, TriggerEntry] = {entry.type: entry for entry in TRIGGERS}
PERIODS: tuple[PeriodTrigger, ...] = tuple(e for e in TRIGGERS if isinstance(e, PeriodTrigger))
_COUNTS = [entry for entry in TRIGGERS if isinstance(entry, CountTrigger)]
_MANUALS = [entry for entry in TRIGGERS if isinstance(entry, ManualTrigger)]


def _check() -> tuple[CountTrigger, ManualTrigger]:
    missing = sorted(set(TriggerType) - set(BY_TYPE))
    if missing or len(BY_TYPE) != len(TRIGGERS):
        raise RuntimeError(
            f"the trigger registry must list each TriggerType once; missing {missing}, "
            f"listed {[entry.type.value for entry in TRIGGERS]}"
        )
    prefixes = [entry.prefix for entry in TRIGGERS]
    if len(set(prefixes)) != len(prefixes):
        raise RuntimeError(f"two triggers share a window-key prefix: {prefixes}")
    if len(_COUNTS) != 1 or len(_MANUALS) != 1:
        raise RuntimeError(
            "the state tracks one count trigger and one manual trigger; the registry lists "
            f"{len(_COUNTS)} and {len(_MANUALS)}"
        )
    return _COUNTS[0], _MANUALS[0]


COUNT, REQUESTED = _check()
"""The count trigger and the manual trigger (the state tracks one of each)."""


def entry_for(trigger_type: TriggerType) -> TriggerEntry:
    """The registry's entry for ``trigger_type``."""
    return BY_TYPE[trigger_type]


def series_triggers(trend_range: str) -> tuple[PeriodTrigger, ...]:
    """The period triggers whose rows a long trend range draws, finest first."""
    return tuple(entry for entry in PERIODS if trend_range in entry.drawn_in)
