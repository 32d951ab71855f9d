"""The trend panel: range and tag controls, the chart, the hovered snapshot, the rows table.

Above the chart: what changed over the range (the tags that rose and fell most, from the
range's first to its latest snapshot), and, when the file holds rows dated after now, one
line that says how many and the newest. The x axis is time or swipes (`XAxis`).

Everything shown is read from recorded snapshot rows through one loader (a worker thread),
never re-derived from swipes. The GUI thread only applies prepared, bounded results: a
range read draws at most the view's point budget; a refresh after a new snapshot reads only
the rows after the newest one shown and folds them in (`ui.trend_requests`). The time each
application takes on the GUI thread is measured and kept in `last_refresh`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from middleware.persistence.dated_after import AHEAD_MARGIN
from middleware.persistence.trend_queries import (
    DEFAULT_TAG_COUNT,
    MIN_POINTS,
    SnapshotPage,
    TrendPoint,
    TrendRange,
)
from ui.live_profile import LiveProfile
from ui.plain_label import plain_label
from ui.rows_table import RowsTable
from ui.snapshot_loader import SnapshotLoader
from ui.snapshot_table_model import MAX_HELD, SnapshotTableModel
from ui.theme import CAPTION_STYLE
from ui.trend_chart import TrendChart
from ui.trend_controls import RangeButtons, TagChooser
from ui.trend_frame import TrendFrame, XAxis
from ui.trend_requests import (
    OlderRows,
    OpenRepository,
    ReadRange,
    Refresh,
    Refreshed,
)
from ui.trend_texts import (
    HOVER_HINT,
    dated_after_now_text,
    describe_movers,
    describe_point,
    empty_range_texts,
    frame_summary,
    frame_title,
)
from ui.zone_time import zone_named

RANGE_CHOICES: tuple[tuple[str, TrendRange], ...] = (
    ("Today", TrendRange.TODAY),
    ("7 days", TrendRange.WEEK),
    ("30 days", TrendRange.MONTH),
    ("1 year", TrendRange.YEAR),
    ("All", TrendRange.ALL),
)
AXIS_CHOICES: tuple[tuple[str, XAxis], ...] = (
    ("By time", XAxis.TIME),
    ("By swipes", XAxis.SWIPES),
)
WINDOW_RANGE = TrendRange.TODAY
"""The range the window opens on: today's every checkpoint, so each snapshot shows up as a
new point while you swipe (a week would show a first day as a single point a line)."""
POINT_BUDGET_STEP = 100


class RefreshTiming(NamedTuple):
    """What one update of the chart cost: the figures a benchmark reports."""

    kind: str
    """"range" (a range read) or "refresh" (after a new snapshot)."""
    gui_seconds: float
    """Time spent applying it on the GUI thread (series, axes, legend, table)."""
    loader_seconds: float
    """Time the worker thread spent reading and preparing it."""
    points_drawn: int
    rows_read: int
    reread: bool
    """A refresh that had to read the range again instead of folding the new rows in."""


class TrendPanel(QWidget):
    """Controls, chart and table over the snapshot rows, read off the GUI thread."""

    refreshed = Signal(object)
    """A `RefreshTiming`, after each range read or refresh is drawn."""

    def __init__(
        self,
        open_repository: OpenRepository,
        *,
        now: Callable[[], datetime],
        zone: Callable[[], ZoneInfo],
        initial_range: TrendRange = WINDOW_RANGE,
        on_request: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``on_request`` names what the window has to take a snapshot now (a key, a
        button), for the empty history's text; None when it has nothing."""
        super().__init__(parent)
        self._on_request = on_request
        self._now, self._zone = now, zone
        self.frame: TrendFrame | None = None
        self.last_refresh: RefreshTiming | None = None
        self._wanted: ReadRange | None = None
        self._refreshing = False
        self._refresh_due = False
        self.loader = SnapshotLoader(lambda request: request.run(open_repository), self)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_failed)

        self.ranges = RangeButtons(RANGE_CHOICES, initial_range)
        self.ranges.changed.connect(lambda _range: self.read_range())
        self.x_axis = RangeButtons(AXIS_CHOICES, XAxis.TIME)
        self.x_axis.setAccessibleName("Horizontal axis")
        self.x_axis.changed.connect(lambda _axis: self.read_range())
        self.tag_chooser = TagChooser()
        self.tag_chooser.chosen.connect(lambda _tags: self.read_range())
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(self.ranges)
        controls.addStretch(1)
        controls.addWidget(self.tag_chooser)
        self.movers = plain_label()  # tag names from the file: text, never markup
        self.movers.setWordWrap(True)
        self.movers.setAccessibleName("What changed over the range")
        self.future_note = plain_label()
        self.future_note.setWordWrap(True)
        self.future_note.setAccessibleName("Rows dated after now")
        self.future_note.hide()

        self.chart = TrendChart()
        self.chart.point_hovered.connect(self._show_point)
        self.chart.point_clicked.connect(self._show_point)
        self.readout = plain_label()  # a tag name from the file: shown as text, never markup
        self.readout.setWordWrap(True)
        self.readout.setAccessibleName("Snapshot under the pointer")
        self.readout.setMinimumHeight(self.readout.fontMetrics().lineSpacing())
        self._show_point(None)

        self.model = SnapshotTableModel(self._request_rows, zone=zone)
        self.table = RowsTable()
        self.table.setModel(self.model)
        self.table.size_columns()
        # The table's first page may come after the range read: an empty range's words
        # depend on whether there is any row at all.
        self.model.rowsInserted.connect(self._say_why_empty)
        self.model.modelReset.connect(self._say_why_empty)

        self.message = plain_label("Loading snapshots…")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(CAPTION_STYLE)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(2)
        top_layout.addLayout(controls)
        top_layout.addWidget(self.future_note)
        top_layout.addWidget(self.movers)
        top_layout.addWidget(self.chart, 1)
        top_layout.addWidget(self.chart.legend)
        top_layout.addWidget(self.readout)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(self.table)
        # The chart is what the panel is for: it takes most of the height, and the table
        # keeps a few rows (it scrolls, and fetches what it scrolls to).
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([480, 170])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.message, 1)
        footer.addWidget(self.x_axis, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(footer)
        self.read_range()
        self.model.fetchMore()

    # --- public API ------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """A read is running or waiting, or a refresh is due."""
        return self.loader.busy or self._refresh_due

    def reload(self) -> None:
        """A snapshot was recorded: bring the chart and the table up to date, incrementally."""
        if self.model.top_key is None and not self.model.fetching:
            self.model.reset_rows()  # an empty table asks for its first page again
            self.model.fetchMore()
        if self.frame is None:
            if self._wanted is None:
                self.read_range()
            else:
                self._refresh_due = True
        elif self._wanted is not None or self._refreshing:
            self._refresh_due = True  # one refresh follows the read in flight
        else:
            self._refreshing = True
            self.loader.request(
                Refresh(
                    shown=self.frame,
                    max_points=self._point_budget(),
                    now=self._now(),
                    zone=self._zone(),
                    table_top=self.model.top_key,
                )
            )

    def read_range(self) -> None:
        """Read the chosen range and tags again (a control changed, or the first time)."""
        chooser = self.tag_chooser
        self._wanted = ReadRange(
            self.ranges.current,
            None if chooser.following_default else chooser.tags,
            self._point_budget(),
            self._now(),
            self._zone(),
            self.x_axis.current,
        )
        if self.frame is None or self.frame.view.range is not self._wanted.range:
            self.chart.show_loading()
            self._show_point(None)
        self.loader.request(self._wanted)

    def set_live(self, live: LiveProfile | None) -> None:
        """The profile now: each line's dashed tail runs from its last snapshot to it."""
        if live != self.chart.live:
            self.chart.show_live(live)

    def close_loader(self) -> None:
        self.loader.close()

    # --- results ---------------------------------------------------------------------------

    def _on_loaded(self, request: object, result: object) -> None:
        if isinstance(request, ReadRange) and isinstance(result, TrendFrame):
            if request is not self._wanted:
                return  # a newer choice is already on its way
            self._wanted = None
            self._apply("range", result, rows_read=result.view.rows_read, reread=True)
        elif isinstance(request, Refresh) and isinstance(result, Refreshed):
            self._refreshing = False
            if request.shown is self.frame and self._wanted is None:
                self._apply("refresh", result.frame, result.rows_read, result.reread, result)
        elif isinstance(request, OlderRows) and isinstance(result, SnapshotPage):
            self.model.add_older(request, result)
        if self._refresh_due and self._wanted is None and not self._refreshing:
            self._refresh_due = False
            self.reload()

    def _apply(
        self,
        kind: str,
        frame: TrendFrame,
        rows_read: int,
        reread: bool,
        refreshed: Refreshed | None = None,
    ) -> None:
        """Show ``frame`` (and new table rows): the GUI thread's whole share of an update."""
        started = time.perf_counter()
        self.frame = frame
        view = frame.view
        self.tag_chooser.set_available(view.available_tags, view.available_tags[:DEFAULT_TAG_COUNT])
        self._say_what_is_dated_after_now(frame)
        if not view.available_tags:
            self.movers.setText("")
            self._say_why_empty()
        else:
            self.chart.show_frame(frame, frame_title(frame))
            self.message.setText(frame_summary(frame))
            most = max((series.rows_with_tag for series in view.series), default=0)
            movers = describe_movers(view.movers, snapshots=most, since=view.movers_from)
            if self.movers.text() != movers:
                self.movers.setText(movers)
        if refreshed is not None and refreshed.newer_rows is not None:
            deep = self.table.verticalScrollBar().value() > 0
            self.model.add_newer(refreshed.newer_rows, keep_first=10**9 if deep else MAX_HELD)
            if self.model.top_key is None:
                self.model.fetchMore()
        gui_seconds = time.perf_counter() - started
        self.last_refresh = RefreshTiming(
            kind, gui_seconds, self.loader.last_load_seconds, frame.points_drawn, rows_read, reread
        )
        self.refreshed.emit(self.last_refresh)

    def _on_failed(self, error: str) -> None:
        self._refreshing = False
        self._wanted = None
        self.message.setText(f"Could not read the snapshots: {error}")
        if self.frame is None:
            self.chart.show_message("Could not read the snapshots")

    def _request_rows(self, request: OlderRows) -> None:
        """A table page of rows dated up to now (rows dated later are counted, not listed)."""
        self.loader.request(replace(request, until=self._now() + AHEAD_MARGIN))

    # --- text ------------------------------------------------------------------------------

    def _say_what_is_dated_after_now(self, frame: TrendFrame) -> None:
        text = dated_after_now_text(*frame.dated_after_now, zone_named(frame.view.zone))
        if self.future_note.text() != text:
            self.future_note.setText(text)
            self.future_note.setVisible(bool(text))

    def _say_why_empty(self) -> None:
        """For a range without snapshots: none at all yet, or none in this range."""
        if self.frame is None or self.frame.view.available_tags:
            return
        title, text = empty_range_texts(
            self.frame.view.range,
            has_rows=self.model.rowCount() > 0,
            on_request=self._on_request,
        )
        if self.chart.chart().title() != title:
            self.chart.show_message(title)
        if self.message.text() != text:
            self.message.setText(text)

    def _show_point(self, hovered: tuple[str, TrendPoint] | None) -> None:
        # The hint is a caption; a hovered snapshot's read-out is the text it explains. A
        # disabled label would be paler than either (1.6:1) and "unavailable" to a reader.
        if hovered is None or self.frame is None:
            self.readout.setText(HOVER_HINT)
        else:
            self.readout.setText(describe_point(*hovered, self.frame.view.zone))
        style = CAPTION_STYLE if hovered is None else ""
        if self.readout.styleSheet() != style:
            self.readout.setStyleSheet(style)

    # --- sizes -----------------------------------------------------------------------------

    def _point_budget(self) -> int:
        """Points per line: the plot's width in pixels, rounded up (M4 keeps 4 a bucket)."""
        width = self.chart.plot_width()
        return max(MIN_POINTS, int(-(-width // POINT_BUDGET_STEP)) * POINT_BUDGET_STEP)
