"""The banner when the database file is deleted under the window: it says nothing is saved,
offers "Write to a new file", and the button writes the whole history back at the path.

The window is the app's own (`build_window`) over a real session and a real file.
"""

from __future__ import annotations

import re
import sqlite3

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory
from ui.banner import NEW_FILE_LABEL


def test_a_deleted_database_is_offered_a_new_file_and_the_button_writes_every_swipe(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    vs.swipe(30)
    vs.settle()
    window = open_window()
    assert not window.banner.isVisible()
    assert not window.banner.new_file_button.isVisible()

    vs.db_path.unlink()
    vs.advance(vs.policy.periodic_check_seconds)
    assert window.banner.isVisible()
    assert "Nothing is being saved: the database file is gone" in window.banner.text
    assert window.banner.new_file_button.isVisible()
    assert window.banner.new_file_button.text() == NEW_FILE_LABEL
    vs.swipe(10)
    vs.settle()
    assert window.status.value("unsaved") == 10
    # The swipes' refused commit is told as what happened to the file, with no
    # internal names (such as the repository's method) in the person's text.
    assert "was deleted while the app ran" in window.banner.text
    assert re.search(r"\b[a-z]+_[a-z_]+\b|refused:", window.banner.text) is None

    qtbot.mouseClick(window.banner.new_file_button, Qt.MouseButton.LeftButton)
    vs.settle()
    assert not window.banner.isVisible()
    assert window.status.value("unsaved") == 0
    with sqlite3.connect(vs.db_path) as connection:
        (swipes,) = connection.execute("SELECT count(*) FROM swipes").fetchone()
    assert swipes == 40


def test_a_banner_for_another_failure_offers_no_new_file(
    vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window()
    vs.faults.fail_writes(True)
    vs.swipe(10)
    vs.settle()
    assert "Snapshot writes are failing" in window.banner.text
    assert not window.banner.new_file_button.isVisible()
    vs.faults.fail_writes(False)
