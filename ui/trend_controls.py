"""The trend's controls: which span of time to show, and which tags.

`RangeButtons` is a row of exclusive buttons (Today, 7 days, 30 days, 1 year, All) over any
value type, each at least as wide as its text (a narrow window never cuts "30 days");
`TagChooser` is a drop-down of checkable tags, by default the latest snapshot's top five,
with a line that says in words what it shows and what a click does. Every tag stays
clickable: with five lines drawn, checking another puts it in place of the last one. Both
only emit what the user chose; the panel decides what to read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from ui.theme import CAPTION_STYLE

T = TypeVar("T")
MAX_TAGS = 5
"""As many tags as there are line colours: every line keeps a colour of its own."""


class RangeButtons(QWidget, Generic[T]):
    """One checkable button per range; `changed` carries the range's value."""

    changed = Signal(object)

    def __init__(
        self, choices: Sequence[tuple[str, T]], current: T, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._values = [value for _, value in choices]
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for index, (label, value) in enumerate(choices):
            button = QToolButton()
            button.setText(label)
            button.setCheckable(True)
            button.setChecked(value == current)
            button.setMinimumWidth(button.sizeHint().width())  # never "30…ys"
            button.setAccessibleName(f"Show {label.lower()}")
            button.setToolTip(f"Show {label.lower()} of snapshots")
            self.group.addButton(button, index)
            self.buttons[label] = button
            layout.addWidget(button)
        self.group.idClicked.connect(self._on_clicked)

    @property
    def current(self) -> T:
        return self._values[max(0, self.group.checkedId())]

    def _on_clicked(self, index: int) -> None:
        self.changed.emit(self._values[index])


def _hint_label(text: str) -> QLabel:
    """The menu's line of words: a caption, not a disabled entry (which reads at 1.6:1)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(CAPTION_STYLE)
    label.setContentsMargins(8, 4, 8, 4)
    label.setMaximumWidth(320)
    return label


class StayOpenMenu(QMenu):
    """A menu whose checkable entries toggle without closing it, to pick several in a row."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.actionAt(event.position().toPoint())
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            return
        super().mouseReleaseEvent(event)


class TagChooser(QToolButton):
    """``Tags: top 5 ▾``; `chosen` carries the picked tags, or ``()`` for the default."""

    chosen = Signal(tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = _hint_label("")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAccessibleName("Tags shown")
        self.menu_ = StayOpenMenu(self)
        self.setMenu(self.menu_)
        self._available: tuple[str, ...] = ()
        self._default: tuple[str, ...] = ()
        self._picked: tuple[str, ...] = ()
        self._reset = QAction(self)
        self._actions: dict[str, QAction] = {}
        self._rebuild()

    @property
    def tags(self) -> tuple[str, ...]:
        """The tags to draw: the picked ones, or the default when none are picked."""
        return self._picked or self._default

    @property
    def following_default(self) -> bool:
        return not self._picked

    def set_available(self, tags: Sequence[str], default: Sequence[str]) -> None:
        """The tags one can pick and the default ones (the latest snapshot's top five).

        The menu lists them by name, so a new order of scores does not rebuild it.
        """
        available, default_tags = tuple(sorted(tags)), tuple(default)[:MAX_TAGS]
        changed_entries = available != self._available
        if not changed_entries and default_tags == self._default:
            return
        self._available, self._default = available, default_tags
        if changed_entries:
            self._rebuild()
        else:
            self._sync()

    def choose(self, tags: Sequence[str]) -> None:
        """Draw ``tags`` (at most five, in the given order); ``()`` goes back to the default."""
        picked = tuple(dict.fromkeys(tags))[:MAX_TAGS]
        if picked == self._default:
            picked = ()
        if picked == self._picked:
            self._sync()  # a click on the checked default entry leaves it checked
            return
        self._picked = picked
        self._sync()
        self.chosen.emit(self._picked)

    def action_for(self, tag: str) -> QAction | None:
        """The menu entry of ``tag`` (for keyboard users and tests alike)."""
        return self._actions.get(tag)

    def _toggle(self, tag: str, on: bool) -> None:
        current = list(self.tags)
        if on and tag not in current:
            if len(current) >= MAX_TAGS:
                current = current[: MAX_TAGS - 1]  # the last one makes room for it
            current.append(tag)
        elif not on and tag in current:
            current.remove(tag)
        self.choose(current)

    def _rebuild(self) -> None:
        """New menu entries, for a new list of tags (never from an entry's own signal)."""
        menu = self.menu_
        menu.clear()
        self.hint = _hint_label("")  # the menu owned (and cleared) the last one; _sync fills it
        explained = QWidgetAction(menu)
        explained.setDefaultWidget(self.hint)
        menu.addAction(explained)
        self._reset = QAction(f"Top {MAX_TAGS} of the latest snapshot", menu)
        self._reset.setCheckable(True)
        self._reset.triggered.connect(lambda _checked=False: self.choose(()))
        menu.addAction(self._reset)
        menu.addSeparator()
        self._actions = {}
        for tag in sorted({*self._picked, *self._default, *self._available}):
            action = QAction(tag, menu)
            action.setCheckable(True)
            action.toggled.connect(lambda on, tag=tag: self._toggle(tag, on))
            menu.addAction(action)
            self._actions[tag] = action
        self._sync()

    def _sync(self) -> None:
        """The button's text and the entries' check marks, from the current choice."""
        shown = self.tags
        if self.following_default:
            self.setText(f"Tags: top {len(shown)}" if shown else "Tags")
            hint = (
                f"Showing the latest snapshot's top {MAX_TAGS} tags, which follow it as you "
                f"swipe. Check another tag to draw it instead of the last one (at most "
                f"{MAX_TAGS} lines)."
            )
        else:
            self.setText(f"Tags: {len(shown)} chosen")
            hint = (
                f"Showing the tags you chose: {', '.join(shown)}. “Top {MAX_TAGS} of the "
                "latest snapshot” goes back to the top tags."
            )
        self.setToolTip(f"Tags drawn: {', '.join(shown) or 'none yet'}. {hint}")
        if self.hint.text() != hint:  # a new label after a rebuild is empty
            self.hint.setText(hint)
        self._reset.setChecked(self.following_default)
        for tag, action in self._actions.items():
            blocked = action.blockSignals(True)
            action.setChecked(tag in shown)
            action.blockSignals(blocked)
