"""The damaged-database dialog: what it says, that Quit is the default, and what each button
answers. It is opened without a blocking ``exec`` and answered with real clicks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.damaged_database_dialog import MOVE_ASIDE, QUIT, DamagedDatabaseDialog

DB = Path("/data/tastetrail.sqlite3")
ASIDE = Path("/data/tastetrail.sqlite3.corrupt-20260120T093005Z")


def opened(qtbot: QtBot) -> DamagedDatabaseDialog:
    dialog = DamagedDatabaseDialog(DB, "SQLite says 'database disk image is malformed'", ASIDE)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_dialog_names_the_file_where_it_goes_and_the_restore_command(qtbot: QtBot) -> None:
    dialog = opened(qtbot)
    assert "tastetrail.sqlite3 is damaged" in dialog.text()
    assert ASIDE.name in dialog.informativeText()
    assert "bytes unchanged" in dialog.informativeText()
    assert "python -m app restore" in dialog.informativeText()
    assert "malformed" in dialog.detailedText()
    assert [button.text() for button in (dialog.move_button, dialog.quit_button)] == [
        MOVE_ASIDE,
        QUIT,
    ]
    assert dialog.defaultButton() is dialog.quit_button


def test_move_aside_and_start_fresh_answers_yes(qtbot: QtBot) -> None:
    dialog = opened(qtbot)
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    assert dialog.chose_move_aside


def test_quit_and_escape_answer_no(qtbot: QtBot) -> None:
    dialog = opened(qtbot)
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert not dialog.chose_move_aside

    dialog = opened(qtbot)
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.chose_move_aside
