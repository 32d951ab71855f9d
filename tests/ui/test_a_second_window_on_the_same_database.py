"""A second window on a database another window writes: read-only, said in the banner, and
every swipe in it shown as unsaved.

The window is built the way the desktop app builds it (`open_session` with
``when_in_use="read_only"``, then `build_window`), over a real session on virtual time.
"""

from __future__ import annotations

import logging
import os

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.desktop import build_window
from tests.harness import VirtualSession
from tests.reliability.sessions import TunedSession
from tests.ui.conftest import wait_for_trend


def test_a_second_window_opens_read_only_says_why_and_shows_every_swipe_unsaved(
    qtbot: QtBot, vs: VirtualSession, caplog: pytest.LogCaptureFixture
) -> None:
    vs.swipe(30)
    vs.settle()
    caplog.set_level(logging.WARNING, logger="tastetrail.app")
    # The second window opens on the same wall clock, after the first one's rows.
    second = TunedSession(vs.db_path, start=vs.now, options={"when_in_use": "read_only"})
    window = build_window(second.session, second.faults, animation_ms=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for_trend(qtbot, window)

    assert window.banner.isVisible()
    text = window.banner.text
    assert text.startswith("⚠  Nothing you swipe in this window is saved. The database ")
    assert f"is in use by TasteTrail process {os.getpid()}" in text
    assert "close that window first and start this one again" in text
    (line,) = [r.getMessage() for r in caplog.records if r.name == "tastetrail.app"]
    assert "\n" not in line
    assert f"is in use by TasteTrail process {os.getpid()}" in line
    assert "nothing you swipe in it is saved" in line
    assert line.endswith("or choose another file with --db")

    assert window.status.value("swipes") == 30  # the profile the file held when it opened
    assert window.status.value("unsaved") == 0
    assert window.trend.model.rowCount() == 1
    for _ in range(30):
        qtbot.keyClick(window.deck, Qt.Key.Key_Left)
    second.settle()
    assert window.status.value("swipes") == 60
    assert window.status.value("unsaved") == 30
    assert window.status.value("failed") == 0  # it never writes, so no write failed
    # Still the one message saying why and what to do: nothing here is retried, and
    # "retried automatically" would not be true of a file another process writes.
    assert window.banner.text == text
    second.close()
    assert vs.swipes_in_db() == 30  # the first window's swipes, and only those
