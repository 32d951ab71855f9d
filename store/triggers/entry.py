"""What one trigger type is, as data: the three kinds of entry the registry holds.

Every trigger is one entry of one of three kinds, and the code that must treat triggers
differently matches on the kind (`CountTrigger`, `PeriodTrigger`, `ManualTrigger`) with
``assert_never`` on the rest, never on the trigger's name. So a new trigger of an existing
kind is one entry: its window-key format and parser, its period (which local dates one of
its windows spans), its label and style.

- A **count** trigger takes a snapshot each time the swipe counter reaches a multiple of
  the policy's interval; its state is the highest multiple claimed.
- A **period** trigger takes a snapshot when a local period (a day, an ISO week) with swipes
  has ended; its state is the set of periods claimed, and the open local days the reducer
  keeps. Its period is a function from a local date to the first date of its period.
- The **manual** trigger takes a snapshot when the person asks; its state is the last
  profile version asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from store.kinds import TriggerType

Marker = Literal["circle", "square", "star", "triangle"]
"""The marker shapes the chart and the table's swatches can draw."""


@dataclass(frozen=True, slots=True)
class TriggerStyle:
    """How a trigger's rows look in the chart, its legend and the table."""

    label: str
    colour: str
    """``#rrggbb``."""
    marker: Marker
    size: float
    """Marker size, as a multiple of the font's height."""
    row_label: str | None = None
    """The name of one of its rows, where ``label`` depends on a setting that may have
    changed since the row was taken (None: ``label`` itself)."""


@dataclass(frozen=True, slots=True)
class _Keys:
    """A window key: ``<prefix>:<body>``, the body matching ``body_pattern``."""

    type: TriggerType
    prefix: str
    body_pattern: str
    style: TriggerStyle
    _whole: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_whole", re.compile(f"^{self.prefix}:{self.body_pattern}$"))

    @property
    def key_pattern(self) -> str:
        """The whole key's regular expression."""
        return self._whole.pattern

    @property
    def glob(self) -> str:
        """A SQLite GLOB that bounds this trigger's keys by their prefix (an index range)."""
        return self.prefix + ":*"

    def check_key(self, window_key: str) -> str:
        """The key's body; ValueError if ``window_key`` is not of this trigger."""
        if not self._whole.match(window_key):
            raise ValueError(
                f"window key {window_key!r} does not fit trigger {self.type.value}; expected "
                f"the shape {self.key_pattern!r}"
            )
        return window_key[len(self.prefix) + 1 :]


@dataclass(frozen=True, slots=True)
class CountTrigger(_Keys):
    """A snapshot at each multiple of the swipe interval: ``<prefix>:000125``."""

    def format_key(self, multiple: int) -> str:
        return f"{self.prefix}:{multiple:06d}"

    def parse_key(self, window_key: str) -> int:
        return int(self.check_key(window_key))


@dataclass(frozen=True, slots=True)
class ManualTrigger(_Keys):
    """A snapshot the person asked for at a profile version: ``<prefix>:000130``."""

    def format_key(self, profile_version: int) -> str:
        return f"{self.prefix}:{profile_version:06d}"

    def parse_key(self, window_key: str) -> int:
        return int(self.check_key(window_key))


@dataclass(frozen=True, slots=True)
class PeriodTrigger(_Keys):
    """A snapshot when a local period with swipes has ended, keyed by the period."""

    period_of: Callable[[date], date] = field(kw_only=True)
    """The first local date of the period ``date`` is in (the one rule of its periods)."""
    body_of: Callable[[date], str] = field(kw_only=True)
    """The key's body for the period starting on a date (sorts as the periods do)."""
    start_of: Callable[[str], date] = field(kw_only=True)
    """The first date of the period a key's body names; ValueError if it names none."""
    noun: str = field(kw_only=True)
    """What a period is called in a decision's reason: "local day", "ISO week"."""
    nominal_days: int = field(kw_only=True)
    """About how many days a period spans: the trend draws the coarsest for long ranges."""
    drawn_in: frozenset[str] = field(kw_only=True)
    """The trend ranges (`TrendRange` values) whose series draw this trigger's rows."""

    def format_key(self, period_start: date) -> str:
        return f"{self.prefix}:{self.body_of(period_start)}"

    def parse_key(self, window_key: str) -> date:
        """The first date of the period ``window_key`` names."""
        return self.start_of(self.check_key(window_key))

    def describe(self, period_start: date) -> str:
        return f"{self.noun} {self.body_of(period_start)}"


TriggerEntry = CountTrigger | PeriodTrigger | ManualTrigger
