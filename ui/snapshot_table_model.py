"""The snapshot rows as a lazy table: newest first, a keyset page at a time.

The model holds only the pages the view has scrolled to (`canFetchMore`/`fetchMore`), never
the whole history. A page is asked for through ``request_page`` (the panel hands it to its
loader, which reads it off the GUI thread) and arrives in `add_older`; new snapshots arrive
in `add_newer` and go on top. While the table shows its first rows, the rows past
`MAX_HELD` are let go again, so a window left open for months holds a few screens.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from middleware.persistence.trend_queries import PageKey, SnapshotPage
from store.snapshot_rows import SnapshotRow
from ui.checkpoint_words import CHECKPOINT_HELP, checkpoint_text
from ui.numbers import score_text
from ui.trend_requests import TABLE_PAGE, OlderRows
from ui.trigger_style import row_trigger_label, trigger_icon
from ui.zone_time import UTC_ZONE, format_instant

HEADERS = ("Created at", "Local date", "Trigger", "Checkpoint")
HEADER_TIPS = (
    "When the row was saved, in your time zone",
    "The local day the row belongs to",
    "What made the snapshot",
    CHECKPOINT_HELP,
)
SAMPLE_TEXTS = (
    "Wed 30 Sep 2026 23:59 CEST",
    "2026-09-30",
    "Every 25 swipes",
    "day 2026-09-30 (at 300,000)",
)
"""The widest text each column shows, so columns are sized once, never by measuring rows."""
MAX_HELD = 3 * TABLE_PAGE
Index = QModelIndex | QPersistentModelIndex


def created_local(row: SnapshotRow, zone: ZoneInfo) -> str:
    """When ``row`` was created, in the viewer's zone (as the status line, the hover and
    the axis show it), zone named."""
    return format_instant(row.created_at, zone)


class SnapshotTableModel(QAbstractTableModel):
    """Read-only rows: created at, local date, trigger, and the checkpoint with its swipes."""

    def __init__(
        self,
        request_page: Callable[[OlderRows], None] | None = None,
        *,
        zone: Callable[[], ZoneInfo] = lambda: UTC_ZONE,
    ) -> None:
        super().__init__()
        self._request_page = request_page
        self._zone = zone
        self._rows: list[SnapshotRow] = []
        self._exhausted = request_page is None
        self._fetching = False
        self.pages_loaded = 0
        self.icons_only = False
        """The trigger column shows only its swatch (a narrow table); the name is its tooltip."""

    # --- paging ----------------------------------------------------------------------------

    @property
    def top_key(self) -> PageKey | None:
        """The newest row held, from which a refresh asks for the rows after it."""
        return PageKey.of(self._rows[0]) if self._rows else None

    @property
    def fetching(self) -> bool:
        return self._fetching

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        """Older rows exist than those held (true while their page is on its way, too)."""
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """Ask for the next older page; a call while one is on its way asks nothing more."""
        if not self.canFetchMore(parent) or self._fetching or self._request_page is None:
            return
        self._fetching = True
        after = PageKey.of(self._rows[-1]) if self._rows else None
        self._request_page(OlderRows(after))

    def add_older(self, request: OlderRows, page: SnapshotPage) -> None:
        """A page asked for by `fetchMore` has arrived: append it below the held rows."""
        self._fetching = False
        after = PageKey.of(self._rows[-1]) if self._rows else None
        if request.after != after:
            return  # the rows changed under it (a reset): the view will ask again
        self.pages_loaded += 1
        self._exhausted = page.next_key is None
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()

    def add_newer(self, page: SnapshotPage, *, keep_first: int = MAX_HELD) -> None:
        """Rows recorded after the top one (oldest first): put them on top, newest first.

        ``keep_first``: when the table holds more, the oldest held rows are let go (they are
        fetched again if scrolled to). Pass a larger number while the user reads deep rows.
        """
        if page.next_key is not None:
            self.reset_rows()  # more new rows than a page: start again from the newest
            return
        if page.rows:
            self.beginInsertRows(QModelIndex(), 0, len(page.rows) - 1)
            self._rows[:0] = reversed(page.rows)
            self.endInsertRows()
        if len(self._rows) > keep_first:
            self.beginRemoveRows(QModelIndex(), keep_first, len(self._rows) - 1)
            del self._rows[keep_first:]
            self.endRemoveRows()
            self._exhausted = False

    def reset_rows(self, rows: Sequence[SnapshotRow] = ()) -> None:
        """Hold ``rows`` (newest first) and let the view fetch what follows."""
        self.beginResetModel()
        self._rows = list(rows)
        self._exhausted = self._request_page is None
        self._fetching = False
        self.endResetModel()

    def set_icons_only(self, on: bool) -> None:
        if on == self.icons_only:
            return
        self.icons_only = on
        if self._rows:
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, 2), self.index(last, 2))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 2, 2)

    def row_at(self, row: int) -> SnapshotRow:
        return self._rows[row]

    # --- the model -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if self.icons_only and section == 2 else HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                created_local(row, self._zone()),
                row.snapshot_date_local.isoformat(),
                "" if self.icons_only else row_trigger_label(row.trigger_type),
                checkpoint_text(row),
            )
            return values[column] if 0 <= column < len(values) else None
        if role == Qt.ItemDataRole.DecorationRole and column == 2:
            return trigger_icon(row.trigger_type)
        if role == Qt.ItemDataRole.ToolTipRole:
            top = ", ".join(f"{tag.tag} {score_text(tag.score)}" for tag in row.payload.tags[:5])
            return (
                f"{row_trigger_label(row.trigger_type)} ({row.window_key}) · "
                f"top tags: {top or 'none yet'}"
            )
        return None
