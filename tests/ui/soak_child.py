"""The desktop app under a long swipe session, run as a child process by the soak test.

    python soak_child.py DB SWIPES

It starts the app exactly as ``tastetrail`` does (`app.desktop.run_desktop`: the theme, the
system clock, the Qt scheduler, the writer thread, the real window), then, from inside Qt's
event loop, swipes SWIPES times with the arrow keys, the three buttons and mouse drags.
After each swipe it steps the card's fly-out animation through every frame and paints the
moving card at each one, then paints the whole window (deck, status, trend chart, table),
then hands control back to the event loop so the writer's outcomes, the trend reloads and
the deferred deletes run as they do for a person. Finally it closes the window, which quits
the app. It prints, one line each:

    none_refcount_before <n>    sys.getrefcount(None) after the first paint, before swiping
    swiped <count>              swipes committed by the deck
    turns <count>               the gestures it took (one in ten springs back, no swipe)
    cards_on_stage <n>          card widgets left on the stage (the flown-out ones are gone)
    none_refcount_after <n>     sys.getrefcount(None) after the last swipe
    exit <status>               what run_desktop returned

A Qt binding that drops references to None makes the interpreter abort in here (the
reason this runs in its own process). Not collected by pytest; it imports only the app.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QPropertyAnimation, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.desktop import run_desktop
from ui.card_widget import CardWidget
from ui.main_window import MainWindow

FRAME_MS = 16
"""One animation frame at 60 Hz: the fly-out is painted at every one of them."""
KEYS = (Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Up)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def none_refcount() -> int:
    gc.collect()
    return sys.getrefcount(None)


def drag_card(window: MainWindow, dx: int, dy: int) -> None:
    """Press on the card, move it by (dx, dy) in steps, painting each, and let it go."""
    stage = window.deck.stage
    start = stage.card.geometry().center()
    QTest.mousePress(stage, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(stage, start + QPoint(dx * step // 5, dy * step // 5))
        stage.repaint()
    end = start + QPoint(dx, dy)
    QTest.mouseRelease(stage, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def play_animations(window: MainWindow) -> None:
    """Step every running card animation to its end, painting at each frame what it moved.

    Each frame repaints, at once, the part of the stage the card left and the part it
    entered: what Qt's own animation timer would have repainted at that frame.
    """
    stage = window.deck.stage
    # Searched from the stage, where the cards are: searched from the window, PySide6 keeps
    # every animation found alive on the window's wrapper, a leak of the soak's own making.
    for animation in stage.findChildren(QPropertyAnimation):
        card = animation.targetObject()
        if animation.state() != QPropertyAnimation.State.Running or not isinstance(card, QWidget):
            continue
        for elapsed in [*range(FRAME_MS, animation.duration(), FRAME_MS), animation.duration()]:
            left = card.geometry()
            animation.setCurrentTime(elapsed)  # the last frame finishes it
            stage.repaint(left.united(card.geometry()))


class SoakDriver:
    """Swipes one card per turn of the event loop, then closes the window."""

    def __init__(self, swipes: int) -> None:
        self.swipes = swipes
        self.done = 0
        self.turn = 0
        self.window: MainWindow | None = None

    def start(self) -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        assert len(windows) == 1, f"expected the app's one main window, found {windows}"
        self.window = windows[0]
        self.window.deck.swiped.connect(self.count)
        self.window.grab()
        say(f"none_refcount_before {none_refcount()}")
        QTimer.singleShot(0, self.step)

    def count(self, _card_id: str, _direction: str) -> None:
        self.done += 1

    def step(self) -> None:
        window = self.window
        assert window is not None
        deck = window.deck
        if deck.current_card is None:
            deck.reshuffle_button.click()
        self.action(self.turn)(window)
        self.turn += 1
        play_animations(window)
        window.grab()
        QTimer.singleShot(0, self.step if self.done < self.swipes else self.finish)

    def finish(self) -> None:
        """Report, a turn of the event loop after the last swipe, and close the window."""
        window = self.window
        assert window is not None
        say(f"swiped {self.done}")
        say(f"turns {self.turn}")
        say(f"cards_on_stage {len(window.deck.stage.findChildren(CardWidget))}")
        say(f"none_refcount_after {none_refcount()}")
        window.close()  # what Ctrl+Q does; the last window closing quits the app

    @staticmethod
    def action(turn: int) -> Callable[[MainWindow], None]:
        """The way a person swipes this turn: keys mostly, then buttons, drags, a let-go."""
        kind = turn % 10
        if kind < 5:
            key = KEYS[turn % len(KEYS)]
            return lambda window: QTest.keyClick(window.deck, key)
        if kind < 8:
            return lambda window: (
                window.deck.nope_button,
                window.deck.superlike_button,
                window.deck.like_button,
            )[kind - 5].click()
        if kind == 8:
            return lambda window: drag_card(window, window.deck.stage.width(), 10)
        return lambda window: drag_card(window, 12, -6)  # short of the threshold: springs back


def main(argv: list[str]) -> int:
    db_text, swipes_text = argv
    QApplication(sys.argv)  # created first so the driver's timer can be set before exec
    driver = SoakDriver(int(swipes_text))
    QTimer.singleShot(0, driver.start)
    status = run_desktop(db_path=Path(db_text), demo_clock=False)
    say(f"exit {status}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
