"""SWIPE_THRESHOLD: a snapshot every ``swipe_interval`` swipes, ``swipes:000125``."""

from __future__ import annotations

from store.kinds import TriggerType
from store.triggers.entry import CountTrigger, TriggerStyle

SWIPE_THRESHOLD = CountTrigger(
    TriggerType.SWIPE_THRESHOLD,
    "swipes",
    r"\d{6,}",
    TriggerStyle("Every {interval} swipes", "#475569", "circle", 0.5, row_label="Swipe count"),
)
