"""Read snapshots off the GUI thread and hand the result back with a queued Qt signal.

The loader runs an injected ``load(request)`` (the app's opens the repository read-only,
runs one bounded query and closes it) on a one-thread pool, so SQLite never runs on the GUI
thread. Requests of one ``kind`` coalesce: while a load is running, a further request only
replaces the pending one of its kind, and one more load runs with the latest request when
the running one finishes; a result whose kind has a newer request pending is dropped, so
`loaded` always answers the latest request of its kind. Kinds run one at a time, in the
order they were requested.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

Load = Callable[[Any], Any]


class SnapshotLoader(QObject):
    """``request(r)`` on the GUI thread; `loaded` (or `failed`) arrives on the GUI thread."""

    loaded = Signal(object, object)
    """The request and the result of the latest completed load of its kind."""
    failed = Signal(str)
    """A load raised: what went wrong, in one line."""
    _delivered = Signal(str, object, object, str, float)

    def __init__(self, load: Load, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._load = load
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._in_flight = False
        self._pending: dict[str, object] = {}
        self._closed = False
        self.loads = 0
        """How many loads ran (requests that arrived during a load share one more)."""
        self.last_load_seconds = 0.0
        """How long the latest load took on the worker thread."""
        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        """A load is running or waiting to run."""
        return self._in_flight or bool(self._pending)

    def request(self, request: object = None, *, kind: str | None = None) -> None:
        """Load for ``request``, off the GUI thread (coalesced with its kind's pending one).

        The kind defaults to the request's type name: one pending request per type.
        """
        if self._closed:
            return
        kind = kind or type(request).__name__
        if self._in_flight:
            self._pending.pop(kind, None)
            self._pending[kind] = request  # last in the queue: kinds run in request order
            return
        self._start(kind, request)

    def close(self, timeout_ms: int = 5000) -> bool:
        """Stop taking requests and wait for a running load; idempotent."""
        self._closed = True
        return self._pool.waitForDone(timeout_ms)

    def _start(self, kind: str, request: object) -> None:
        self._in_flight = True
        self.loads += 1
        load = self._load
        deliver = self._delivered.emit

        def work() -> None:
            # Runs on the pool's thread: no widget is touched here, only the signal.
            started = time.perf_counter()
            try:
                result = load(request)
            except Exception as error:  # reported to the GUI, which shows it and goes on
                message = f"{type(error).__name__}: {error}".split("\n", 1)[0]
                deliver(kind, request, None, message, time.perf_counter() - started)
                return
            deliver(kind, request, result, "", time.perf_counter() - started)

        self._pool.start(work)

    @Slot(str, object, object, str, float)
    def _on_delivered(
        self, kind: str, request: object, result: object, error: str, seconds: float
    ) -> None:
        self._in_flight = False
        self.last_load_seconds = seconds
        if self._closed:
            return
        stale = kind in self._pending
        if self._pending:
            # The next load starts first, so a request made by a `loaded` handler queues.
            next_kind = next(iter(self._pending))
            self._start(next_kind, self._pending.pop(next_kind))
        if stale:
            return
        if error:
            self.failed.emit(error)
        else:
            self.loaded.emit(request, result)
