"""The keyboard shortcuts help (F1): read from the window's own shortcut objects.

The list is not written down anywhere: it is every `QShortcut` and every `QAction` with a
key under the window, as Qt holds them, so a shortcut added, removed or disabled shows up
here as it is. Each shortcut says what it does in its ``whatsThis`` (an action: its text);
one that does not is listed as `UNDESCRIBED`, and a test fails on it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

UNDESCRIBED = "(no description)"


def describe(shortcut: QShortcut, text: str) -> QShortcut:
    """Say what ``shortcut`` does, for the help list; returns it, for chaining."""
    shortcut.setWhatsThis(text)
    return shortcut


def shortcut_list(root: QWidget) -> list[tuple[str, str]]:
    """(keys, what they do) for every enabled shortcut under ``root``, in creation order."""
    rows: list[tuple[str, str]] = []
    for shortcut in root.findChildren(QShortcut):
        if shortcut.isEnabled() and not shortcut.key().isEmpty():
            rows.append((_keys(shortcut.key()), shortcut.whatsThis() or UNDESCRIBED))
    for action in root.findChildren(QAction):
        if not action.isEnabled():
            continue
        for key in action.shortcuts():
            if not key.isEmpty():
                text = action.whatsThis() or action.text().replace("&", "") or UNDESCRIBED
                rows.append((_keys(key), text))
    return rows


def _keys(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


class ShortcutsDialog(QDialog):
    """A two-column table: the keys, and what they do."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts — TasteTrail")
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels(["Keys", "What it does"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, (keys, text) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Keys that work anywhere in the window:"))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(460, 120 + 30 * len(rows))

    def rows(self) -> list[tuple[str, str]]:
        """What the table shows, cell by cell."""
        def cell(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return "" if item is None else item.text()

        return [(cell(row, 0), cell(row, 1)) for row in range(self.table.rowCount())]
