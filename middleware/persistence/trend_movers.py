"""What changed over a range: the tags that rose and fell most, first to last snapshot.

Computed from two snapshot rows only, the first row the chart draws and the latest
(`read_trend` reads both already; when the chart draws a single row, `FIRST_SQL` reads the
range's first through the index on ``created_at``, one row), so the answer costs the same
at any history and never reads the swipe log. A tag missing from a row (no swipes on it
yet) has the score 0 there, as the profile gives it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from middleware.persistence.snapshot_reads import SNAPSHOT_COLUMNS
from store.snapshot_input import TagAggregate

__all__ = ["FIRST_SQL", "MOVERS_EACH_WAY", "Mover", "MoversFrom", "movers_between"]

MOVERS_EACH_WAY = 3
"""At most this many tags that rose, and as many that fell."""
CHANGE_DECIMALS = 4
"""Scores are stored to four places; a change is rounded to the same."""

FIRST_SQL = (
    f"SELECT {SNAPSHOT_COLUMNS} FROM profile_snapshots "
    "WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id"
)
"""The range's oldest row first; the caller reads only the first readable one."""


class MoversFrom(NamedTuple):
    """The row the movers start from: its swipe count, and whether the chart draws it.

    The chart's first drawn row when it draws two or more (so a named change is the change
    its lines show); the range's first row when it draws one (a day-by-day range's first
    day), which the words then name by its swipe count.
    """

    profile_version: int
    drawn: bool

    def to_jsonable(self) -> dict[str, Any]:
        return {"swipes": self.profile_version, "drawn": self.drawn}


class Mover(NamedTuple):
    """One tag's score at the range's first and latest snapshot, and the change."""

    tag: str
    start: float
    end: float
    change: float

    def to_jsonable(self) -> dict[str, Any]:
        return {"tag": self.tag, "from": self.start, "to": self.end, "change": self.change}


def movers_between(
    first: Iterable[TagAggregate], last: Iterable[TagAggregate], *, each_way: int = MOVERS_EACH_WAY
) -> tuple[Mover, ...]:
    """The tags that rose most (largest change first), then those that fell most.

    Ties are broken by tag name; tags whose score did not change are left out.
    """
    before = {tag.tag: tag.score for tag in first}
    after = {tag.tag: tag.score for tag in last}
    moved = []
    for tag in sorted(before.keys() | after.keys()):
        start, end = before.get(tag, 0.0), after.get(tag, 0.0)
        change = round(end - start, CHANGE_DECIMALS)
        if change:
            moved.append(Mover(tag, start, end, change))
    rose = sorted((m for m in moved if m.change > 0), key=lambda m: (-m.change, m.tag))
    fell = sorted((m for m in moved if m.change < 0), key=lambda m: (m.change, m.tag))
    return (*rose[:each_way], *fell[:each_way])
