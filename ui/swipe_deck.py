"""The swipe deck: one card at a time, swiped with buttons, arrow keys or a mouse drag.

The deck knows nothing of the store but callables: ``dispatch`` (it sends `Swiped`), ``now``
(the instant to stamp on it) and, for the deck that learns, ``profile`` (the live profile).
Given ``profile``, every next card is chosen from it (`store.deck_ranking`): cards with tags
the person likes first, tags not yet known still tried, recently shown cards held back, and
a line under the card says why it came. Without it, the order is a seeded shuffle of the
cards, round after round; when a round runs out, the deck says so and offers a reshuffle.

The end of the deck is a state of the deck, not of the window: the focus stays on the deck,
Space (or Enter) reshuffles as the end message says, and the arrow keys do nothing there
but say again how to go on; they never move the focus into other controls.

A swipe is committed at once (dispatched, next card shown); the card that left flies out as
a short-lived copy animated with `QPropertyAnimation`, so quick bursts never wait on it. A
drag that does not pass the threshold springs back and dispatches nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import (
    QEasingCurve,
    QEvent,
    QPoint,
    QPropertyAnimation,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from store.actions import Direction, Swiped, Unswiped
from store.catalog import Card
from store.deck_index import DeckIndex, RecentCards
from store.deck_ranking import DeckPick, choose_next_card
from store.deck_why import Reason, Why
from store.snapshot_rows import SwipeRecord
from store.state import ProfileState
from ui.card_widget import CardWidget
from ui.compact_button import CompactButton
from ui.swipe_keys_to_deck import SwipeKeysToDeck
from ui.theme import CAPTION_STYLE

KEYS: dict[int, Direction] = {
    Qt.Key.Key_Left: Direction.LEFT,
    Qt.Key.Key_Up: Direction.UP,
    Qt.Key.Key_Right: Direction.RIGHT,
}
"""The one map of swipe keys: the deck's own key handling and the window's shortcuts."""
KEY_TEXTS: dict[Direction, str] = {
    Direction.LEFT: "Nope: swipe the card left",
    Direction.UP: "Superlike: swipe the card up",
    Direction.RIGHT: "Like: swipe the card right",
}
"""What each swipe key does, in the words of the keyboard help."""
RESHUFFLE_KEYS = frozenset({Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter})
"""What reshuffles at the end of the deck, as its message says."""
END_ARROWS = frozenset({*KEYS, Qt.Key.Key_Down})
"""The arrow keys: at the end of the deck they do nothing but keep the focus on the deck."""
SWIPE_WORDS = {Direction.LEFT: "nope", Direction.UP: "superlike", Direction.RIGHT: "like"}
BURST_WEIGHTS = {Direction.RIGHT: 45, Direction.LEFT: 40, Direction.UP: 15}
CARD_ASPECT = 0.74
"""Width over height of a card."""
HORIZONTAL_THRESHOLD = 0.35
"""A drag commits left or right past this fraction of the card's width..."""
VERTICAL_THRESHOLD = 0.28
"""...and up (a superlike) past this fraction of its height."""
SWIPE_HINT = "← Nope   ↑ Superlike   → Like   ·   or drag the card"
END_HINT = "Space: reshuffle   ·   the arrows swipe again after it"
FRAME_MS = 16
"""One frame at 60 Hz."""


def drag_direction(dx: float, dy: float, width: float, height: float) -> tuple[Direction, float]:
    """The direction a drag by (dx, dy) points to, and how far towards its threshold (0..1+)."""
    if -dy > abs(dx):
        return Direction.UP, -dy / (height * VERTICAL_THRESHOLD)
    if dx >= 0:
        return Direction.RIGHT, dx / (width * HORIZONTAL_THRESHOLD)
    return Direction.LEFT, -dx / (width * HORIZONTAL_THRESHOLD)


class CardStage(QWidget):
    """Where the current card sits; it follows the pointer while dragged."""

    released = Signal(object, QPoint)
    """(direction or None, where the card was let go): None means "spring back"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = CardWidget(parent=self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(220, 280))
        self._press: QPoint | None = None
        self._grab_offset = QPoint()

    @property
    def dragging(self) -> bool:
        return self._press is not None

    def home(self) -> QRect:
        """The card's resting place: centred, as large as fits with a margin."""
        margin = max(8, min(self.width(), self.height()) // 24)
        height = self.height() - 2 * margin
        width = min(self.width() - 2 * margin, round(height * CARD_ASPECT))
        height = min(height, round(width / CARD_ASPECT))
        left = (self.width() - width) // 2
        top = (self.height() - height) // 2
        return QRect(left, top, max(1, width), max(1, height))

    def rest(self) -> None:
        """Put the card back home at once (no animation) and forget any drag."""
        self._press = None
        self.card.setGeometry(self.home())
        self.card.set_stamp(None, 0.0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.dragging:
            self.card.setGeometry(self.home())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if (
            event.button() == Qt.MouseButton.LeftButton
            and self.card.card is not None
            and self.card.geometry().contains(point)
        ):
            self._press = point
            self._grab_offset = self.card.pos() - point
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            super().mouseMoveEvent(event)
            return
        point = event.position().toPoint()
        self.card.move(point + self._grab_offset)
        delta = self.card.pos() - self.home().topLeft()
        direction, strength = drag_direction(
            delta.x(), delta.y(), self.card.width(), self.card.height()
        )
        self.card.set_stamp(direction, strength)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        self._press = None
        self.card.move(event.position().toPoint() + self._grab_offset)
        delta = self.card.pos() - self.home().topLeft()
        direction, strength = drag_direction(
            delta.x(), delta.y(), self.card.width(), self.card.height()
        )
        self.released.emit(direction if strength >= 1.0 else None, self.card.pos())
        event.accept()


class SwipeDeck(QWidget):
    """Nope / Superlike / Like on one card at a time; dispatches `Swiped` for each swipe."""

    swiped = Signal(str, str)
    """(card id, direction value) after each swipe was dispatched."""
    animation_finished = Signal()
    """A fly-out or spring-back animation ended."""
    emptied = Signal()
    """The last card was swiped."""
    undone = Signal(str, str)
    """(card id, direction value) of a swipe taken back, after its undo was dispatched."""

    def __init__(
        self,
        cards: Sequence[Card],
        *,
        dispatch: Callable[[Swiped | Unswiped], object],
        now: Callable[[], datetime],
        seed: int = 7,
        start_at: int = 0,
        profile: Callable[[], ProfileState] | None = None,
        last_swipe: SwipeRecord | None = None,
        recently_swiped: Sequence[str] = (),
        animation_ms: int = 260,
        parent: QWidget | None = None,
    ) -> None:
        """``start_at`` swipes into the seeded sequence of rounds: pass the profile's swipe
        count and a restarted app goes on where it stopped instead of at the first card.
        With ``profile`` the deck learns instead (``start_at`` is then not used), and a swipe
        can be taken back (Undo, Ctrl+Z): every swipe of this session, last first, then
        ``last_swipe``, the previous session's last one. ``recently_swiped`` (the cards
        swiped last in the file, least recent first) starts the cooldown, so a restart does
        not deal again a card swiped a moment before."""
        super().__init__(parent)
        if not cards:
            raise ValueError("The deck needs at least one card, received none.")
        self._cards = tuple(cards)
        self._by_id = {card.id: card for card in self._cards}
        self._profile = profile
        self._deck_index = DeckIndex.build({card.id: card.tags for card in self._cards})
        self.recent = RecentCards(self._deck_index.recent_size)
        for item_id in recently_swiped:
            if item_id in self._by_id:  # a card since gone from the catalog takes no place
                self.recent = self.recent.shown(item_id)
        self.pick: DeckPick | None = None
        """The adaptive deck's current card and why it was chosen (None for a shuffle)."""
        self._undoable: list[tuple[int, str, Direction]] = []
        """(sequence, card id, direction) of the swipes an undo may take back, last on top."""
        if profile is not None and last_swipe is not None and last_swipe.undoes is None:
            self._undoable.append((last_swipe.sequence, last_swipe.item_id, last_swipe.direction))
        self._dispatch = dispatch
        self._now = now
        self._seed = seed
        self._animation_ms = animation_ms
        self._burst_rng = random.Random(seed)
        self._round, start_index = divmod(max(0, start_at), len(self._cards))
        self._order: list[Card] = []
        self._index = 0
        self._animations: set[QPropertyAnimation] = set()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Swipe deck")
        self.setToolTip("Left arrow: Nope · Up arrow: Superlike · Right arrow: Like")

        self.stage = CardStage()
        self.stage.released.connect(self._on_released)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.reshuffle_button = QPushButton("&Reshuffle the deck")
        self.reshuffle_button.setToolTip("Start the next round (Space)")
        # Clicked, not focused: the keys at the end of the deck are the deck's own.
        self.reshuffle_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reshuffle_button.clicked.connect(self.reshuffle)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.reshuffle_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(1)
        self._pages = QStackedWidget()
        self._pages.addWidget(self.stage)
        self._pages.addWidget(empty_page)

        self.nope_button = self._button("✕  Nope", "Nope (Left arrow)", Direction.LEFT)
        self.superlike_button = self._button("★  Superlike", "Superlike (Up arrow)", Direction.UP)
        self.like_button = self._button("♥  Like", "Like (Right arrow)", Direction.RIGHT)
        self.undo_button = CompactButton("↶  Undo", "↶")
        self.undo_button.setToolTip("Take back the last swipe (Ctrl+Z)")
        self.undo_button.setAccessibleName("Undo the last swipe (Ctrl+Z)")
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.undo_button.setMinimumHeight(round(self.undo_button.fontMetrics().height() * 2.4))
        # Beside the three swipe buttons without widening the deck (which would squeeze the
        # trend at 800 px): it takes what room there is, and shows just its arrow when its
        # word does not fit.
        self.undo_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.undo_button.setMinimumWidth(self.undo_button.fontMetrics().horizontalAdvance("↶") * 4)
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.setVisible(profile is not None)
        self.undo_shortcut = QShortcut(QKeySequence.StandardKey.Undo, self)
        self.undo_shortcut.setWhatsThis("Undo: take back the last swipe")
        self.undo_shortcut.setEnabled(profile is not None)
        self.undo_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.undo_shortcut.activated.connect(self.undo)
        buttons = QHBoxLayout()
        for button in (self.nope_button, self.superlike_button, self.like_button):
            buttons.addWidget(button)
        buttons.addWidget(self.undo_button)
        # A focused button of the deck would move the focus on with the arrows.
        keys_to_deck = SwipeKeysToDeck(frozenset(KEYS), self.keyPressEvent, self)
        for button in (self.nope_button, self.superlike_button, self.like_button):
            button.installEventFilter(keys_to_deck)
        self.undo_button.installEventFilter(keys_to_deck)
        self.reshuffle_button.installEventFilter(keys_to_deck)
        self._progress = QLabel()
        self._progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.why_label = QLabel()
        self.why_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # One line that never widens or heightens the deck: a long reason is cut, not wrapped
        # (a wrapped line made the window taller than 560 px at 800 px wide).
        self.why_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.why_label.setAccessibleName("Why this card")
        self.why_label.setVisible(profile is not None)
        # The deck that learns has no rounds to count; the status panel counts the swipes.
        self._progress.setVisible(profile is None)
        self.hint = QLabel()
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet(CAPTION_STYLE)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self._pages, 1)
        layout.addWidget(self.why_label)
        layout.addWidget(self._progress)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        if profile is None:
            self._shuffle(start_index)
        else:
            self._deal()

    # --- public API ------------------------------------------------------------------------

    @property
    def current_card(self) -> Card | None:
        if self._profile is not None:
            return None if self.pick is None else self._by_id[self.pick.item_id]
        return self._order[self._index] if self._index < len(self._order) else None

    @property
    def learns(self) -> bool:
        """Whether each card is chosen from the live profile (else: a seeded shuffle)."""
        return self._profile is not None

    @property
    def remaining(self) -> int:
        return len(self._order) - self._index

    @property
    def card_widget(self) -> CardWidget:
        return self.stage.card

    @property
    def order(self) -> tuple[str, ...]:
        """The card ids of this round, in deck order (none for the deck that learns)."""
        return tuple(card.id for card in self._order)

    def swipe(self, direction: Direction) -> bool:
        """Swipe the current card (animated); False when the deck is empty."""
        start = self.stage.card.pos()
        if self.stage.dragging:
            self.stage.rest()
            start = self.stage.card.pos()
        return self._commit(direction, start, animate=True)

    @property
    def can_undo(self) -> bool:
        return bool(self._undoable)

    def undo(self) -> bool:
        """Take back the last swipe not taken back yet: dispatch `Unswiped` naming it and put
        its card on top again. False when there is none (or the deck does not learn)."""
        if self._profile is None or not self._undoable:
            return False
        sequence, item_id, direction = self._undoable.pop()
        self._dispatch(
            Unswiped(undoes=sequence, item_id=item_id, direction=direction, at=self._now())
        )
        self.recent = self.recent.taken_back(item_id)
        self.pick = DeckPick(item_id, Why(Reason.TAKEN_BACK, (SWIPE_WORDS[direction],)))
        self.why_label.setText(self.pick.why.text)
        self._show_current()
        self.undone.emit(item_id, direction.value)
        return True

    def burst(self, count: int = 50) -> int:
        """``count`` quick swipes in random directions (a seeded RNG), reshuffling as needed."""
        directions = list(BURST_WEIGHTS)
        weights = list(BURST_WEIGHTS.values())
        done = 0
        for _ in range(count):
            if self.current_card is None:
                self.reshuffle()
            direction = self._burst_rng.choices(directions, weights)[0]
            if self._commit(direction, self.stage.card.pos(), animate=False):
                done += 1
        return done

    def reshuffle(self) -> None:
        """Start a new round: a new seeded order of every card (the deck that learns never
        runs out, so it has no rounds)."""
        if self._profile is not None:
            return
        self._round += 1
        self._shuffle()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- keyboard --------------------------------------------------------------------------

    @property
    def at_end(self) -> bool:
        """Every card of the round is swiped: the end message shows, Space reshuffles."""
        return self.current_card is None

    def event(self, event: QEvent) -> bool:
        # Claim the arrow keys (and, at the end, Space) before window-wide shortcuts do, so
        # keyPressEvent sees them.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and (event.key() in KEYS or (self.at_end and event.key() in RESHUFFLE_KEYS))
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if plain and self.at_end and event.key() in RESHUFFLE_KEYS:
            self.reshuffle()
            event.accept()
            return
        if plain and self.at_end and event.key() in END_ARROWS:
            self._remind_at_end()
            event.accept()  # never passed on: a parent would move the focus with it
            return
        direction = KEYS.get(event.key())
        if direction is not None and plain:
            self.swipe(direction)
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.drawRoundedRect(self.rect().adjusted(2, 2, -2, -2), 8, 8)
            painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    # --- internals -------------------------------------------------------------------------

    def _button(self, text: str, tip: str, direction: Direction) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setMinimumHeight(round(button.fontMetrics().height() * 2.4))
        button.clicked.connect(lambda: self.swipe(direction))
        return button

    def _shuffle(self, index: int = 0) -> None:
        order = list(self._cards)
        random.Random(self._seed * 1_000_003 + self._round).shuffle(order)
        self._order = order
        self._index = index
        self._show_current()

    def _deal(self) -> None:
        """Choose the next card from the live profile, and show it with its reason."""
        assert self._profile is not None
        profile = self._profile()
        self.pick = choose_next_card(
            self._deck_index,
            profile.tags,
            seed=self._seed,
            version=profile.sequence,
            recent=self.recent,
        )
        self.why_label.setText(self.pick.why.text)
        self._show_current()

    def _show_current(self) -> None:
        card = self.current_card
        self.stage.card.set_card(card)
        self.stage.rest()
        enabled = card is not None
        buttons = (self.nope_button, self.superlike_button, self.like_button)
        if not enabled and any(button.hasFocus() for button in buttons):
            # A disabled button hands the focus to the next control in the window (the
            # trend, the demo controls): keep it on the deck, where Space reshuffles.
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        for button in buttons:
            button.setEnabled(enabled)
        self.undo_button.setEnabled(self.can_undo)
        if card is None:
            self.empty_label.setText(
                f"That's the whole menu: you have swiped all {len(self._order)} cards.\n"
                "Press Space to reshuffle and go round again."
            )
            self._pages.setCurrentIndex(1)
            self._progress.setText("No cards left  ·  Space reshuffles")
            self.hint.setText(END_HINT)
        elif self._profile is not None:
            self._pages.setCurrentIndex(0)
            self.hint.setText(SWIPE_HINT)
            self._progress.setText(f"{self._profile().kept_swipes:,} swiped")
        else:
            self._pages.setCurrentIndex(0)
            self.hint.setText(SWIPE_HINT)
            self._progress.setText(
                f"Card {self._index + 1} of {len(self._order)}  ·  round {self._round + 1}"
            )

    def _commit(self, direction: Direction, start: QPoint, *, animate: bool) -> bool:
        card = self.current_card
        if card is None:
            return False
        self._dispatch(Swiped(item_id=card.id, direction=direction, at=self._now()))
        if animate:
            self._fly_out(card, start, direction)
        if self._profile is not None:
            self._undoable.append((self._profile().sequence, card.id, direction))
            self.recent = self.recent.shown(card.id)
            self._deal()
        else:
            self._index += 1
            self._show_current()
        self.swiped.emit(card.id, direction.value)
        if self.current_card is None:
            self.emptied.emit()
        return True

    def _remind_at_end(self) -> None:
        """An arrow key at the end of the deck: say plainly that it did nothing, and why."""
        self._progress.setText("No cards left: the arrows swipe again after Space reshuffles")
        self.empty_label.setVisible(True)

    def _on_released(self, direction: Direction | None, where: QPoint) -> None:
        if direction is not None:
            self._commit(direction, where, animate=True)
            return
        card = self.stage.card
        card.set_stamp(None, 0.0)
        if self._animation_ms <= 0:
            card.move(self.stage.home().topLeft())
            self.animation_finished.emit()
            return
        animation = QPropertyAnimation(card, b"pos", card)
        animation.setDuration(self._animation_ms)
        animation.setStartValue(card.pos())
        animation.setEndValue(self.stage.home().topLeft())
        animation.setEasingCurve(QEasingCurve.Type.OutBack)
        # Parented to the card, which lives on: without this every spring-back leaks one.
        animation.finished.connect(animation.deleteLater)
        self._run(animation)

    def _fly_out(self, card: Card, start: QPoint, direction: Direction) -> None:
        if self._animation_ms <= 0:
            self.animation_finished.emit()
            return
        ghost = CardWidget(card, parent=self.stage)
        ghost.setGeometry(QRect(start, self.stage.home().size()))
        ghost.set_stamp(direction, 1.0)
        ghost.show()
        ghost.raise_()
        stage = self.stage
        if direction is Direction.UP:
            end = QPoint(start.x(), -ghost.height() - 20)
        elif direction is Direction.RIGHT:
            end = QPoint(stage.width() + 20, start.y() + ghost.height() // 8)
        else:
            end = QPoint(-ghost.width() - 20, start.y() + ghost.height() // 8)
        animation = QPropertyAnimation(ghost, b"pos", ghost)
        animation.setDuration(self._animation_ms)
        animation.setStartValue(start)
        animation.setEndValue(end)
        # Out, not in: the card leaves at once, as if thrown, and slows as it goes. An ease-in
        # kept it within a pixel of where it was for the first two frames after the key.
        animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        animation.finished.connect(ghost.deleteLater)
        self._run(animation)
        # The frame that answers the key already shows the card on its way out, one frame
        # into its flight, instead of a still frame first and the motion a frame later.
        animation.setCurrentTime(min(FRAME_MS, self._animation_ms))

    def _run(self, animation: QPropertyAnimation) -> None:
        self._animations.add(animation)

        def finished() -> None:
            self._animations.discard(animation)
            self.animation_finished.emit()

        animation.finished.connect(finished)
        animation.start()
