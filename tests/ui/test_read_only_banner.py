"""A window on a read-only database: one banner, in sentences, saying what to do; and the
file's folder exactly as it was once the window has read it, swiped and closed.

The file is made read-only for real (`tests.write_protection`); the window is built the way
the desktop app builds it, over a real session on virtual time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.desktop import build_window
from tests.harness import VirtualSession
from tests.ui.conftest import wait_for_trend
from tests.write_protection import files_in, write_protected
from ui.main_window import MainWindow

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and attributes")


@pytest.fixture
def history(tmp_path: Path) -> Iterator[Path]:
    """A database with 30 swipes and one snapshot, its session closed."""
    db_path = tmp_path / "profile.sqlite3"
    session = VirtualSession(db_path)
    session.swipe(30, every=0.1)
    session.settle()
    session.close()
    yield db_path


def open_window(qtbot: QtBot, session: VirtualSession) -> MainWindow:
    window = build_window(session.session, session.faults, animation_ms=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for_trend(qtbot, window)
    return window


def swipe_and_read_every_range(qtbot: QtBot, window: MainWindow, session: VirtualSession) -> None:
    for _ in range(30):
        qtbot.keyClick(window.deck, Qt.Key.Key_Right)
        session.advance(0.1)
    session.settle()
    for label in window.trend.ranges.buttons:
        qtbot.mouseClick(window.trend.ranges.buttons[label], Qt.MouseButton.LeftButton)
        wait_for_trend(qtbot, window)


def test_a_read_only_file_shows_one_banner_that_says_what_to_do(
    qtbot: QtBot, history: Path
) -> None:
    with write_protected(history):
        session = VirtualSession(history)
        window = open_window(qtbot, session)
        swipe_and_read_every_range(qtbot, window, session)
        assert session.store.get_state().snapshots.failing  # the writes fail, as they must
        text = window.banner.text
        assert window.banner.isVisible()
        assert "\n" not in text  # one message, not one per problem
        assert text.startswith("⚠  Nothing you swipe in this window is saved. The database ")
        assert "cannot be written: the file is read-only. Fix the permissions" in text
        assert "Once it can be written, what you swipe here is saved too." in text
        for wrong in ("read_only=True", "retried", "Snapshot writes are failing"):
            assert wrong not in text
        assert window.status.value("unsaved") == 30
        window.close()
        session.close()


def test_reading_swiping_and_closing_on_a_read_only_file_leaves_its_folder_unchanged(
    qtbot: QtBot, history: Path
) -> None:
    with write_protected(history):
        before = files_in(history.parent)
        session = VirtualSession(history)
        window = open_window(qtbot, session)
        swipe_and_read_every_range(qtbot, window, session)
        assert window.trend.model.rowCount() == 1  # the trend read the file
        assert not [name for name in files_in(history.parent) if name.endswith(("-wal", "-shm"))]
        window.close()
        session.close()
        assert files_in(history.parent) == before


def test_the_read_only_banner_goes_once_the_file_can_be_written_and_the_swipes_are_saved(
    qtbot: QtBot, history: Path
) -> None:
    with write_protected(history):
        session = VirtualSession(history)
        window = open_window(qtbot, session)
        swipe_and_read_every_range(qtbot, window, session)
        assert window.banner.isVisible()
    session.settle(300)  # the writer tries again, now on a writable file
    assert window.status.value("unsaved") == 0
    assert not window.banner.isVisible()
    window.close()
    session.close()
    assert session.swipes_in_db() == 60
