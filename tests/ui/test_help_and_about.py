"""F1 lists the window's keyboard shortcuts; "About" names the version, the database and its
backups, and opens the data folder; the title names a database that is not the default."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from pytestqt.qtbot import QtBot

from app.version import app_version
from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory
from ui.about_dialog import AboutDialog
from ui.shortcuts_help import UNDESCRIBED


def native(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def press_f1(qtbot: QtBot, window: object) -> list[tuple[str, str]]:
    qtbot.keyClick(window.deck, Qt.Key.Key_F1)  # type: ignore[attr-defined]
    dialog = window.shortcuts_dialog  # type: ignore[attr-defined]
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    return dialog.rows()  # type: ignore[no-any-return]


def test_f1_lists_every_key_of_the_window_and_what_it_does(
    qtbot: QtBot, open_window: WindowFactory
) -> None:
    window = open_window()
    rows = dict(press_f1(qtbot, window))
    assert rows[native("Left")] == "Nope: swipe the card left"
    assert rows[native("Up")] == "Superlike: swipe the card up"
    assert rows[native("Right")] == "Like: swipe the card right"
    assert rows[native("Ctrl+Q")].startswith("Quit")
    assert rows[native("F1")] == "Show this list of keyboard shortcuts"
    assert rows[native("Ctrl+S")] == "Take a snapshot of your profile now"


def test_every_shortcut_of_the_window_is_in_the_help_and_says_what_it_does(
    qtbot: QtBot, open_window: WindowFactory
) -> None:
    window = open_window(demo_clock=True)
    listed = press_f1(qtbot, window)
    keys = {
        shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
        for shortcut in window.findChildren(QShortcut)
        if shortcut.isEnabled()
    }
    assert keys <= {key for key, _ in listed}
    assert [key for key, text in listed if text == UNDESCRIBED] == []


def test_a_shortcut_added_to_the_window_appears_in_the_help_without_editing_it(
    qtbot: QtBot, open_window: WindowFactory
) -> None:
    window = open_window()
    QShortcut(QKeySequence("Ctrl+K"), window).setWhatsThis("Keep the card for later")
    assert (native("Ctrl+K"), "Keep the card for later") in press_f1(qtbot, window)


def test_the_help_button_opens_the_same_list_as_f1(
    qtbot: QtBot, open_window: WindowFactory
) -> None:
    window = open_window()
    assert window.help_button.text() == "? Help" and window.help_button.isVisible()
    assert window.help_button.menu().actions() == [window.shortcuts_action, window.about_action]
    window.shortcuts_action.trigger()
    assert window.shortcuts_dialog is not None and window.shortcuts_dialog.isVisible()
    qtbot.addWidget(window.shortcuts_dialog)
    assert window.shortcuts_dialog.rows() == press_f1(qtbot, window)


def test_about_shows_the_version_the_database_and_its_backups_folder(
    qtbot: QtBot, open_window: WindowFactory, vs: VirtualSession
) -> None:
    window = open_window()
    window.about_action.trigger()
    dialog = window.about_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert dialog.fields["Version"].text() == app_version()
    assert dialog.fields["Database"].text() == str(vs.db_path)
    assert dialog.fields["Daily backups"].text().startswith(str(vs.db_path.parent))


def test_open_the_data_folder_asks_the_desktop_to_show_the_databases_folder(
    qtbot: QtBot, open_window: WindowFactory, vs: VirtualSession
) -> None:
    window = open_window()
    assert window.about_info is not None
    opened: list[QUrl] = []
    dialog = AboutDialog(window.about_info, open_url=opened.append)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(vs.db_path.parent)]


def test_a_window_on_another_database_names_the_file_in_its_title(
    open_window: WindowFactory, vs: VirtualSession
) -> None:
    assert open_window().windowTitle() == f"TasteTrail — {vs.db_path.name}"


def test_a_window_on_the_default_database_is_titled_plainly(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.desktop import build_window
    from app.paths import default_db_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    default_db_path().parent.mkdir(parents=True)
    session = VirtualSession(default_db_path())
    try:
        window = build_window(session.session, session.faults, animation_ms=0)
        qtbot.addWidget(window)
        assert window.windowTitle() == "TasteTrail"
        assert window.about_info is not None and window.about_info.is_default_db
    finally:
        session.close()
