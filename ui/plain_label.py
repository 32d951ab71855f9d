"""A label that shows its text as text: the one kind of label for data from a file.

`QLabel` guesses (``Qt.AutoText``) whether its text is rich text, so a tag named
``<img src=...>`` or ``<b>x</b>`` in a received database would be drawn as markup. Every
label that shows data (tag names, window keys, error text, a zone name) is a plain label.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain_label(text: str = "") -> QLabel:
    """A `QLabel` showing ``text`` (and whatever is set later) as plain text, never markup."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label
