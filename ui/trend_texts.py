"""The trend panel's words: titles, the footer's summary, a hovered point, an empty range.

Pure functions of what is drawn, so the panel only places them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from middleware.persistence.trend_movers import MoversFrom
from middleware.persistence.trend_queries import Mover, Resolution, TrendPoint, TrendRange
from store.triggers import series_triggers
from ui.numbers import count_text, score_text
from ui.score_words import why_score
from ui.shown_policy import swipe_interval
from ui.trend_frame import TrendFrame
from ui.trigger_style import row_trigger_label
from ui.zone_time import format_instant, zone_named

RANGE_TITLES = {
    TrendRange.TODAY: "today",
    TrendRange.WEEK: "last 7 days",
    TrendRange.MONTH: "last 30 days",
    TrendRange.YEAR: "last 12 months",
    TrendRange.ALL: "all time",
}
SNAPSHOT_KEY = "Ctrl+S"
"""The key that takes a snapshot now, in every window that can."""


def snapshot_request_words(*, demo: bool, has_key: bool) -> str | None:
    """What a window has to take a snapshot now, in words: the demo panel's button and the
    key, the key alone in the everyday window, or None (a window that cannot)."""
    if demo:
        return f"“Snapshot now” or {SNAPSHOT_KEY}"
    return SNAPSHOT_KEY if has_key else None


def no_rows_text(on_request: str | None = None) -> str:
    """What an empty history says, with the interval of the policy the window shows, and
    ``on_request``, what this window has to take one now (a key, a button), if anything."""
    when = (
        f", at local midnight, and when you press {on_request}"
        if on_request
        else (" and at local midnight")
    )
    return f"No snapshots yet: one is recorded every {swipe_interval()} swipes{when}."


NONE_IN_RANGE = {
    TrendRange.TODAY: "No snapshots today",
    TrendRange.WEEK: "No snapshots in the last 7 days",
    TrendRange.MONTH: "No snapshots in the last 30 days",
    TrendRange.YEAR: "No snapshots in the last 12 months",
    TrendRange.ALL: "No readable snapshots",
}
"""What an empty range says while the table (every row, newest first) has rows."""
HOVER_HINT = "Point at a line to see its snapshot."


def empty_range_texts(
    shown: TrendRange, *, has_rows: bool, on_request: str | None = None
) -> tuple[str, str]:
    """The chart's title and the footer for a range without snapshots (``on_request``: what
    this window has to take a snapshot now, see `no_rows_text`).

    The table beside the chart lists every row, whatever the range: with rows there, the
    range is empty, not the history.
    """
    if not has_rows:
        return "No snapshots yet", no_rows_text(on_request)
    title = NONE_IN_RANGE[shown]
    return title, f"{title}: the table lists the earlier ones; a longer range draws them."


def describe_point(tag: str, point: TrendPoint, zone: str) -> str:
    """The read-out of a hovered point: when (in the viewer's zone, named), trigger, window,
    swipes, and why the tag has its score there (the counts behind it, and the rule)."""
    when = format_instant(point.at, zone_named(zone))
    trigger = row_trigger_label(point.trigger_type)
    return (
        f"{when} · {trigger} ({point.window_key}) · {count_text(point.profile_version)} "
        f"swipes\n{why_score(tag, point.score, point.likes, point.nopes, point.superlikes)}"
    )


MOVERS_SHOWN = 2
"""Rises and falls named each way above the chart (``trend --json`` lists more)."""
SHOWN_CHANGE = 0.005
"""The smallest change that `score_text`'s two decimals show as more than zero."""


def describe_movers(
    movers: Sequence[Mover], *, snapshots: int, since: MoversFrom | None = None
) -> str:
    """``Since the first point drawn (after 100 swipes): ramen +0.31, … rose; sushi −0.20,
    … fell``.

    ``snapshots`` counts the points drawn; ``since`` is the row the movers start from: the
    chart's first drawn row, so a named change is the change the lines show, or, when the
    chart draws one point (a day-by-day range's first day), the range's first row, named as
    one the chart does not draw."""
    if snapshots < 2 and not movers:
        return "What changed shows once the range holds two snapshots."
    if since is None:
        start = "the range's first snapshot"
    elif since.drawn:
        start = f"the first point drawn (after {count_text(since.profile_version)} swipes)"
    else:
        start = (
            f"the range's first snapshot (after {count_text(since.profile_version)} swipes, "
            "not drawn)"
        )
    # A change the window would print as +0.00 is no change to a person.
    shown = [m for m in movers if abs(m.change) >= SHOWN_CHANGE]
    rose = [f"{m.tag} {score_text(m.change)}" for m in shown if m.change > 0]
    fell = [f"{m.tag} {score_text(m.change)}" for m in shown if m.change < 0]
    parts = []
    if rose:
        parts.append(", ".join(rose[:MOVERS_SHOWN]) + " rose")
    if fell:
        parts.append(", ".join(fell[:MOVERS_SHOWN]) + " fell")
    if not parts:
        return f"No tag's score changed since {start}."
    return f"Since {start}: " + "; ".join(parts) + "."


def frame_title(frame: TrendFrame) -> str:
    """The chart's title: which tags, over which range. The default tags are the latest
    snapshot's top ones, which the status line's live "Top tags" may have left since."""
    view = frame.view
    which = (
        f"Top {len(view.tags)} tags at the latest snapshot"
        if frame.default_tags
        else ", ".join(view.tags) or "Tags"
    )
    return f"{which} · {RANGE_TITLES[view.range]}"


def frame_summary(frame: TrendFrame) -> str:
    """The footer: points a line, at which resolution, and the latest snapshot's time."""
    view = frame.view
    latest = frame.latest
    shown = max((len(series.points) for series in view.series), default=0)
    every = (
        "every checkpoint"
        if view.resolution is Resolution.CHECKPOINTS
        else " and ".join(
            f"one a{'n' if p.noun[0] in 'aeiouAEIOU' else ''} {p.noun}"
            for p in series_triggers(view.range.value)
        )
    )
    text = f"{count_text(shown)} {'point' if shown == 1 else 'points'} a line ({every})"
    if latest is not None:
        text += f" · latest {format_instant(latest.created_at, zone_named(view.zone))}"
    return text


def dated_after_now_text(count: int, newest: datetime | None, zone: ZoneInfo) -> str:
    """One line for rows dated after now (a clock ahead, another machine's rows), or ""."""
    if not count or newest is None:
        return ""
    rows = "1 row is" if count == 1 else f"{count_text(count)} rows are"
    return (
        f"{rows} dated more than an hour after now; the newest is "
        f"{format_instant(newest, zone)}. "
        "The table lists the rows up to now; `python -m app snapshots` lists them all."
    )
