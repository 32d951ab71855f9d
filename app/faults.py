"""Fault injection through the repository's one seam: real `sqlite3` errors, on demand.

The repository calls its ``fault_injector`` with the operation's name inside each write
transaction, so raising here rolls back a real transaction on a real file: the demo's
"Fail writes" switch, ``simulate --fail-rate`` and the reliability tests all use this.
"""

from __future__ import annotations

import sqlite3
import threading


class FaultSwitch:
    """Fails chosen write operations with ``disk I/O error`` while switched on.

    ``failing`` names operations that fail every time (``insert_snapshot``,
    ``append_swipes``); ``fail_nth`` fails the Nth call of an operation once. Safe to flip
    from the GUI thread while the writer thread calls it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.failing: set[str] = set()
        self.fail_nth: dict[str, int] = {}
        self.calls: dict[str, int] = {}
        self.injected = 0

    @property
    def on(self) -> bool:
        return bool(self.failing)

    def fail_writes(self, on: bool) -> None:
        """Fail every snapshot, swipe and settings write while ``on``."""
        with self._lock:
            self.failing = {"insert_snapshot", "append_swipes", "save_settings"} if on else set()

    def __call__(self, operation: str) -> None:
        with self._lock:
            self.calls[operation] = self.calls.get(operation, 0) + 1
            fail = (
                operation in self.failing or self.fail_nth.get(operation) == self.calls[operation]
            )
            if fail:
                self.injected += 1
        if fail:
            raise sqlite3.OperationalError(f"disk I/O error (injected into {operation})")
