"""The snapshot rows' table view: keeps its arrow keys, sizes its columns once, fits narrow.

Columns are sized from the widest text each can show (`SAMPLE_TEXTS`), never by measuring
rows, so a new page of rows costs no layout. When the table is too narrow for every column,
the local date column goes first (the time beside it, and a rollover's window key, already
say which day a row belongs to), then the trigger's name, leaving its swatch (the same shape
and colour as the chart's marker and legend) with the name as its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetricsF, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.snapshot_table_model import SAMPLE_TEXTS, SnapshotTableModel

LOCAL_DATE_COLUMN = 1
TRIGGER_COLUMN = 2
CELL_PADDING_PX = 14
NAVIGATION_KEYS = frozenset(
    {
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
    }
)


class RowsTable(QTableView):
    """A read-only, row-selecting table of snapshot rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Snapshot rows")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self._widths: list[int] = []

    def size_columns(self) -> None:
        """Column widths from the widest text each can show (call once a model is set)."""
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = QFontMetricsF(self.font())
        icon = self._icon_side()
        self._widths = []
        for column, text in enumerate(SAMPLE_TEXTS):
            extra = icon + 8 if column == TRIGGER_COLUMN else 0
            width = int(metrics.horizontalAdvance(text)) + CELL_PADDING_PX + extra
            header.resizeSection(column, width)
            self._widths.append(width)
        header.setMinimumSectionSize(self._icon_side() + CELL_PADDING_PX)
        header.setStretchLastSection(True)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Narrow: drop the local date; narrower still: the trigger shows only its swatch."""
        model = self.model()
        if not self._widths or not isinstance(model, SnapshotTableModel):
            return
        room = self.viewport().width()
        without_date = sum(self._widths) - self._widths[LOCAL_DATE_COLUMN]
        drop_date = room < sum(self._widths)
        icons_only = room < without_date
        if self.isColumnHidden(LOCAL_DATE_COLUMN) != drop_date:
            self.setColumnHidden(LOCAL_DATE_COLUMN, drop_date)
        if icons_only != model.icons_only:
            model.set_icons_only(icons_only)
            swatch = self._icon_side() + CELL_PADDING_PX
            trigger_width = swatch if icons_only else self._widths[TRIGGER_COLUMN]
            self.horizontalHeader().resizeSection(TRIGGER_COLUMN, trigger_width)

    def _icon_side(self) -> int:
        side = self.iconSize().width()
        return side if side > 0 else 16

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in NAVIGATION_KEYS
        ):
            event.accept()
            return True
        return super().event(event)
