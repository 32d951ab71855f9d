"""A push button that shows a short text when it is too narrow for its full one.

Qt elides nothing on a `QPushButton`: a label wider than the button is cut off at both
ends. A button that gives up width for its neighbours (the deck's Undo beside the three
swipe buttons at 800 px) shows its short text instead, and its full text as a tooltip.
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QWidget

PADDING = 16
"""Room a button's frame and margins take beside its text, in pixels (the style's own is
about 12; a little more keeps the text clear of the frame)."""


class CompactButton(QPushButton):
    """``full`` when it fits, ``short`` when it does not."""

    def __init__(self, full: str, short: str, parent: QWidget | None = None) -> None:
        super().__init__(full, parent)
        self.full_text = full
        self.short_text = short

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_text()

    def fit_text(self) -> None:
        """Show the full text if it fits the button's width, else the short one."""
        fits = self.fontMetrics().horizontalAdvance(self.full_text) + PADDING <= self.width()
        text = self.full_text if fits else self.short_text
        if self.text() != text:
            self.setText(text)
