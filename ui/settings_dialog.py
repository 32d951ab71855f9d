"""The Settings dialog (Ctrl+,): the swipe interval, the quiet period and the maximum wait.

Each field is checked as it is typed, against the bounds of `store.settings` (the same the
command line and the stored rows are checked against): a wrong value is named under its
field with what was wrong, what was received and what to do, and OK stays disabled until
every field and the pair (the maximum wait not shorter than the quiet period) is right.
The dialog only says what the person chose (`chosen`); the window dispatches it, and
the change applies from the next batch and the next swipe count on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from store.settings import (
    DEFAULT_SETTINGS,
    NAMES,
    RANGES,
    Settings,
    SettingsError,
    check_one,
    check_settings,
)
from ui.plain_label import plain_label

ERROR_STYLE = "color: #b91c1c;"
MIN_WIDTH = 480
"""Wide enough that a message under a field wraps to two or three lines, not ten."""

FIELDS: dict[str, tuple[str, str]] = {
    "swipe_interval": ("&Snapshot every", "swipes"),
    "quiet_period_seconds": ("&Quiet period", "seconds without a swipe end a batch"),
    "max_wait_seconds": ("&Maximum wait", "seconds at most that a batch stays open"),
}
"""Each field's label and the unit written after it."""


def _shown(value: float) -> str:
    return f"{value:g}"


class SettingsDialog(QDialog):
    """Three fields with their messages; OK only while all of them are valid."""

    def __init__(self, current: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings — TasteTrail")
        self.setModal(True)
        self.setMinimumWidth(MIN_WIDTH)
        self.fields: dict[str, QLineEdit] = {}
        self.messages: dict[str, QLabel] = {}
        intro = QLabel(
            "When your profile is snapshotted. A change applies from the next batch of "
            "swipes and the next swipe count on, and is saved with your swipes."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        for name in NAMES:
            label, unit = FIELDS[name]
            field = QLineEdit(_shown(getattr(current, name)))
            field.setAccessibleName(label.replace("&", ""))
            field.setToolTip(f"{unit[:1].upper()}{unit[1:]}: {RANGES[name]}")
            field.textChanged.connect(self._check)
            message = plain_label()
            message.setWordWrap(True)
            message.setStyleSheet(ERROR_STYLE)
            message.setAccessibleName(f"{label.replace('&', '')}: problem")
            message.hide()
            caption = QLabel(label)
            caption.setBuddy(field)
            row = QHBoxLayout()
            row.addWidget(field)
            unit_label = QLabel(unit)
            unit_label.setWordWrap(True)
            row.addWidget(unit_label, 1)
            form.addRow(caption, row)
            form.addRow(message)  # the whole width: a message is a sentence or two
            self.fields[name] = field
            self.messages[name] = message
        self.pair_message = plain_label()
        self.pair_message.setWordWrap(True)
        self.pair_message.setStyleSheet(ERROR_STYLE)
        self.pair_message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.pair_message)
        layout.addWidget(self.buttons)
        self._chosen: Settings | None = None
        self._check()
        self.fields[NAMES[0]].setFocus(Qt.FocusReason.OtherFocusReason)
        self.fields[NAMES[0]].selectAll()

    @property
    def ok_button(self) -> QWidget:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    @property
    def chosen(self) -> Settings | None:
        """The settings as typed, when every field is valid; None otherwise."""
        return self._chosen

    def message(self, name: str) -> str:
        """The problem shown under a field ("" when it is valid); ``"pair"``: the pair's."""
        label = self.pair_message if name == "pair" else self.messages[name]
        return label.text() if not label.isHidden() else ""

    def _check(self) -> None:
        values: dict[str, object] = {}
        for name, field in self.fields.items():
            text = field.text().strip()
            try:
                values[name] = check_one(name, text)
                problem = ""
            except SettingsError as error:
                problem = _capitalized(str(error)) + "."
            self._show(self.messages[name], problem)
        chosen: Settings | None = None
        pair = ""
        if "quiet_period_seconds" in values and "max_wait_seconds" in values:
            try:  # the pair is checked as soon as both of its values are
                checked = check_settings({**DEFAULT_SETTINGS._asdict(), **values})
                chosen = checked if len(values) == len(self.fields) else None
            except SettingsError as error:
                pair = _capitalized(str(error)) + "."
        self._show(self.pair_message, pair)
        self._chosen = chosen
        self.ok_button.setEnabled(chosen is not None)
        self.adjustSize()  # a message shown or gone: the dialog grows or shrinks to fit

    @staticmethod
    def _show(label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)
        label.setVisible(bool(text))


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]
