"""A second window beside a real other process that writes the file: it counts no failed
write (it never makes one), and once that process has gone it no longer names it.

The other window is a real child process holding the real writer lock in a session of its
own (`tests.another_process`); this window is built as the desktop app builds it, over a
session on virtual time, so its periodic check runs when the test advances the clock.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.desktop import build_window
from app.unsaved_at_close import unsaved_swipes
from middleware.policy import DEFAULT_POLICY
from tests.another_process import another_process, kill
from tests.reliability.sessions import TunedSession
from tests.ui.conftest import wait_for_trend
from ui.main_window import MainWindow

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a killed holder's PID is checked")


@pytest.mark.parametrize("ends", ["closes", "is killed"])
def test_a_second_window_counts_no_failed_write_and_stops_naming_the_first_once_it_is_gone(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture, ends: str
) -> None:
    db_path = tmp_path / "shared.sqlite3"
    caplog.set_level(logging.DEBUG)
    with another_process(db_path) as first:
        holder = f"TasteTrail process {first.pid}"
        second = TunedSession(db_path, options={"when_in_use": "read_only"})
        window = build_window(second.session, second.faults, animation_ms=0)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        wait_for_trend(qtbot, window)
        assert f"is in use by {holder}" in window.banner.text
        for _ in range(2):
            qtbot.keyClick(window.deck, Qt.Key.Key_Left)
            second.advance(1)
        second.settle(3 * DEFAULT_POLICY.periodic_check_seconds)  # retries would be due
        assert window.status.value("unsaved") == 2
        assert window.status.value("failed") == 0  # no write was ever attempted here
        events = [getattr(record, "event", "") for record in caplog.records]
        assert "swipe_flush_failed" not in events and "write_retried" not in events
        assert f"is in use by {holder}" in window.banner.text  # still open: still true
        if ends == "is killed":
            kill(first)
    # The other window has gone; at the next periodic check this one says so.
    second.settle(DEFAULT_POLICY.periodic_check_seconds + 1)
    text = window.banner.text
    assert text.startswith("⚠  Nothing you swipe in this window is saved. The window that ")
    assert f"({holder}) has closed since" in text and "is in use by" not in text
    assert "start TasteTrail again" in text
    close_reason = unsaved_swipes(second.session).reason()
    assert "is in use by" not in close_reason and "has closed since" in close_reason
    caplog.clear()
    second.close()  # what a kill -TERM of this window prints
    (line,) = [
        r.getMessage() for r in caplog.records if getattr(r, "event", "") == "swipes_not_saved"
    ]
    assert line.startswith("2 swipes of this session were not saved: the window that was")
    assert "is in use by" not in line



def second_window_beside(qtbot: QtBot, db_path: Path) -> tuple[TunedSession, MainWindow]:
    second = TunedSession(db_path, options={"when_in_use": "read_only"})
    window = build_window(second.session, second.faults, animation_ms=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for_trend(qtbot, window)
    return second, window


def test_the_second_window_says_at_once_that_the_first_closed_without_waiting_a_minute(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db_path = tmp_path / "shared.sqlite3"
    with another_process(db_path) as first:
        holder = f"TasteTrail process {first.pid}"
        second, window = second_window_beside(qtbot, db_path)
        assert f"is in use by {holder}" in window.banner.text
    # The first window has closed cleanly; virtual time stands still, so no periodic check
    # runs: the lock file going is what this window notices.
    qtbot.waitUntil(lambda: f"({holder}) has closed since" in window.banner.text, timeout=5000)
    assert "is in use by" not in window.banner.text
    second.close()


def test_coming_back_to_the_second_window_after_the_first_was_killed_says_so_at_once(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db_path = tmp_path / "shared.sqlite3"
    with another_process(db_path) as first:
        holder = f"TasteTrail process {first.pid}"
        second, window = second_window_beside(qtbot, db_path)
        # The person goes to the other window (here a window of this process) ...
        elsewhere = QWidget()
        qtbot.addWidget(elsewhere)
        elsewhere.show()
        elsewhere.activateWindow()
        qtbot.waitUntil(lambda: not window.isActiveWindow(), timeout=5000)
        kill(first)  # ... which ends without removing its lock file
        assert f"is in use by {holder}" in window.banner.text
    # No periodic check has run (virtual time stands still). The person comes back to the
    # second window: it says at once that the first has gone.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    text = window.banner.text
    assert f"({holder}) has closed since" in text and "is in use by" not in text
    second.close()
