"""Read snapshot rows off the GUI thread and hand them back with a queued Qt signal.

The loader runs an injected ``load_rows`` (the app's opens the repository read-only, lists
the rows and closes it) on a one-thread pool, so SQLite never runs on the GUI thread.
Requests coalesce: while a load is running, further requests only mark the result stale,
and one more load runs when it finishes; a stale result is dropped, so `loaded` always
carries rows at least as new as the latest request.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

from store.snapshot_rows import SnapshotRow

LoadRows = Callable[[], list[SnapshotRow]]


class SnapshotLoader(QObject):
    """``request()`` on the GUI thread; `loaded` (or `failed`) arrives on the GUI thread."""

    loaded = Signal(object)
    """The rows (``list[SnapshotRow]``, oldest first) of the latest completed request."""
    failed = Signal(str)
    """A load raised: what went wrong, in one line."""
    _delivered = Signal(object, str)

    def __init__(self, load_rows: LoadRows, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._load_rows = load_rows
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._in_flight = False
        self._stale = False
        self._closed = False
        self.loads = 0
        """How many loads ran (requests that arrived during a load share one more)."""
        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return self._in_flight

    def request(self) -> None:
        """Load the rows again, off the GUI thread (coalesced with a load in progress)."""
        if self._closed:
            return
        if self._in_flight:
            self._stale = True
            return
        self._start()

    def close(self, timeout_ms: int = 5000) -> bool:
        """Stop taking requests and wait for a running load; idempotent."""
        self._closed = True
        return self._pool.waitForDone(timeout_ms)

    def _start(self) -> None:
        self._in_flight = True
        self._stale = False
        self.loads += 1
        load_rows = self._load_rows
        deliver = self._delivered.emit

        def work() -> None:
            # Runs on the pool's thread: no widget is touched here, only the signal.
            try:
                rows = list(load_rows())
            except Exception as error:  # reported to the GUI, which shows it and goes on
                deliver(None, f"{type(error).__name__}: {error}".split("\n", 1)[0])
                return
            deliver(rows, "")

        self._pool.start(work)

    @Slot(object, str)
    def _on_delivered(self, rows: list[SnapshotRow] | None, error: str) -> None:
        self._in_flight = False
        if self._closed:
            return
        if self._stale:
            self._start()
            return
        if rows is None:
            self.failed.emit(error)
        else:
            self.loaded.emit(rows)
