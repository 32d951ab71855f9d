"""When a window should look again at something it checks only now and then.

A second window over a file another window writes learns that the other one has gone at
its periodic check, up to a minute later. Two moments make it look at once:

* `call_when_file_changes`: the other window's lock file changes or goes; a clean close
  removes it, a moment after that window disappears from the screen;
* `CallOnActivation`: the window becomes the active one; a person who comes back to it
  (after a kill of the other, whose lock file stays) reads a banner that is true now.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject


class CallOnActivation(QObject):
    """An event filter for a window: ``callback()`` at each of its activations."""

    def __init__(self, callback: Callable[[], object], window: QObject) -> None:
        super().__init__(window)
        self._callback = callback
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            self._callback()
        return False


def call_when_file_changes(
    path: Path, callback: Callable[[], object], parent: QObject
) -> QFileSystemWatcher:
    """``callback()`` whenever the file at ``path`` changes, is replaced or is removed
    (the system tells; nothing is polled). Nothing happens if it cannot be watched."""
    watcher = QFileSystemWatcher(parent)
    watcher.addPath(str(path))
    watcher.fileChanged.connect(lambda _path: callback())
    return watcher
