"""A non-modal banner at the top of the window: snapshot writes failing, or a read-only file.

It appears while there is a problem and clears itself on recovery (the reason the window
started without saving, once a write lands); it never blocks a swipe.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from store.state import AppState

FAILING_STYLE = "#banner { background: #fee2e2; border: 1px solid #dc2626; border-radius: 6px; }"
DEGRADED_STYLE = "#banner { background: #fef3c7; border: 1px solid #d97706; border-radius: 6px; }"
TEXT_STYLE = "color: #1f2937;"


class StatusBanner(QFrame):
    """Shows why snapshots are not being saved, if they are not; hidden otherwise."""

    def __init__(self, degraded: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._degraded = degraded
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setStyleSheet(TEXT_STYLE)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.label, 1)
        self.setAccessibleName("Problems")
        self._failing_error: str | None = None
        self._saved_at_start: tuple[int, object] | None = None
        self._render()

    @property
    def text(self) -> str:
        return self.label.text()

    def update_state(self, state: AppState) -> None:
        job = state.snapshots
        saved = (job.persisted_sequence, job.last_snapshot)
        if self._saved_at_start is None:
            self._saved_at_start = saved
        elif self._degraded is not None and saved != self._saved_at_start:
            # A write landed after all (the disk had room again, the file became writable):
            # the window saves now, so the reason it could not is no longer news.
            self._degraded = None
            self._render()
        error = (job.last_error or "unknown error") if job.failing else None
        if error != self._failing_error:
            self._failing_error = error
            self._render()

    def _render(self) -> None:
        lines = []
        if self._failing_error is not None:
            lines.append(
                "⚠  Snapshot writes are failing. Your swipes are kept in memory and the write "
                f"is retried automatically. Last error: {self._failing_error}"
            )
        if self._degraded is not None:
            why = self._degraded[:1].upper() + self._degraded[1:]
            lines.append(
                "⚠  This window opened the database read-only: swiping works, but nothing is "
                f"saved. {why}"
            )
        self.label.setText("\n".join(lines))
        self.setStyleSheet(FAILING_STYLE if self._failing_error is not None else DEGRADED_STYLE)
        self.setVisible(bool(lines))
