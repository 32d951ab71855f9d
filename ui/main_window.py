"""The main window: the swipe deck beside the live status and the trend preview.

It composes the panels and wires them to the store: the deck dispatches swipes, every other
panel observes the state. Everything it needs arrives as an argument (the store, the
catalog, a ``now`` callable, an ``open_repository`` function the trend's worker thread reads
through, ``snapshot_now`` for Ctrl+S, and the demo actions in a demo window only), so the
window has no idea where the database is or which thread writes to it.

The demo controls (and their shortcuts: Ctrl+D, the Alt mnemonics of their buttons) exist
only when ``demo`` is given: an everyday window has nothing that writes made-up swipes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from middleware.persistence.trend_queries import TrendRange
from store.actions import SettingsChanged
from store.catalog import Catalog
from store.profile_store import ProfileStore
from store.settings import Settings
from store.snapshot_rows import SwipeRecord
from store.state import AppState, LastSnapshot
from ui.about_dialog import AboutDialog, AboutInfo
from ui.banner import NewFileOffer, StatusBanner
from ui.close_question import UnsavedSwipes, may_close
from ui.demo_panel import DemoActions, DemoPanel
from ui.live_profile import LiveProfile
from ui.settings_dialog import SettingsDialog
from ui.shortcuts_help import ShortcutsDialog, describe, shortcut_list
from ui.shown_policy import show_policy, shown_policy
from ui.status_panel import StatusPanel
from ui.swipe_deck import KEY_TEXTS, KEYS, SwipeDeck
from ui.trend_panel import WINDOW_RANGE, TrendPanel
from ui.trend_requests import OpenRepository
from ui.trend_texts import SNAPSHOT_KEY, snapshot_request_words
from ui.window_size import fit_to_screen, scroll_below_minimum

TITLE = "TasteTrail"
DEMO_CLOCK_TITLE = "TasteTrail — demo clock"
DEMO_TITLE = "TasteTrail — demo"


class MainWindow(QMainWindow):
    """TasteTrail's window: swipe on the left, watch the profile and its snapshots on the right."""

    def __init__(
        self,
        *,
        store: ProfileStore,
        catalog: Catalog,
        now: Callable[[], datetime],
        open_repository: OpenRepository,
        snapshot_now: Callable[[], None] | None = None,
        demo: DemoActions | None = None,
        trend_range: TrendRange = WINDOW_RANGE,
        degraded: str | None = None,
        new_file: NewFileOffer | None = None,
        warnings: Sequence[str] = (),
        unsaved: UnsavedSwipes | None = None,
        seed: int = 7,
        last_swipe: SwipeRecord | None = None,
        recently_swiped: Sequence[str] = (),
        learns: bool = True,
        animation_ms: int = 260,
        about: AboutInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # A demo window says so: its rows are not the real history.
        demo_clock = demo is not None and demo.jump_before_midnight is not None
        title = DEMO_CLOCK_TITLE if demo_clock else DEMO_TITLE if demo is not None else TITLE
        if about is not None and not about.is_default_db:
            title = f"{title} — {about.db_path.name}"  # which history this window writes
        self.setWindowTitle(title)
        self.about_info = about
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.about_dialog: AboutDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._now = now
        self._settings_shown: Settings | None = None
        self._snapshot_now = snapshot_now if demo is None else demo.snapshot_now
        fit_to_screen(self)  # never larger than the screen, never below a minimum
        self._store = store
        self._unsaved = unsaved
        self._person_closes = False
        self._state: AppState | None = None
        self._trend_key: tuple[int, LastSnapshot | None] | None = None

        self.banner = StatusBanner(degraded, new_file=new_file, warnings=warnings)
        self.deck = SwipeDeck(
            catalog.cards,
            dispatch=store.dispatch,
            now=now,
            seed=seed,
            start_at=store.get_state().profile.sequence,
            profile=(lambda: store.get_state().profile) if learns else None,
            last_swipe=last_swipe,
            recently_swiped=recently_swiped,
            animation_ms=animation_ms,
        )
        self.status = StatusPanel()
        self.trend = TrendPanel(
            open_repository,
            now=now,
            zone=lambda: ZoneInfo(store.get_state().timezone),
            initial_range=trend_range,
            on_request=snapshot_request_words(
                demo=demo is not None, has_key=self._snapshot_now is not None
            ),
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
        left_layout.addLayout(self._help_row())
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
        self.setCentralWidget(scroll_below_minimum(central))  # a small screen scrolls

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
        if state.settings != self._settings_shown:
            self._follow_settings(state.settings)
        self.status.update_state(state)
        self.banner.update_state(state)
        self.trend.set_live(LiveProfile.of(state.profile))
        job = state.snapshots
        key = (job.counters.created, job.last_snapshot)
        if key != self._trend_key:
            self._trend_key = key
            self.trend.reload()

    def _follow_settings(self, settings: Settings) -> None:
        """Every text about the policy says the settings in force from now on."""
        first = self._settings_shown is None
        self._settings_shown = settings
        show_policy(shown_policy().with_settings(settings))
        if not first:
            self.trend.reload()  # its legend, labels and empty text name the interval

    def show_settings(self) -> None:
        """The Settings dialog, filled with the settings in force; OK dispatches the change."""
        if self.settings_dialog is not None:
            self.settings_dialog.close()
        dialog = SettingsDialog(self._store.get_state().settings, self)
        dialog.accepted.connect(lambda: self._apply_settings(dialog))
        self.settings_dialog = dialog
        dialog.open()

    def _apply_settings(self, dialog: SettingsDialog) -> None:
        chosen = dialog.chosen
        state = self._store.get_state()
        if chosen is None or (chosen == state.settings and state.settings_not_saved is None):
            return  # nothing to change or to save again
        self._store.dispatch(SettingsChanged(**chosen._asdict(), at=self._now()))

    def _add_shortcuts(self) -> None:
        """Every key of the window; each says what it does, and the F1 help lists them."""
        for key, direction in KEYS.items():
            shortcut = describe(QShortcut(QKeySequence(key), self), KEY_TEXTS[direction])
            shortcut.activated.connect(lambda direction=direction: self.deck.swipe(direction))
        quit_text = "Quit (asks first about any swipe that could not be saved)"
        describe(QShortcut(QKeySequence("Ctrl+Q"), self), quit_text).activated.connect(
            self.close_on_request
        )
        if self._snapshot_now is not None:
            describe(
                QShortcut(QKeySequence(SNAPSHOT_KEY), self), "Take a snapshot of your profile now"
            ).activated.connect(self._snapshot_now)
        demo = self.demo
        if demo is not None:
            describe(
                QShortcut(QKeySequence("Ctrl+D"), self), "Demo: show or hide the demo controls"
            ).activated.connect(demo.toggle.toggle)

    def _help_row(self) -> QHBoxLayout:
        """A "?" button under the deck with the help menu: keyboard shortcuts (F1) and About.

        A button, not a menu bar: a menu bar's row would make the window taller than the
        smallest size it fits in (800x560)."""
        self.shortcuts_action = QAction("&Keyboard shortcuts", self)
        self.shortcuts_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.shortcuts_action.setWhatsThis("Show this list of keyboard shortcuts")
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.addAction(self.shortcuts_action)  # F1 works wherever the focus is
        self.about_action = QAction("&About TasteTrail", self)
        self.about_action.setEnabled(self.about_info is not None)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu = QMenu("Help", self)
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addAction(self.about_action)
        self.help_button = QToolButton()
        self.help_button.setText("? Help")
        self.help_button.setToolTip("Help: keyboard shortcuts (F1), About TasteTrail")
        self.help_button.setAccessibleName("Help")
        self.help_button.setMenu(self.help_menu)
        self.help_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.settings_action = QAction("&Settings…", self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setWhatsThis(
            "Settings: the swipe interval, the quiet period and the maximum wait"
        )
        self.settings_action.triggered.connect(self.show_settings)
        self.addAction(self.settings_action)  # Ctrl+, works wherever the focus is
        self.settings_button = QToolButton()
        self.settings_button.setDefaultAction(self.settings_action)
        self.settings_button.setText("⚙ Settings")
        self.settings_button.setToolTip("Settings: when snapshots are taken (Ctrl+,)")
        self.settings_button.setAccessibleName("Settings")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(self.settings_button)
        row.addWidget(self.help_button)
        return row

    def show_shortcuts(self) -> None:
        """The keyboard shortcuts help, read from this window's shortcuts as they are now."""
        if self.shortcuts_dialog is not None:
            self.shortcuts_dialog.close()
        self.shortcuts_dialog = ShortcutsDialog(shortcut_list(self), self)
        self.shortcuts_dialog.open()

    def show_about(self) -> None:
        if self.about_info is None:
            return
        if self.about_dialog is None:
            self.about_dialog = AboutDialog(self.about_info, parent=self)
        self.about_dialog.open()

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

    def close_on_request(self) -> bool:
        """Close as the person asked to (Ctrl+Q): unsaved swipes are asked about first."""
        self._person_closes = True
        try:
            return self.close()
        finally:
            self._person_closes = False

    def closeEvent(self, event: QCloseEvent) -> None:
        # Swipes that could not be saved are the person's: a close they asked for (Ctrl+Q,
        # the title bar's button) asks what to do with them. A close from the program (a
        # signal to quit, the app's own shutdown) does not wait for an answer; the session's
        # close names what it could not save.
        asked_by_person = self._person_closes or event.spontaneous()
        unsaved = self._unsaved
        if (
            asked_by_person
            and unsaved is not None
            and self.isVisible()
            and not may_close(self, unsaved)
        ):
            event.ignore()
            self.deck.setFocus()
            return
        self._unsubscribe()
        self.trend.close_loader()
        super().closeEvent(event)
