"""The trigger registry: everything one trigger type is, in one entry (`store.triggers.entry`)."""

from store.triggers.entry import (
    CountTrigger,
    ManualTrigger,
    Marker,
    PeriodTrigger,
    TriggerEntry,
    TriggerStyle,
)
from store.triggers.registry import (
    BY_TYPE,
    COUNT,
    PERIODS,
    REQUESTED,
    TRIGGERS,
    entry_for,
    series_triggers,
)

__all__ = [
    "BY_TYPE",
    "COUNT",
    "PERIODS",
    "REQUESTED",
    "TRIGGERS",
    "CountTrigger",
    "ManualTrigger",
    "Marker",
    "PeriodTrigger",
    "TriggerEntry",
    "TriggerStyle",
    "entry_for",
    "series_triggers",
]
