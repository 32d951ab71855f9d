"""The one dialog the app shows: its database is damaged; move it aside, or quit.

Shown before the main window, only when SQLite calls the database damaged and a person is
at the display (`app.damaged_database` decides). "Move aside and start fresh" keeps the
file, renamed, and starts a new database; "Quit", the default, leaves everything as it is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

MOVE_ASIDE = "Move aside and start fresh"
QUIT = "Quit"


class DamagedDatabaseDialog(QMessageBox):
    """Asks whether to move the damaged database at ``db_path`` to ``aside``."""

    def __init__(
        self, db_path: Path, problem: str, aside: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("TasteTrail: the database is damaged")
        self.setText(f"The database {db_path.name} is damaged, and TasteTrail cannot open it.")
        self.setInformativeText(
            f"{MOVE_ASIDE} renames it to {aside.name} in the same folder, with its bytes "
            "unchanged, and starts a new, empty database. "
            f"{QUIT} changes nothing: python -m app restore --db {db_path} puts back a "
            "daily backup, if there is one."
        )
        self.setDetailedText(problem)
        self.move_button = self.addButton(MOVE_ASIDE, QMessageBox.ButtonRole.AcceptRole)
        self.quit_button = self.addButton(QUIT, QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.quit_button)
        self.setEscapeButton(self.quit_button)

    @property
    def chose_move_aside(self) -> bool:
        return self.clickedButton() is self.move_button


def ask_to_move_aside(db_path: Path, problem: str, aside: Path) -> bool:
    """Show the dialog until it is answered; True for "move aside"."""
    dialog = DamagedDatabaseDialog(db_path, problem, aside)
    dialog.exec()
    return dialog.chose_move_aside
