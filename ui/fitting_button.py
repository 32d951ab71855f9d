"""A push button that shows its short text when its full text would be cut.

A button squeezed below its text's width clips the text ("↶  Un"); this one switches to a
short form ("↶") while the full text does not fit, and keeps the full text as its tooltip's
first words, so nothing on screen is ever a cut word.
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionButton, QWidget

EXTRA_PX = 8
"""Room beside the text that the style keeps for the button's frame and focus rectangle."""


class FittingButton(QPushButton):
    """``FittingButton("↶  Undo", short="↶")``: the full text when it fits, else the short."""

    def __init__(self, text: str, *, short: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.full_text, self.short_text = text, short

    def fits(self, text: str) -> bool:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, option, self)
        return self.fontMetrics().horizontalAdvance(text) + margin + EXTRA_PX <= self.width()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wanted = self.full_text if self.fits(self.full_text) else self.short_text
        if self.text() != wanted:
            self.setText(wanted)
