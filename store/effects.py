"""Effect ids: the one name of each write the app makes; outcomes and retries are keyed by it.

    commit-swipes:<sequence>       commit the swipes waiting in the writer, at least those
                                   up to <sequence> (whatever joined the queue rides along)
    insert-snapshot:<window key>   insert the snapshot row of a window (its trigger's key)
    save-settings:<revision>       save the settings as of <revision>

An effect id is what a failure reports, what the retry names and what the pending work in
the state is kept under. It names a write, not a window: a swipe commit that fails is
``commit-swipes:<sequence>``, a real effect, not a window key made up for the occasion.
Every format is written here only, and `parse_effect_id` reads them back.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class EffectKind(StrEnum):
    """The kinds of write the app makes."""

    SWIPES = "commit-swipes"
    SNAPSHOT = "insert-snapshot"
    SETTINGS = "save-settings"


class EffectId(NamedTuple):
    """An effect id, parsed: its ``kind`` and the ``key`` within that kind."""

    kind: EffectKind
    key: str

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.key}"


def swipes_effect(through: int) -> str:
    """The commit of the queued swipes, at least those up to sequence ``through``."""
    return f"{EffectKind.SWIPES.value}:{through}"


def snapshot_effect(window_key: str) -> str:
    """The insert of the snapshot row of ``window_key``."""
    return f"{EffectKind.SNAPSHOT.value}:{window_key}"


def settings_effect(revision: int) -> str:
    """The save of the settings as of ``revision``."""
    return f"{EffectKind.SETTINGS.value}:{revision}"


def parse_effect_id(text: str) -> EffectId:
    """``text`` as an `EffectId`; ValueError, naming the formats, when it is none."""
    kind_text, colon, key = text.partition(":")
    try:
        kind = EffectKind(kind_text)
    except ValueError:
        kind = None
    numeric = kind in (EffectKind.SWIPES, EffectKind.SETTINGS)
    if kind is None or not colon or not key or (numeric and not key.isdecimal()):
        raise ValueError(
            f"{text[:80]!r} is not an effect id: write commit-swipes:<sequence>, "
            "insert-snapshot:<window key> or save-settings:<revision>"
        )
    return EffectId(kind, key)

