"""The main window: the swipe deck beside the live status and the trend preview.

It composes the panels and wires them to the store: the deck dispatches swipes, every other
panel observes the state. Everything it needs arrives as an argument (the store, the
catalog, a ``now`` callable, an ``open_repository`` function the trend's worker thread reads
through, the demo actions), so the window has no idea where the database is or which thread
writes to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from middleware.persistence.trend_queries import TrendRange
from store.actions import Direction
from store.catalog import Catalog
from store.profile_store import ProfileStore
from store.state import AppState, LastSnapshot
from ui.banner import NewFileOffer, StatusBanner
from ui.demo_panel import DemoActions, DemoPanel
from ui.live_profile import LiveProfile
from ui.status_panel import StatusPanel
from ui.swipe_deck import SwipeDeck
from ui.trend_panel import WINDOW_RANGE, TrendPanel
from ui.trend_requests import OpenRepository
from ui.window_size import fit_to_screen

TITLE = "TasteTrail"
DEMO_CLOCK_TITLE = "TasteTrail — demo clock"


class MainWindow(QMainWindow):
    """TasteTrail's window: swipe on the left, watch the profile and its snapshots on the right."""

    def __init__(
        self,
        *,
        store: ProfileStore,
        catalog: Catalog,
        now: Callable[[], datetime],
        open_repository: OpenRepository,
        demo: DemoActions | None = None,
        trend_range: TrendRange = WINDOW_RANGE,
        degraded: str | None = None,
        new_file: NewFileOffer | None = None,
        warnings: Sequence[str] = (),
        seed: int = 7,
        animation_ms: int = 260,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # A window whose clock can be moved says so: its rows are not the real history.
        demo_clock = demo is not None and demo.jump_before_midnight is not None
        self.setWindowTitle(DEMO_CLOCK_TITLE if demo_clock else TITLE)
        fit_to_screen(self)  # never larger than the screen, never below a minimum
        self._store = store
        self._state: AppState | None = None
        self._trend_key: tuple[int, LastSnapshot | None] | None = None

        self.banner = StatusBanner(degraded, new_file=new_file, warnings=warnings)
        self.deck = SwipeDeck(
            catalog.cards,
            dispatch=store.dispatch,
            now=now,
            seed=seed,
            start_at=store.get_state().profile.sequence,
            animation_ms=animation_ms,
        )
        self.status = StatusPanel()
        self.trend = TrendPanel(
            open_repository,
            now=now,
            zone=lambda: ZoneInfo(store.get_state().timezone),
            initial_range=trend_range,
        )
        self.demo: DemoPanel | None = None
        if demo is not None:
            actions = replace(demo, burst=self.deck.burst) if demo.burst is None else demo
            self.demo = DemoPanel(actions)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.deck, 1)
        if self.demo is not None:
            left_layout.addWidget(self.demo)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.trend, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([440, 760])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self._add_shortcuts()
        self._set_tab_order()
        self.deck.setFocus(Qt.FocusReason.OtherFocusReason)
        self._unsubscribe = store.subscribe(self._on_state)
        self.destroyed.connect(self._unsubscribe)
        self._on_state()

    # --- wiring ----------------------------------------------------------------------------

    def _on_state(self) -> None:
        """After every dispatch: refresh the cheap views; reload the trend on a new snapshot."""
        state = self._store.get_state()
        if state is self._state:
            return
        self._state = state
        self.status.update_state(state)
        self.banner.update_state(state)
        self.trend.set_live(LiveProfile.of(state.profile))
        job = state.snapshots
        key = (job.counters.created, job.last_snapshot)
        if key != self._trend_key:
            self._trend_key = key
            self.trend.reload()

    def _add_shortcuts(self) -> None:
        for key, direction in (
            (Qt.Key.Key_Left, Direction.LEFT),
            (Qt.Key.Key_Up, Direction.UP),
            (Qt.Key.Key_Right, Direction.RIGHT),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda direction=direction: self.deck.swipe(direction))
        QShortcut(QKeySequence("Ctrl+Q"), self).activated.connect(self.close)
        demo = self.demo
        if demo is not None:
            snapshot_now = demo.demo_actions.snapshot_now
            QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(snapshot_now)
            QShortcut(QKeySequence("Ctrl+D"), self).activated.connect(demo.toggle.toggle)

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.deck,
            self.deck.nope_button,
            self.deck.superlike_button,
            self.deck.like_button,
            self.deck.reshuffle_button,
        ]
        if self.demo is not None:
            chain += [
                self.demo.toggle,
                self.demo.burst_button,
                self.demo.snapshot_button,
                self.demo.fail_button,
            ]
            if self.demo.jump_button is not None:
                chain.append(self.demo.jump_button)
        chain.append(self.trend.table)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._unsubscribe()
        self.trend.close_loader()
        super().closeEvent(event)
