"""A button too narrow for its word shows its short text, and its word again once wide."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.compact_button import CompactButton


def test_a_narrow_button_shows_its_short_text_and_a_wide_one_its_full_text(qtbot: QtBot) -> None:
    button = CompactButton("↶  Undo", "↶")
    qtbot.addWidget(button)
    button.show()  # a hidden widget gets its resize events only once shown
    button.resize(30, 30)
    assert button.text() == "↶"
    button.resize(300, 30)
    assert button.text() == "↶  Undo"
