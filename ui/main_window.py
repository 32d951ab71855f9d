"""The main window (a minimal placeholder until the full UI lands)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QMainWindow


class MainWindow(QMainWindow):
    def __init__(self, session: Any, *, demo_clock: Any = None) -> None:
        super().__init__()
        self.setWindowTitle("TasteTrail")
        self.resize(1100, 720)
        profile = session.store.get_state().profile
        self.setCentralWidget(QLabel(f"TasteTrail — {profile.sequence} swipes so far"))
