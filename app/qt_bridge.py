"""Wake the GUI thread when the writer thread has outcomes waiting.

A Qt signal emitted from any thread is delivered to a receiver living on the GUI thread
through the event queue (a queued connection), which is the documented way to cross into
Qt's thread. The receiver then drains the job's `ActionInbox` on the store's owner thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal


class OwnerThreadWaker(QObject):
    """``wake()`` may be called from any thread; ``drain`` then runs on this object's thread."""

    woke = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._drain: Callable[[], object] | None = None
        self.woke.connect(self._on_woke, Qt.ConnectionType.QueuedConnection)

    def set_drain(self, drain: Callable[[], object]) -> None:
        self._drain = drain

    def wake(self) -> None:
        self.woke.emit()

    def _on_woke(self) -> None:
        if self._drain is not None:
            self._drain()
