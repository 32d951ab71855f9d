"""`SwipeKeysToDeck`: the deck's own buttons hand the swipe keys to the deck.

The arrow keys swipe anywhere in the window (F1). The deck claims them before the window's
shortcuts (its ``ShortcutOverride``), so that its ``keyPressEvent`` sees them; but when one
of its buttons has the keyboard focus (after Tab, or a click, or a dialog that closed), the
key press goes to that button first, and a push button uses the arrows to move the focus to
the next button: the swipe was neither made nor refused. This filter, on each button of the
deck, passes a swipe key on to the deck instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent


class SwipeKeysToDeck(QObject):
    """Hands a plain press of one of ``keys`` to ``deck_key_press`` instead of the button."""

    def __init__(
        self, keys: frozenset[int], deck_key_press: Callable[[QKeyEvent], None], parent: QObject
    ) -> None:
        super().__init__(parent)
        self._keys = keys
        self._deck_key_press = deck_key_press

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in self._keys
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self._deck_key_press(event)
            return True
        return False
