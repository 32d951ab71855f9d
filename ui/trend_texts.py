"""The trend panel's words: titles, the footer's summary, a hovered point, an empty range.

Pure functions of what is drawn, so the panel only places them.
"""

from __future__ import annotations

from middleware.persistence.trend_queries import Resolution, TrendPoint, TrendRange
from ui.trend_frame import TrendFrame
from ui.trigger_style import trigger_label
from ui.zone_time import format_instant, zone_named

RANGE_TITLES = {
    TrendRange.TODAY: "today",
    TrendRange.WEEK: "last 7 days",
    TrendRange.MONTH: "last 30 days",
    TrendRange.YEAR: "last 12 months",
    TrendRange.ALL: "all time",
}
NO_ROWS = (
    "No snapshots yet: one is recorded every 25 swipes, at local midnight, "
    "and when you press “Snapshot now”."
)
NONE_IN_RANGE = {
    TrendRange.TODAY: "No snapshots today",
    TrendRange.WEEK: "No snapshots in the last 7 days",
    TrendRange.MONTH: "No snapshots in the last 30 days",
    TrendRange.YEAR: "No snapshots in the last 12 months",
    TrendRange.ALL: "No readable snapshots",
}
"""What an empty range says while the table (every row, newest first) has rows."""
HOVER_HINT = "Point at a line to see its snapshot."


def empty_range_texts(shown: TrendRange, *, has_rows: bool) -> tuple[str, str]:
    """The chart's title and the footer for a range without snapshots.

    The table beside the chart lists every row, whatever the range: with rows there, the
    range is empty, not the history.
    """
    if not has_rows:
        return "No snapshots yet", NO_ROWS
    title = NONE_IN_RANGE[shown]
    return title, f"{title}: the table lists the earlier ones; a longer range draws them."


def describe_point(tag: str, point: TrendPoint) -> str:
    """The read-out of a hovered point: when (zone named), trigger, window, swipes, score."""
    when = format_instant(point.at, zone_named(point.zone))
    trigger = trigger_label(point.trigger_type)
    return (
        f"{when} · {trigger} ({point.window_key}) · {point.profile_version:,} swipes · "
        f"{tag} {point.score:+.2f}"
    )


def frame_title(frame: TrendFrame) -> str:
    """The chart's title: which tags, over which range."""
    view = frame.view
    which = f"Top {len(view.tags)} tags" if frame.default_tags else ", ".join(view.tags) or "Tags"
    return f"{which} · {RANGE_TITLES[view.range]}"


def frame_summary(frame: TrendFrame) -> str:
    """The footer: points a line, at which resolution, and the latest snapshot's time."""
    view = frame.view
    latest = frame.latest
    shown = max((len(series.points) for series in view.series), default=0)
    every = "every checkpoint" if view.resolution is Resolution.CHECKPOINTS else "one a day"
    text = f"{shown:,} {'point' if shown == 1 else 'points'} a line ({every})"
    if latest is not None:
        text += f" · latest {format_instant(latest.created_at, zone_named(view.zone))}"
    return text
