"""MANUAL: a snapshot the person asked for ("Snapshot now"), ``manual:000130``."""

from __future__ import annotations

from store.kinds import TriggerType
from store.triggers.entry import ManualTrigger, TriggerStyle

MANUAL = ManualTrigger(
    TriggerType.MANUAL, "manual", r"\d{6,}", TriggerStyle("Manual", "#c026d3", "star", 1.0)
)
