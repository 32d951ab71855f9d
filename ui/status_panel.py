"""Live status of the profile and the snapshot job, read from the store's state.

Each tile says what it counts over: the swipes and the snapshots are the whole history
(the snapshots are the rows of the table beside it: those the database held at start plus
those saved since), unsaved swipes and pending retries are now, and failed writes are this
session's, and say so. The failure tiles show only while they count something; the checks
that saved nothing (a number a person cannot act on) are a detail in the snapshots tile's
tooltip. Numbers are written as everywhere else (`ui.numbers`). Below them: the last
snapshot's time and trigger; when the job's last check saved nothing, a line saying why
and when (so asking for a snapshot with nothing new says so); and the top tags of the
live profile, before any snapshot, each explained (likes, nopes, superlikes) in a tooltip.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from store.selectors import (
    select_rows_awaiting_retry,
    select_skip_since_last_snapshot,
    select_snapshots_stored,
    select_top_tags,
)
from store.state import AppState, LastSkip
from ui.numbers import count_text, score_text
from ui.plain_label import plain_label
from ui.score_words import why_score
from ui.theme import CAPTION_STYLE
from ui.trigger_style import row_trigger_label
from ui.zone_time import format_instant

TILES = (
    ("swipes", "Swipes"),
    ("unsaved", "Unsaved swipes"),
    ("snapshots", "Snapshots"),
    ("failed", "Failed writes this session"),
    ("pending", "Pending retry"),
)
WHEN_NONZERO = frozenset({"failed", "pending"})
"""Tiles shown only while they count something: a failure is shown, a zero is noise."""
TOOLTIPS = {
    "swipes": "Every swipe of this profile, saved or not",
    "unsaved": "Swipes not yet written to the database",
    "failed": "Writes that failed since this window opened (each is retried)",
    "pending": "Snapshots whose write failed, waiting for their retry",
}

SKIP_EXPLANATIONS = {
    "nothing_changed": "nothing changed since the last snapshot, so no new one was saved",
    "below_threshold": "no snapshot was due",
    "duplicate_window": "the latest swipes are in a snapshot already",
    "no_activity": "no swipes yet, so nothing to save",
}


def describe_skip(skip: LastSkip, zone: ZoneInfo) -> str:
    """The line for a check that saved nothing: when, and why in words."""
    when = skip.at.astimezone(zone).strftime("%H:%M:%S")
    why = SKIP_EXPLANATIONS.get(skip.reason, skip.reason.replace("_", " "))
    # Only a snapshot asked for (Ctrl+S, the demo's button) can find that nothing changed.
    what = "Snapshot asked for" if skip.reason == "nothing_changed" else "Last check"
    return f"{what} at {when}: {why}."


class StatusPanel(QWidget):
    """Counter tiles, the last snapshot and the top tags; `update_state` refreshes them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: dict[str, QLabel] = {}
        self.skipped = 0
        """Checks this session at which no snapshot was due (in the snapshots tooltip)."""
        self.tiles: dict[str, QFrame] = {}
        self._grid = grid = QGridLayout()
        self._tiles: list[QFrame] = []
        self._layout: tuple[int, tuple[int, ...]] = (0, ())
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        value_font = QFont(self.font())
        value_font.setBold(True)
        value_font.setPointSizeF(self.font().pointSizeF() * 1.5)
        for column, (key, caption) in enumerate(TILES):
            tile = QFrame()
            tile.setFrameShape(QFrame.Shape.StyledPanel)
            tile_layout = QVBoxLayout(tile)
            tile_layout.setContentsMargins(8, 4, 8, 4)
            tile_layout.setSpacing(0)
            value = plain_label("0")
            value.setFont(value_font)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label = QLabel(caption)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)  # a narrow window wraps the caption instead of clipping
            label.setStyleSheet(CAPTION_STYLE)
            tile_layout.addWidget(value)
            tile_layout.addWidget(label)
            tile.setAccessibleName(caption)
            tile.setToolTip(TOOLTIPS.get(key, ""))
            self.values[key] = value
            self.tiles[key] = tile
            grid.addWidget(tile, 0, column)
            self._tiles.append(tile)
            tile.setVisible(key not in WHEN_NONZERO)
        # Lines that show data (window keys, tag names, a zone from the file) are plain text:
        # a tag named "<b>x</b>" in a received database is shown as those characters.
        self.last_snapshot = plain_label()
        self.last_snapshot.setWordWrap(True)
        self.last_check = plain_label()
        self.last_check.setWordWrap(True)
        self.last_check.setAccessibleName("Last check")
        self.last_check.hide()  # shown while it has something to say
        self.zone = plain_label()
        self.zone.setAccessibleName("Time zone")
        self.policy = plain_label()
        self.policy.setWordWrap(True)
        self.policy.setAccessibleName("Snapshot settings")
        self.top_tags = plain_label()
        self.top_tags.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.last_snapshot)
        layout.addWidget(self.last_check)
        layout.addWidget(self.zone)
        layout.addWidget(self.policy)
        layout.addWidget(self.top_tags)
        self._state: AppState | None = None
        self.update_state(AppState())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Tiles in one row when they fit it, else in two (a narrow window, big numbers)."""
        super().resizeEvent(event)
        self._lay_out_tiles()

    def _lay_out_tiles(self) -> None:
        """The shown tiles in one row when they fit it, else in two."""
        shown = [tile for tile in self._tiles if not tile.isHidden()]
        # Captions wrap; a number does not, so the widest number decides.
        margins = 16 + self._grid.horizontalSpacing() + 8
        widest = max(label.sizeHint().width() for label in self.values.values()) + margins
        columns = len(shown) if widest * len(shown) <= self.width() else (len(shown) + 1) // 2
        layout = (columns, tuple(id(tile) for tile in shown))
        if layout != self._layout:
            self._layout = layout
            for tile in self._tiles:
                self._grid.removeWidget(tile)
            for index, tile in enumerate(shown):
                self._grid.addWidget(tile, index // columns, index % columns)

    def value(self, key: str) -> int:
        """A tile's number, as shown (``skipped``: the snapshots tooltip's detail)."""
        if key == "skipped":
            return self.skipped
        return int(self.values[key].text().replace(",", ""))

    def update_state(self, state: AppState) -> None:
        if state is self._state:
            return
        self._state = state
        job, profile = state.snapshots, state.profile
        counters = job.counters
        shown = {
            "swipes": profile.kept_swipes,
            "unsaved": max(0, profile.sequence - job.persisted_sequence),
            "snapshots": select_snapshots_stored(state),
            "failed": counters.failed,
            "pending": select_rows_awaiting_retry(state),
        }
        relayout = False
        for key, number in shown.items():
            text = count_text(number)
            if self.values[key].text() != text:
                self.values[key].setText(text)
            hidden = key in WHEN_NONZERO and number == 0
            if self.tiles[key].isHidden() != hidden:
                self.tiles[key].setHidden(hidden)
                relayout = True
        if relayout:
            self._lay_out_tiles()
        self.skipped = counters.skipped_total
        snapshots_tip = (
            f"Snapshot rows in the database, as in the table: {count_text(job.stored_at_start)}"
            f" when this window opened, {count_text(counters.created)} saved since. Checks "
            f"this session at which no snapshot was due: {count_text(self.skipped)}"
        )
        if self.tiles["snapshots"].toolTip() != snapshots_tip:
            self.tiles["snapshots"].setToolTip(snapshots_tip)
        last = job.last_snapshot
        if last is None:
            last_text = "Last snapshot: none yet"
        else:
            when = format_instant(last.created_at, ZoneInfo(state.timezone))
            # The checkpoint's key is in the table (its tooltip): one line here, at any width.
            last_text = f"Last snapshot: {when} · {row_trigger_label(last.trigger_type)}"
        if self.last_snapshot.text() != last_text:
            self.last_snapshot.setText(last_text)
        skip = select_skip_since_last_snapshot(state)
        check_text = "" if skip is None else describe_skip(skip, ZoneInfo(state.timezone))
        if self.last_check.text() != check_text:
            self.last_check.setText(check_text)
            self.last_check.setVisible(bool(check_text))
        zone_text = _zone_text(state)
        if self.zone.text() != zone_text:
            self.zone.setText(zone_text)
        policy_text, policy_tip = settings_texts(state)
        if self.policy.text() != policy_text:
            self.policy.setText(policy_text)
            self.policy.setToolTip(policy_tip)
        top = select_top_tags(state, 5)
        tags_text = "Top tags: " + (
            "  ·  ".join(f"{tag.tag} {score_text(tag.score)}" for tag in top)
            if top
            else "swipe to find out"
        )
        if self.top_tags.text() != tags_text:
            self.top_tags.setText(tags_text)
            self.top_tags.setToolTip(
                "\n".join(
                    why_score(tag.tag, tag.score, tag.likes, tag.nopes, tag.superlikes)
                    for tag in top
                )
            )


def settings_texts(state: AppState) -> tuple[str, str]:
    """The settings in force, in one short line and a tooltip that explains them."""
    settings = state.settings
    every = settings.swipe_interval
    quiet, longest = settings.quiet_period_seconds, settings.max_wait_seconds
    line = (
        f"Snapshot every {count_text(every)} swipes · batches: {quiet:g} s quiet, "
        f"{longest:g} s max"
    )
    tip = (
        f"A snapshot is recorded every {count_text(every)} swipes, at local midnight and on "
        f"request. Swipes close together are one batch until you pause {quiet:g} s, and a "
        f"batch stays open {longest:g} s at most. Change them in Settings (Ctrl+,)."
    )
    return line, tip


def _zone_text(state: AppState) -> str:
    """The zone whose midnights end the days, with its UTC offset at the latest activity.

    ``Etc/GMT+3`` is three hours *behind* UTC (POSIX signs); the offset says so plainly.
    """
    zone = ZoneInfo(state.timezone)
    at = state.profile.last_swipe_at or state.started_at
    offset = at.astimezone(zone).strftime("%z") if at is not None else ""
    shown = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
    return f"Days end at midnight in {state.timezone}{shown}"
