""""About TasteTrail": the version, the database in use, its backups, and a way to them.

The window is told these facts (`AboutInfo`, built by the app from the session); it never
looks for files itself. "Open the data folder" asks the desktop to show the database's
folder (`QDesktopServices.openUrl`, injectable for tests).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class AboutInfo:
    """What "About" shows: the version, the database file and where its backups go."""

    version: str
    db_path: Path
    backups_folder: Path
    is_default_db: bool

    @property
    def data_folder(self) -> Path:
        return self.db_path.parent


class AboutDialog(QDialog):
    def __init__(
        self,
        info: AboutInfo,
        *,
        open_url: Callable[[QUrl], object] = QDesktopServices.openUrl,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("About TasteTrail")
        self._info = info
        self._open_url = open_url
        title = QLabel(f"<b>TasteTrail</b> {info.version}")
        title.setTextFormat(Qt.TextFormat.RichText)
        blurb = QLabel(
            "Swipe through dishes; your taste profile is saved as you go and snapshotted "
            "over time."
        )
        blurb.setWordWrap(True)
        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        database = str(info.db_path) + ("" if not info.is_default_db else " (the default)")
        for name, value in (
            ("Version", info.version),
            ("Database", database),
            ("Daily backups", f"{info.backups_folder} (NAME.backup-DATE, the last 7 days)"),
        ):
            label = QLabel(value)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self.fields[name] = label
            form.addRow(f"{name}:", label)
        self.open_folder_button = QPushButton("&Open the data folder")
        self.open_folder_button.clicked.connect(self.open_data_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.open_folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, 0)

    def open_data_folder(self) -> None:
        self._open_url(QUrl.fromLocalFile(str(self._info.data_folder)))
