"""The snapshot rows as a table: newest first, one row per recorded snapshot."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from store.snapshot_rows import SnapshotRow
from ui.trigger_style import TRIGGER_STYLES

HEADERS = ("Created at", "Local date", "Trigger", "Window", "Swipes")
Index = QModelIndex | QPersistentModelIndex


def created_local(row: SnapshotRow) -> str:
    """When ``row`` was created, in the zone recorded with it (UTC if none was)."""
    zone = ZoneInfo(row.meta.timezone) if row.meta is not None else ZoneInfo("UTC")
    return row.created_at.astimezone(zone).strftime("%a %d %b %H:%M:%S")


class SnapshotTableModel(QAbstractTableModel):
    """Read-only rows: created at, local date, trigger, window key, swipes covered."""

    def __init__(self, rows: Sequence[SnapshotRow] = ()) -> None:
        super().__init__()
        self._rows: list[SnapshotRow] = list(reversed(rows))

    def set_rows(self, rows: Sequence[SnapshotRow]) -> None:
        """Replace the rows (given oldest first, as the repository lists them)."""
        self.beginResetModel()
        self._rows = list(reversed(rows))
        self.endResetModel()

    def row_at(self, row: int) -> SnapshotRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            swipes = row.meta.swipe_count if row.meta is not None else row.profile_version
            values = (
                created_local(row),
                row.snapshot_date_local.isoformat(),
                TRIGGER_STYLES[row.trigger_type].label,
                row.window_key,
                str(swipes),
            )
            return values[column] if 0 <= column < len(values) else None
        if role == Qt.ItemDataRole.DecorationRole and column == 2:
            return TRIGGER_STYLES[row.trigger_type].color
        if role == Qt.ItemDataRole.ToolTipRole:
            top = ", ".join(f"{tag.tag} {tag.score:+.2f}" for tag in row.payload.tags[:5])
            return f"{row.trigger_type.value} · top tags: {top or 'none yet'}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
