"""The app's look: Qt's Fusion style, which looks the same on every platform."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def apply_theme(application: QApplication) -> None:
    """Use the Fusion style; fonts and colours stay the platform's (point sizes, palette)."""
    application.setStyle("Fusion")
