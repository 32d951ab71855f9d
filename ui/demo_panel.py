"""Demo controls in a collapsible panel: a burst of swipes, snapshot now, failing writes,
and (with ``--demo-clock``) a jump to ten seconds before local midnight.

The panel calls a small facade, `DemoActions`, so it knows nothing about the job, the clock
or the fault switch behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.theme import CAPTION_STYLE

BURST_SIZE = 50


@dataclass(frozen=True, slots=True)
class DemoActions:
    """What the demo buttons do; the app builds it from the session."""

    snapshot_now: Callable[[], None]
    """Ask for a MANUAL snapshot now."""
    set_fail_writes: Callable[[bool], None]
    """Make every database write fail (True) or work again (False)."""
    jump_before_midnight: Callable[[], None] | None = None
    """Move the app's clock to 23:59:50 local time today; None hides the button."""
    burst: Callable[[int], object] | None = None
    """Swipe this many cards quickly; None means through the window's own deck."""


class DemoPanel(QWidget):
    """A checkable tool button that shows or hides the demo controls."""

    def __init__(self, actions: DemoActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actions = actions
        self.toggle = QToolButton()
        self.toggle.setText("Demo controls")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolTip("Show or hide the demo controls (Ctrl+D)")
        self.toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.box = QGroupBox()
        self.burst_button = QPushButton(f"&Burst ×{BURST_SIZE}")
        self.burst_button.setToolTip(f"{BURST_SIZE} quick swipes in random directions")
        self.snapshot_button = QPushButton("&Snapshot now")
        self.snapshot_button.setToolTip("Record a MANUAL snapshot now (Ctrl+S)")
        self.fail_button = QPushButton("&Fail writes")
        self.fail_button.setCheckable(True)
        self.fail_button.setToolTip(
            "Make every database write fail, as a full or broken disk would; swipes go on"
        )
        self.jump_button: QPushButton | None = None
        grid = QGridLayout(self.box)
        grid.addWidget(self.burst_button, 0, 0)
        grid.addWidget(self.snapshot_button, 0, 1)
        grid.addWidget(self.fail_button, 1, 0)
        if actions.jump_before_midnight is not None:
            self.jump_button = QPushButton("&Jump to 23:59:50")
            self.jump_button.setToolTip(
                "Move the app's clock to 23:59:50 local time: a day rollover follows in 10 s"
            )
            self.jump_button.clicked.connect(actions.jump_before_midnight)
            grid.addWidget(self.jump_button, 1, 1)
        note = QLabel("Swipes are never blocked: failed writes are retried until they land.")
        note.setWordWrap(True)
        note.setStyleSheet(CAPTION_STYLE)
        grid.addWidget(note, 2, 0, 1, 2)
        self.box.setVisible(False)

        self.burst_button.clicked.connect(self._burst)
        self.snapshot_button.clicked.connect(actions.snapshot_now)
        self.fail_button.toggled.connect(self._fail_writes)
        self.toggle.toggled.connect(self.set_expanded)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.box)

    @property
    def demo_actions(self) -> DemoActions:
        return self._actions

    def set_expanded(self, expanded: bool) -> None:
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)  # emits toggled, which calls back here
            return
        self.box.setVisible(expanded)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)

    def _burst(self) -> None:
        if self._actions.burst is not None:
            self._actions.burst(BURST_SIZE)

    def _fail_writes(self, on: bool) -> None:
        self._actions.set_fail_writes(on)
        self.fail_button.setText("&Fail writes: ON" if on else "&Fail writes")
