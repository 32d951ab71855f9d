"""Say on stderr when the frames a person waits for were painted, for the benchmarks.

Off unless ``TASTETRAIL_REPORT_FRAMES=1`` is in the environment. Then the window prints:

    first-frame <t>    once: the first frame painted after the trend's first load, the
                       window with the profile and the trend drawn
    swipe-frame <t>    after each swipe: the first frame in which the card that left has
                       moved from where it was

``<t>`` is ``time.monotonic()`` when the frame was done: on Linux that is CLOCK_MONOTONIC,
the same clock in every process of the machine, so the process that started the app or
pressed the key subtracts its own reading. A frame is done once the paint event that drew
it has returned and the window's backing store was flushed: the line is printed from a
zero-delay timer queued from that paint, which runs after it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QPropertyAnimation, QTimer, SignalInstance
from PySide6.QtWidgets import QWidget

from ui.card_widget import CardWidget

ENVIRONMENT_VARIABLE = "TASTETRAIL_REPORT_FRAMES"


def frames_reported() -> bool:
    """True when the environment asks for the frame lines."""
    return os.environ.get(ENVIRONMENT_VARIABLE, "") == "1"


def _say(event: str) -> None:
    sys.stderr.write(f"{event} {time.monotonic():.6f}\n")
    sys.stderr.flush()


class FrameReport(QObject):
    """Watches the trend's chart and the card stage; prints a line after each awaited frame.

    ``trend_loaded`` is the signal the trend emits once it has applied a read to its chart,
    ``chart_viewport`` the widget the chart paints on, ``swiped`` the deck's signal after
    each swipe and ``stage`` the widget the cards sit on.
    """

    def __init__(
        self,
        *,
        trend_loaded: SignalInstance,
        chart_viewport: QWidget,
        swiped: SignalInstance,
        stage: QWidget,
        say: Callable[[str], None] = _say,
    ) -> None:
        super().__init__(stage)
        self._say = say
        self._chart_viewport = chart_viewport
        self._stage = stage
        self._trend_loaded = False
        self._first_frame_said = False
        self._leaving: tuple[CardWidget, QPoint] | None = None
        self._swipe_armed = False
        trend_loaded.connect(self._on_trend_loaded)
        swiped.connect(self._on_swiped)
        chart_viewport.installEventFilter(self)
        stage.installEventFilter(self)

    def _on_trend_loaded(self, *_results: object) -> None:
        self._trend_loaded = True

    def _on_swiped(self, *_swipe: object) -> None:
        # The card that left is the newest card on the stage that is not the current one;
        # with animations off there is none, and the next frame is the swipe's frame.
        current = getattr(self._stage, "card", None)
        cards = [
            c for c in self._stage.children() if isinstance(c, CardWidget) and c is not current
        ]
        self._leaving = None
        if cards:
            leaving = cards[-1]
            # Where its flight starts: the card may be a frame into it already.
            flights = leaving.findChildren(QPropertyAnimation)
            start = flights[-1].startValue() if flights else leaving.pos()
            self._leaving = (leaving, start if isinstance(start, QPoint) else leaving.pos())
            leaving.installEventFilter(self)
            # Gone before a frame showed it moving (the empty deck hid its stage): that
            # swipe had no moved frame, and none is said for it.
            token = id(leaving)
            leaving.destroyed.connect(lambda *_gone: self._forget(token))
        self._swipe_armed = True
        self._stage.update()

    def _forget(self, token: int) -> None:
        if self._leaving is not None and id(self._leaving[0]) == token:
            self._leaving = None
            self._swipe_armed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        if watched is self._chart_viewport:
            if self._trend_loaded and not self._first_frame_said:
                self._first_frame_said = True
                QTimer.singleShot(0, lambda: self._say("first-frame"))
        elif self._swipe_armed and self._moved():
            self._swipe_armed = False
            self._leaving = None
            QTimer.singleShot(0, lambda: self._say("swipe-frame"))
        return False

    def _moved(self) -> bool:
        if self._leaving is None:
            return True
        card, start = self._leaving
        return card.pos() != start


def report_frames(window: QWidget) -> FrameReport:
    """Attach a `FrameReport` to the app's main window."""
    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow), f"expected the main window, received {window!r}"
    return FrameReport(
        trend_loaded=window.trend.refreshed,
        chart_viewport=window.trend.chart.viewport(),
        swiped=window.deck.swiped,
        stage=window.deck.stage,
    )
