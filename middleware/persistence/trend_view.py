"""What a trend view holds: per-tag series of points, each pointing back to its row.

`read_trend` (`trend_queries`) builds these; every over-time view consumes them. The view
and its series are frozen pydantic models; a point is an immutable named tuple.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple

from pydantic import AwareDatetime, BaseModel, ConfigDict

from middleware.persistence.trend_movers import Mover, MoversFrom
from middleware.persistence.trend_range import Resolution, TrendRange
from store.actions import TriggerType
from store.snapshot_input import TagAggregate, canonical_dumps
from store.snapshot_rows import format_utc_millis

__all__ = ["TrendPoint", "TrendSeries", "TrendView"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class TrendPoint(NamedTuple):
    """One tag's score in one snapshot row, with what a hover shows about that row.

    An immutable named tuple, not a model: a view holds up to a few thousand of them, and
    building each as a pydantic model (even unvalidated) was a third of a year's read in
    figure 6. Every field comes from a row the repository validated.
    """

    at: datetime
    """When the row was created, aware, UTC."""
    score: float
    snapshot_id: str
    trigger_type: TriggerType
    window_key: str
    profile_version: int
    """The number of swipes the snapshot covers."""
    snapshot_date_local: date
    zone: str | None
    """The IANA zone the row was recorded in (None for a row without meta)."""
    likes: int = 0
    nopes: int = 0
    superlikes: int = 0
    """The counts behind the score at that snapshot (from the row's payload)."""

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "at": format_utc_millis(self.at),
            "score": self.score,
            "snapshotId": self.snapshot_id,
            "triggerType": self.trigger_type.value,
            "windowKey": self.window_key,
            "profileVersion": self.profile_version,
            "snapshotDateLocal": self.snapshot_date_local.isoformat(),
            "zone": self.zone,
        }


class TrendSeries(BaseModel):
    """One tag's points in time order, at most the view's ``max_points``."""

    model_config = _FROZEN

    tag: str
    points: tuple[TrendPoint, ...]
    rows_with_tag: int
    """How many rows of the range had this tag, before downsampling."""


class TrendView(BaseModel):
    """What a trend chart draws for one range: see the module docstring for the contract."""

    model_config = _FROZEN

    range: TrendRange
    resolution: Resolution
    zone: str
    start: AwareDatetime | None
    end: AwareDatetime
    max_points: int
    tags: tuple[str, ...]
    """The series' tags, in the order given (default: the latest row's top tags)."""
    available_tags: tuple[str, ...]
    """Every tag of the latest row in the range, by score descending, then by name."""
    series: tuple[TrendSeries, ...]
    rows_read: int
    """Snapshot rows SQLite returned for this view (readable or not)."""
    movers: tuple[Mover, ...] = ()
    """The tags that rose and fell most from `movers_from` to the range's latest row."""
    movers_from: MoversFrom | None = None
    """The row the movers start from: the chart's first drawn row, or the range's first."""
    first_tags: tuple[TagAggregate, ...] = ()
    """That row's tags (what the movers start from; not in the JSON)."""

    @property
    def points_drawn(self) -> int:
        return sum(len(series.points) for series in self.series)

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "range": self.range.value,
            "resolution": self.resolution.value,
            "zone": self.zone,
            "start": None if self.start is None else format_utc_millis(self.start),
            "end": format_utc_millis(self.end),
            "maxPoints": self.max_points,
            "tags": list(self.tags),
            "availableTags": list(self.available_tags),
            "rowsRead": self.rows_read,
            "movers": [mover.to_jsonable() for mover in self.movers],
            "moversFrom": None if self.movers_from is None else self.movers_from.to_jsonable(),
            "series": [
                {
                    "tag": series.tag,
                    "rowsWithTag": series.rows_with_tag,
                    "points": [point.to_jsonable() for point in series.points],
                }
                for series in self.series
            ],
        }

    def canonical_json(self) -> str:
        """Sorted keys, no whitespace: the same view always gives the same bytes."""
        return canonical_dumps(self.to_jsonable())
