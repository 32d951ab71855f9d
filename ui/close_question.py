"""The question a window asks when it closes with swipes it could not save.

A second window on a file another window writes, a full disk or writes that keep failing
leave swipes in memory only. Closing then asks: **Save to another file…** (the history and
these swipes, in a new TasteTrail database the person names), **Discard** them, or
**Cancel** (the window stays open). The window knows nothing of files or threads: it calls
`UnsavedSwipes`, which the app builds over the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

SAVE_TEXT = "Save to another file…"
DISCARD_TEXT = "Discard"
FILE_FILTER = "TasteTrail database (*.sqlite3);;All files (*)"


@dataclass(frozen=True, slots=True)
class UnsavedSwipes:
    """What the window needs to ask about unsaved swipes, and to save them elsewhere."""

    count: Callable[[], int]
    """Tries once more to save, then says how many swipes of this session are not saved."""
    reason: Callable[[], str]
    """Why they could not be saved, in one sentence."""
    suggested_path: Callable[[], Path]
    """A new file name to offer, beside the database."""
    save_to: Callable[[Path], str]
    """Writes the history and the unsaved swipes to a new file; says what it holds.
    Raises `SaveFailedError` saying what to do."""


class SaveFailedError(Exception):
    """The new file could not be written; the message says why and what to do."""


def may_close(parent: QWidget, unsaved: UnsavedSwipes) -> bool:
    """Ask about unsaved swipes if there are any; True when the window may close."""
    count = unsaved.count()
    while count:
        box = QMessageBox(parent)
        box.setObjectName("close-question")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved swipes")
        swipes = f"{count} swipe{'' if count == 1 else 's'}"
        box.setText(f"{swipes} of this window {'is' if count == 1 else 'are'} not saved.")
        box.setInformativeText(
            f"{unsaved.reason()}\n\nSave them with the history to another file, discard "
            "them, or cancel and keep the window open."
        )
        save = box.addButton(SAVE_TEXT, QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(DISCARD_TEXT, QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is discard:
            return True
        if clicked is not save:
            return False
        if _saved(parent, unsaved, count):
            return True
        count = unsaved.count()
    return True


def _saved(parent: QWidget, unsaved: UnsavedSwipes, count: int) -> bool:
    """Ask for a new file and write it; False (after saying why) when nothing was saved."""
    dialog = QFileDialog(parent, f"Save the history and {count} unsaved swipes to a new file")
    dialog.setObjectName("save-elsewhere")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    # We never replace a file (`save_to` refuses one that exists, and says so): no
    # "replace it?" question first, which a "yes" would only contradict.
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setNameFilter(FILE_FILTER)
    suggested = unsaved.suggested_path()
    dialog.setDirectory(str(suggested.parent))
    dialog.selectFile(suggested.name)
    if not dialog.exec() or not dialog.selectedFiles():
        return False
    target = Path(dialog.selectedFiles()[0])
    try:
        unsaved.save_to(target)
    except SaveFailedError as error:
        failed = QMessageBox(parent)
        failed.setObjectName("save-elsewhere-failed")
        failed.setIcon(QMessageBox.Icon.Critical)
        failed.setWindowTitle("Not saved")
        failed.setText(f"The swipes were not saved to {target.name}.")
        failed.setInformativeText(str(error))
        failed.exec()
        return False
    return True
