"""A non-modal banner at the top of the window: snapshot writes failing, a read-only file, a
change of the settings that could not be saved, or what start-up found wrong in the file
(damaged swipe rows or stored settings it skipped).

It appears while there is a problem and clears itself on recovery; it never blocks a swipe.
It shows one message, the one that says what the person can do: for a window that cannot
save (the file is read-only, or another TasteTrail process writes it) that is why, and
what to do, and not the writes failing meanwhile, which follow from it and would be retried
for nothing. When a write lands after all (the file was made writable), it goes. When the
database file was deleted or replaced under the app, it offers a button that writes the
whole history to a new file at the same path (`NewFileOffer`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from store.state import AppState
from ui.plain_label import plain_label

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
        self.label = plain_label()  # error text and damaged values, shown as they are
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
        self._pipeline_line = ""
        self._settings_line = ""
        self._offer_new_file = False
        self._unsaved = 0
        self._persisted_at_open: int | None = None
        self._render()

    @property
    def text(self) -> str:
        return self.label.text()

    def update_state(self, state: AppState) -> None:
        job = state.snapshots
        if self._persisted_at_open is None:
            self._persisted_at_open = job.persisted_sequence
        saved_since = job.persisted_sequence > self._persisted_at_open or job.counters.created > 0
        degraded_changed = False
        if self._degraded is not None and saved_since:
            self._degraded = None  # it can be written after all: the read-only line is wrong
            degraded_changed = True
        error = (job.last_error or "unknown error") if job.failing else None
        offer = error is not None and self._new_file is not None and self._new_file.needed()
        unsaved = max(0, state.profile.sequence - job.persisted_sequence) if job.failing else 0
        pipeline = pipeline_line(state)
        changed = degraded_changed or (error, offer) != (self._failing_error, self._offer_new_file)
        if pipeline != self._pipeline_line:
            self._pipeline_line = pipeline
            changed = True
        settings = settings_line(state, saves_nothing=self._degraded is not None)
        if settings != self._settings_line:
            self._settings_line = settings
            changed = True
        if changed or unsaved != self._unsaved:
            self._failing_error = error
            self._offer_new_file = offer
            self._unsaved = unsaved
            self._render(problem_changed=changed)

    def set_degraded(self, degraded: str) -> None:
        """Why nothing of this window is saved has changed (the window that was writing the
        file has closed): say what is true now."""
        if degraded != self._degraded:
            self._degraded = degraded
            self._render()

    def _write_new_file(self) -> None:
        if self._new_file is None:
            return
        self.new_file_button.setEnabled(False)  # until the outcome reaches the state
        self._new_file.write()

    def _render(self, *, problem_changed: bool = True) -> None:
        message = self._message()
        lines = [line for line in (message, self._pipeline_line, self._settings_line) if line]
        lines += [f"⚠  {warning}" for warning in self._warnings]
        offer = self._offer_new_file and self._degraded is None
        self.label.setText("\n".join(lines))
        self.new_file_button.setVisible(offer)
        if problem_changed:  # a new count of unsaved swipes leaves a clicked button as it is
            self.new_file_button.setEnabled(True)
        failing = (
            self._failing_error is not None
            or bool(self._pipeline_line)
            or bool(self._settings_line)
        ) and (
            self._degraded is None
        )
        self.setStyleSheet(FAILING_STYLE if failing else DEGRADED_STYLE)
        self.setVisible(bool(lines))

    def _message(self) -> str:
        """The one message to show, or "" for none."""
        if self._degraded is not None:
            return f"⚠  Nothing you swipe in this window is saved. {sentence(self._degraded)}"
        if self._failing_error is None:
            return ""
        if self._offer_new_file:
            return f"⚠  Nothing is being saved: the database file is gone. {self._failing_error}"
        unsaved = self._unsaved
        kept = (
            f"Your {unsaved} unsaved swipe{' is' if unsaved == 1 else 's are'} kept in "
            "memory (closing the window now loses them)"
            if unsaved
            else "Your swipes are kept in memory"
        )
        return (
            f"⚠  Snapshot writes are failing. {kept} and the write is retried "
            f"automatically. Last error: {sentence(self._failing_error)}"
        )


def pipeline_line(state: AppState) -> str:
    """What the pipeline's caught errors mean for the person, or "" if there were none:
    snapshots may have stopped; whether the swipes are saved is read from the state."""
    job = state.snapshots
    if not job.pipeline_errors:
        return ""
    unsaved = max(0, state.profile.sequence - job.persisted_sequence)
    saved = (
        "your swipes are still saved"
        if not unsaved
        else f"{unsaved} swipe{'' if unsaved == 1 else 's'} not saved yet (kept in memory)"
    )
    times = "" if job.pipeline_errors == 1 else f" ({job.pipeline_errors} errors)"
    return (
        f"⚠  Snapshots stopped: {job.last_pipeline_error}{times}; {saved}. Restart the app "
        "to take snapshots again, and report this error."
    )


def settings_line(state: AppState, *, saves_nothing: bool = False) -> str:
    """What a failed save of the settings means, or "" while the last change is saved.

    In a window that saves nothing (read-only, another window writes the file) pressing OK
    again cannot save them: the line says where they apply, and no more."""
    if state.settings_not_saved is None:
        return ""
    if saves_nothing:
        return (
            "⚠  Your settings apply in this window only: like your swipes here, they are not "
            "saved (see above). Change them in the window that saves the file."
        )
    return (
        "⚠  Your settings apply in this window but were not saved: "
        f"{state.settings_not_saved.rstrip('.')}. Open Settings (Ctrl+,) and press OK to "
        "save them again."
    )


def sentence(text: str) -> str:
    """``text`` as a sentence: its first letter a capital."""
    return text[:1].upper() + text[1:]
