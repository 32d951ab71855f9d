"""How big the window opens: its usual size, never more than the screen, never less than
what its panels need.

`fit_to_screen` sizes a window to `DEFAULT_SIZE` or the screen's available area, whichever
is smaller (at ``QT_SCALE_FACTOR=2`` a 1600x1000 screen is 800x500 to Qt), and sets a
minimum size, `MINIMUM_SIZE`, also capped by the screen, below which text would be cut.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

DEFAULT_SIZE = QSize(1200, 780)
MINIMUM_SIZE = QSize(760, 480)
"""The smallest size at which every label, button and axis of the window stays whole
(the geometry test checks 800x560 and up)."""


def fit_to_screen(window: QWidget) -> QSize:
    """Size ``window`` for its screen; returns the size given."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry().size() if screen is not None else DEFAULT_SIZE
    window.setMinimumSize(MINIMUM_SIZE.boundedTo(room))
    size = DEFAULT_SIZE.boundedTo(room).expandedTo(window.minimumSize())
    window.resize(size)
    return size
