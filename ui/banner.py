"""A non-modal banner at the top of the window: snapshot writes failing, a read-only file, or
what start-up found wrong in the file (damaged swipe rows it skipped).

It appears while there is a problem and clears itself on recovery (the reason the window
started without saving, once a write lands); it never blocks a swipe. When the database
file was deleted or replaced under the app, it also offers a button that writes the whole
history to a new file at the same path (`NewFileOffer`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from store.state import AppState

NEW_FILE_LABEL = "Write to a new file"


@dataclass(frozen=True)
class NewFileOffer:
    """What the banner needs to offer a new file: whether the file is gone, and the action."""

    needed: Callable[[], bool]
    """True while the database's path no longer names the file the app writes."""
    write: Callable[[], None]
    """Write the history to a new file at the path (queued; the state says how it went)."""


FAILING_STYLE = "#banner { background: #fee2e2; border: 1px solid #dc2626; border-radius: 6px; }"
DEGRADED_STYLE = "#banner { background: #fef3c7; border: 1px solid #d97706; border-radius: 6px; }"
TEXT_STYLE = "color: #1f2937;"


class StatusBanner(QFrame):
    """Shows why snapshots are not being saved, if they are not; hidden otherwise."""

    def __init__(
        self,
        degraded: str | None = None,
        parent: QWidget | None = None,
        *,
        new_file: NewFileOffer | None = None,
        warnings: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._degraded = degraded
        self._new_file = new_file
        self._warnings = tuple(warnings)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setStyleSheet(TEXT_STYLE)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.label, 1)
        self.new_file_button = QPushButton(NEW_FILE_LABEL)
        self.new_file_button.setAccessibleName(NEW_FILE_LABEL)
        self.new_file_button.setToolTip(
            "Write every saved swipe and snapshot, then the unsaved ones, to a new database "
            "file at the same path"
        )
        self.new_file_button.clicked.connect(self._write_new_file)
        layout.addWidget(self.new_file_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName("Problems")
        self._failing_error: str | None = None
        self._offer_new_file = False
        self._unsaved = 0
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
        offer = error is not None and self._new_file is not None and self._new_file.needed()
        unsaved = max(0, state.profile.sequence - job.persisted_sequence) if job.failing else 0
        changed = (error, offer) != (self._failing_error, self._offer_new_file)
        if changed or unsaved != self._unsaved:
            self._failing_error = error
            self._offer_new_file = offer
            self._unsaved = unsaved
            self._render(problem_changed=changed)

    def _write_new_file(self) -> None:
        if self._new_file is None:
            return
        self.new_file_button.setEnabled(False)  # until the outcome reaches the state
        self._new_file.write()

    def _render(self, *, problem_changed: bool = True) -> None:
        lines = []
        if self._failing_error is not None and self._offer_new_file:
            lines.append(
                f"⚠  Nothing is being saved: the database file is gone. {self._failing_error}"
            )
        elif self._failing_error is not None:
            unsaved = self._unsaved
            kept = (
                f"Your {unsaved} unsaved swipe{' is' if unsaved == 1 else 's are'} kept in "
                "memory (closing the window now loses them)"
                if unsaved
                else "Your swipes are kept in memory"
            )
            lines.append(
                f"⚠  Snapshot writes are failing. {kept} and the write is retried "
                f"automatically. Last error: {self._failing_error}"
            )
        if self._degraded is not None:
            why = self._degraded[:1].upper() + self._degraded[1:]
            lines.append(
                "⚠  This window opened the database read-only: swiping works, but nothing is "
                f"saved. {why}"
            )
        lines.extend(f"⚠  {warning}" for warning in self._warnings)
        self.label.setText("\n".join(lines))
        self.new_file_button.setVisible(self._offer_new_file)
        if problem_changed:  # a new count of unsaved swipes leaves a clicked button as it is
            self.new_file_button.setEnabled(True)
        self.setStyleSheet(FAILING_STYLE if self._failing_error is not None else DEGRADED_STYLE)
        self.setVisible(bool(lines))
