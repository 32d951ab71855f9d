"""The app's look: Qt's Fusion style with its light palette, and every text colour we add.

The palette is Fusion's own (the same on every platform, whatever the desktop's theme),
with one change: the selection is darker, so white selected text reads on it. Every
colour text is drawn in, and the background it is drawn on, is named here, and
``tests/ui/test_contrast.py`` checks each pair against WCAG AA (4.5:1).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

WINDOW = "#efefef"
"""Fusion's window background: the deck, the status tiles, the panels."""
BASE = "#ffffff"
"""Fusion's base: the card, the table, text fields."""
TEXT = "#000000"
"""Fusion's text, on the window and on the base."""
HIGHLIGHT = "#2875a5"
"""The selection, darker than Fusion's #308cc6 (3.7:1 under white text) to reach 5:1."""
HIGHLIGHTED_TEXT = "#ffffff"
CAPTION_TEXT = "#595959"
"""Secondary text (counter captions, the key hints, notes): quieter than ``TEXT``, and
6.1:1 on the window. It replaces disabled labels, whose #bebebe gave 1.6:1 and told a
screen reader the text was unavailable."""
CAPTION_STYLE = f"color: {CAPTION_TEXT};"
"""The style sheet of a caption label."""

TEXT_ON_BACKGROUND: dict[str, tuple[str, str]] = {
    "text on the window": (TEXT, WINDOW),
    "text on the card and the table": (TEXT, BASE),
    "selected text": (HIGHLIGHTED_TEXT, HIGHLIGHT),
    "captions and hints on the window": (CAPTION_TEXT, WINDOW),
    "captions on the card and the table": (CAPTION_TEXT, BASE),
}
"""Every pair of a text colour defined here and the background it is drawn on."""


def palette() -> QPalette:
    """Fusion's light palette with the darker selection."""
    style = QStyleFactory.create("Fusion")
    result = QPalette(style.standardPalette())
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        result.setColor(group, QPalette.ColorRole.Highlight, QColor(HIGHLIGHT))
        result.setColor(group, QPalette.ColorRole.HighlightedText, QColor(HIGHLIGHTED_TEXT))
    return result


def apply_theme(application: QApplication) -> None:
    """Use the Fusion style and `palette`; fonts stay the platform's (point sizes, DPI)."""
    application.setStyle("Fusion")
    application.setPalette(palette())
