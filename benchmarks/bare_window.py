"""The floor the window figures are compared with: a bare Qt window, no TasteTrail in it.

``python -m benchmarks.bare_window`` starts a fresh interpreter that imports Qt's widgets,
shows a window of the app's size with one card-sized square in it, and prints the same
lines as the app does with ``TASTETRAIL_REPORT_FRAMES=1``: ``first-frame <t>`` after its
first paint, and ``swipe-frame <t>`` after the first paint in which the square has moved,
once per arrow key. What the app costs beyond Python, Qt and the X server is the
difference between its figures and these.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget

TITLE = "bare Qt window"
SIZE = (1200, 780)
STEP_PX = 40


def say(event: str) -> None:
    sys.stderr.write(f"{event} {time.monotonic():.6f}\n")
    sys.stderr.flush()


class Square(QWidget):
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#e76f51"))
        painter.end()


class BareWindow(QWidget):
    """A window with a square that moves on each arrow key."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(TITLE)
        self.resize(*SIZE)
        self.square = Square(self)
        self.square.setGeometry(380, 120, 300, 400)
        self._first_said = False
        self._moved = False
        self.installEventFilter(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up):
            step = STEP_PX if self.square.x() < 600 else -STEP_PX
            self.square.move(self.square.pos() + QPoint(step, 0))
            self._moved = True
            return
        if event.key() == Qt.Key.Key_Q and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.close()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            if not self._first_said:
                self._first_said = True
                QTimer.singleShot(0, lambda: say("first-frame"))
            elif self._moved:
                self._moved = False
                QTimer.singleShot(0, lambda: say("swipe-frame"))
        return False


def main() -> int:
    application = QApplication(sys.argv)
    window = BareWindow()
    window.show()
    return application.exec()


if __name__ == "__main__":
    raise SystemExit(main())
