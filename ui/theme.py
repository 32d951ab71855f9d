"""The app's look: Qt's Fusion style, in the desktop's light or dark colour scheme.

`Scheme.LIGHT` is Fusion's own light palette with a darker selection (so white selected text
reads on it); `Scheme.DARK` is a dark palette of our own. Which one the window uses follows
the desktop (`QStyleHints.colorScheme`, Qt 6.5+; light when the desktop does not say), and
follows it again when the desktop switches. Every colour text is drawn in, and the
background it is drawn on, is named here per scheme, and ``tests/ui/test_contrast.py``
checks each pair against WCAG AA (4.5:1) in both schemes. Captions take their colour from
the palette (``palette(placeholder-text)``), so one style sheet serves both schemes.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory


class Scheme(StrEnum):
    LIGHT = "light"
    DARK = "dark"


class Colours(NamedTuple):
    window: str
    """The deck, the status tiles, the panels."""
    base: str
    """The card, the table, text fields."""
    alternate_base: str
    text: str
    """Text on the window and on the base."""
    button: str
    highlight: str
    highlighted_text: str
    caption_text: str
    """Secondary text (counter captions, the key hints, notes): quieter than ``text``. It
    replaces disabled labels, whose pale grey read at 1.6:1 and told a screen reader the
    text was unavailable."""
    tooltip_base: str
    disabled_text: str


COLOURS = {
    Scheme.LIGHT: Colours(
        window="#efefef",
        base="#ffffff",
        alternate_base="#f7f7f7",
        text="#000000",
        button="#efefef",
        highlight="#2875a5",  # darker than Fusion's #308cc6 (3.7:1 under white text): 5:1
        highlighted_text="#ffffff",
        caption_text="#595959",
        tooltip_base="#ffffdc",
        disabled_text="#8c8c8c",
    ),
    Scheme.DARK: Colours(
        window="#202124",
        base="#17181b",
        alternate_base="#1f2023",
        text="#e8eaed",
        button="#2d2f33",
        highlight="#1d4ed8",
        highlighted_text="#ffffff",
        caption_text="#a9aeb6",
        tooltip_base="#2d2f33",
        disabled_text="#7c8088",
    ),
}

WINDOW, BASE, TEXT = COLOURS[Scheme.LIGHT].window, COLOURS[Scheme.LIGHT].base, "#000000"
HIGHLIGHT, HIGHLIGHTED_TEXT = COLOURS[Scheme.LIGHT].highlight, "#ffffff"
CAPTION_TEXT = COLOURS[Scheme.LIGHT].caption_text
"""The light scheme's colours, by their old names."""
CAPTION_STYLE = "color: palette(placeholder-text);"
"""The style sheet of a caption label: the scheme's caption colour."""


def text_on_background(scheme: Scheme) -> dict[str, tuple[str, str]]:
    """Every pair of a text colour of ``scheme`` and the background it is drawn on."""
    c = COLOURS[scheme]
    return {
        "text on the window": (c.text, c.window),
        "text on the card and the table": (c.text, c.base),
        "text on the table's other rows": (c.text, c.alternate_base),
        "text on buttons": (c.text, c.button),
        "selected text": (c.highlighted_text, c.highlight),
        "captions and hints on the window": (c.caption_text, c.window),
        "captions on the card and the table": (c.caption_text, c.base),
        "tooltips": (c.text, c.tooltip_base),
    }


TEXT_ON_BACKGROUND = text_on_background(Scheme.LIGHT)


def desktop_scheme() -> Scheme:
    """The desktop's colour scheme, as Qt reports it; light when it does not say."""
    hints = QGuiApplication.styleHints()
    return Scheme.DARK if hints.colorScheme() == Qt.ColorScheme.Dark else Scheme.LIGHT


def palette(scheme: Scheme = Scheme.LIGHT) -> QPalette:
    """The palette of ``scheme`` (light: Fusion's, with the darker selection)."""
    c = COLOURS[scheme]
    Role = QPalette.ColorRole
    if scheme is Scheme.LIGHT:
        result = QPalette(QStyleFactory.create("Fusion").standardPalette())
    else:
        result = QPalette(QColor(c.button), QColor(c.window))
        for role, colour in (
            (Role.WindowText, c.text),
            (Role.Base, c.base),
            (Role.AlternateBase, c.alternate_base),
            (Role.Text, c.text),
            (Role.ButtonText, c.text),
            (Role.BrightText, "#ffffff"),
            (Role.ToolTipBase, c.tooltip_base),
            (Role.ToolTipText, c.text),
            (Role.Link, "#8ab4f8"),
            (Role.Light, "#3c3f44"),
            (Role.Midlight, "#33363a"),
            (Role.Mid, "#2a2c30"),
            (Role.Dark, "#111214"),
            (Role.Shadow, "#000000"),
        ):
            result.setColor(role, QColor(colour))
        for role in (Role.WindowText, Role.Text, Role.ButtonText):
            result.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.disabled_text))
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        result.setColor(group, Role.Highlight, QColor(c.highlight))
        result.setColor(group, Role.HighlightedText, QColor(c.highlighted_text))
        result.setColor(group, Role.PlaceholderText, QColor(c.caption_text))
    return result


def apply_theme(application: QApplication, scheme: Scheme | None = None) -> Scheme:
    """Use the Fusion style and the palette of ``scheme`` (None: the desktop's, followed
    when the desktop switches); fonts stay the platform's. Returns the scheme applied."""
    application.setStyle("Fusion")
    chosen = scheme or desktop_scheme()
    application.setPalette(palette(chosen))
    if scheme is None and not application.property("tastetrail_follows_scheme"):
        application.setProperty("tastetrail_follows_scheme", True)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(
            lambda _scheme: application.setPalette(palette(desktop_scheme()))
        )
    return chosen
