"""SIGTERM, SIGHUP and SIGINT close the desktop app as Ctrl+Q does: saved, unlocked, status 0.

A logout sends SIGTERM, closing the terminal SIGHUP, Ctrl+C in it SIGINT. Each now ends
the Qt event loop, and the app's usual way out follows (`app.desktop`): the window closes,
the session commits what is queued, marks the file closed and lets go of the writer lock,
and the process exits with status 0, within the session's shutdown deadline. One line says
which signal closed it; no ``KeyboardInterrupt`` traceback from whatever timer ran.

Python runs its signal handlers only between bytecodes of the main thread, and the main
thread sits in Qt's event loop (C++) until something calls back into Python. So the
signal's C handler also writes a byte to a socket (`signal.set_wakeup_fd`) that a
`QSocketNotifier` watches: Qt wakes, calls back into Python, and the handler runs at once.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier

log = logging.getLogger("tastetrail.app")

CLOSING_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
"""The signals that close the app cleanly (SIGKILL cannot be caught: see `session_mark`)."""


class SignalCloser(QObject):
    """While installed, the closing signals call ``close`` once, on the GUI thread.

    ``close`` should end the event loop (the app quits it); a second signal while closing
    changes nothing, and the handlers that were there before come back with `uninstall`.
    """

    def __init__(self, close: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._close = close
        self.received: str | None = None
        """The name of the first closing signal received, if any."""
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {
            number: signal.signal(number, self._on_signal) for number in CLOSING_SIGNALS
        }
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _drain(self, *_args: object) -> None:
        # The handler has run by now (Python ran it before this slot); empty the socket.
        try:
            while self._reader.recv(64):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    def _on_signal(self, number: int, _frame: FrameType | None) -> None:
        if self.received is not None:
            return
        self.received = signal.Signals(number).name
        log.info("closing on %s as Ctrl+Q does: saving every swipe first", self.received)
        self._close()

    def uninstall(self) -> None:
        """Put back the handlers and the wake-up descriptor that were there before."""
        for number, previous in self._previous.items():
            signal.signal(number, previous)
        self._previous = {}
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()


def close_on_signals(application: QCoreApplication) -> SignalCloser:
    """Quit ``application``'s event loop on SIGTERM, SIGHUP or SIGINT.

    A signal that comes before the loop runs is kept: the loop then ends as soon as it
    starts (the caller checks `SignalCloser.received` before calling ``exec``).
    """
    return SignalCloser(lambda: application.exit(0), application)
