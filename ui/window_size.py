"""How big the window opens: its usual size, never more than the screen, and what it does
when the screen has less room than its panels need.

`fit_to_screen` sizes a window to `DEFAULT_SIZE` or the screen's available area, whichever
is smaller (at ``QT_SCALE_FACTOR=2`` a 1280x800 screen is 640x400 to Qt), and sets a
minimum size, `MINIMUM_SIZE`, also capped by the screen. `scroll_below_minimum` holds the
window's content: the content never gets smaller than `MINIMUM_SIZE`, below which text
would be cut and panels would cover one another; a window smaller than that (a scaled or
small screen) scrolls its content instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

DEFAULT_SIZE = QSize(1200, 780)
MINIMUM_SIZE = QSize(800, 560)
"""The smallest size at which every label, button and axis of the window is shown whole
(the geometry test checks 800x560 and up); a smaller window scrolls."""


def fit_to_screen(window: QWidget, room: QSize | None = None) -> QSize:
    """Size ``window`` for its screen (or for ``room``, the screen's available area);
    returns the size given."""
    if room is None:
        screen = window.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().size() if screen is not None else DEFAULT_SIZE
    window.setMinimumSize(MINIMUM_SIZE.boundedTo(room))
    size = DEFAULT_SIZE.boundedTo(room).expandedTo(window.minimumSize())
    window.resize(size)
    return size


class _AtLeastMinimum(QWidget):
    """Holds the window's content, filling it; never smaller than `MINIMUM_SIZE` nor than
    the content's own minimum.

    It places the content itself rather than through a layout: a layout would pass on the
    height its word-wrapped labels prefer at the current width, and the scroll area would
    then scroll a window that fits (a two-line banner at 1200x780)."""

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self._content = content
        content.setParent(self)

    def minimumSizeHint(self) -> QSize:
        return self._content.minimumSizeHint().expandedTo(MINIMUM_SIZE)

    def sizeHint(self) -> QSize:
        return self._content.sizeHint().expandedTo(self.minimumSizeHint())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the content's needs changed
            self.updateGeometry()
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._content.setGeometry(self.rect())


def scroll_below_minimum(content: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area that fills the window, scroll bars showing
    only when the window is smaller than `MINIMUM_SIZE` or than what the content's layout
    needs. The area never takes the keyboard focus: the keys stay with the panels."""
    area = QScrollArea()
    area.setObjectName("window-scroll")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(_AtLeastMinimum(content))
    return area
