"""Closing a window with swipes it could not save asks: save elsewhere, discard, or cancel.

The real window over a real session (a second window on a file another window writes, or
a window whose writes fail), closed with Ctrl+Q; the real QMessageBox and QFileDialog are
answered as a person would, through their buttons and the file name field.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.desktop import build_window
from store.actions import Direction
from tests.harness import VirtualSession
from tests.reliability.sessions import TunedSession
from tests.ui.conftest import WindowFactory, wait_for_trend
from ui.main_window import MainWindow

LOOKS = 20_000
"""How many turns of the event loop a dialog may take to appear before a test gives up."""


def when_shown(name: str, act: Callable[[QWidget], None]) -> list[str]:
    """Run ``act`` on the modal dialog named ``name`` once it is shown; what was answered.

    A zero-interval timer looks at each turn of the event loop (the dialog's own loop
    too), so nothing waits on the clock.
    """
    answered: list[str] = []
    timer = QTimer()
    timer.setInterval(0)
    turns = [0]

    def look() -> None:
        widget = QApplication.activeModalWidget()
        turns[0] += 1
        if widget is not None and widget.objectName() == name and widget.isVisible():
            timer.stop()
            answered.append(name)
            act(widget)
        elif turns[0] > LOOKS:
            timer.stop()

    timer.timeout.connect(look)
    timer.start()
    _watchers.append(timer)
    return answered


_watchers: list[QTimer] = []
"""Keeps each watcher's timer alive until its test's dialogs are answered."""


@pytest.fixture(autouse=True)
def _stop_watchers() -> Iterator[None]:
    yield
    for timer in _watchers:
        timer.stop()
    _watchers.clear()


def click(text: str) -> Callable[[QWidget], None]:
    def press(dialog: QWidget) -> None:
        (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == text]
        button.click()

    return press


def type_file_name(qtbot: QtBot, name: str) -> Callable[[QWidget], None]:
    """Type ``name`` over the suggested one (the dialog opens beside the database), Save."""

    def answer(dialog: QWidget) -> None:
        field = dialog.findChild(QLineEdit, "fileNameEdit")
        assert field is not None
        assert field.text().endswith(".sqlite3") and "-unsaved-" in field.text()
        field.selectAll()
        qtbot.keyClicks(field, name)
        buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
        assert buttons is not None
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    return answer


def press_ctrl_q(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.deck, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def swipes_in(path: Path) -> list[tuple[int, str]]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = connection.execute("SELECT sequence, direction FROM swipes ORDER BY sequence")
        return [(int(sequence), str(direction)) for sequence, direction in rows]
    finally:
        connection.close()


def second_window(qtbot: QtBot, vs: VirtualSession) -> tuple[MainWindow, TunedSession]:
    """A second, read-only window on ``vs``'s file, with 12 swipes it cannot save."""
    vs.swipe(30)
    vs.settle()
    second = TunedSession(vs.db_path, options={"when_in_use": "read_only"})
    window = build_window(second.session, second.faults, animation_ms=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for_trend(qtbot, window)
    for _ in range(12):
        qtbot.keyClick(window.deck, Qt.Key.Key_Left)
    second.settle()
    assert window.status.value("unsaved") == 12
    return window, second


def test_save_to_another_file_writes_the_history_and_the_unsaved_swipes_to_a_new_database(
    qtbot: QtBot, vs: VirtualSession, caplog: pytest.LogCaptureFixture
) -> None:
    window, second = second_window(qtbot, vs)
    vs.swipe(5)  # meanwhile the first window saves five more of its own
    vs.settle()
    before = digest(vs.db_path)
    target = vs.db_path.with_name("my-swipes.sqlite3")

    asked = when_shown("close-question", click("Save to another file…"))
    named = when_shown("save-elsewhere", type_file_name(qtbot, target.name))
    press_ctrl_q(qtbot, window)

    assert asked == ["close-question"] and named == ["save-elsewhere"]
    assert not window.isVisible()
    saved = swipes_in(target)
    assert [sequence for sequence, _ in saved] == list(range(1, 43))
    assert [direction for _, direction in saved[30:]] == [Direction.LEFT.value] * 12
    assert digest(vs.db_path) == before  # the other window's file is not touched
    caplog.set_level(logging.WARNING, logger="tastetrail.app")
    second.close()
    lines = [r.getMessage() for r in caplog.records if r.name == "tastetrail.app"]
    (line,) = [line for line in lines if "swipes of this session" in line]
    assert line.startswith("12 swipes of this session were not saved to")
    assert f"they are saved with the history in {str(target)!r}" in line

    reopened = VirtualSession(target)  # the new file opens as a TasteTrail database
    try:
        assert reopened.store.get_state().profile.sequence == 42
    finally:
        reopened.close()


def test_cancel_keeps_the_window_open_with_its_swipes(
    qtbot: QtBot, vs: VirtualSession, tmp_path: Path
) -> None:
    window, second = second_window(qtbot, vs)
    files = sorted(path.name for path in tmp_path.rglob("*"))
    asked = when_shown("close-question", click("Cancel"))
    press_ctrl_q(qtbot, window)
    assert asked == ["close-question"]
    assert window.isVisible()
    assert window.status.value("unsaved") == 12
    assert sorted(path.name for path in tmp_path.rglob("*")) == files
    second.close()


def test_discard_closes_the_window_and_writes_nothing(
    qtbot: QtBot, vs: VirtualSession, tmp_path: Path
) -> None:
    window, second = second_window(qtbot, vs)
    before = digest(vs.db_path)
    files = sorted(path.name for path in tmp_path.rglob("*"))
    asked = when_shown("close-question", click("Discard"))
    press_ctrl_q(qtbot, window)
    assert asked == ["close-question"]
    assert not window.isVisible()
    assert digest(vs.db_path) == before
    assert sorted(path.name for path in tmp_path.rglob("*")) == files
    second.close()


def test_failing_writes_are_asked_about_and_saved_elsewhere_in_full(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory, tmp_path: Path
) -> None:
    window = open_window()
    for _ in range(10):
        qtbot.keyClick(window.deck, Qt.Key.Key_Right)
    vs.settle()
    vs.faults.fail_writes(True)  # as a full or failing disk would
    for _ in range(7):
        qtbot.keyClick(window.deck, Qt.Key.Key_Up)
    vs.settle()
    assert window.status.value("unsaved") == 7
    target = vs.db_path.with_name("elsewhere.sqlite3")
    asked = when_shown("close-question", click("Save to another file…"))
    when_shown("save-elsewhere", type_file_name(qtbot, target.name))
    press_ctrl_q(qtbot, window)
    assert asked == ["close-question"]
    assert not window.isVisible()
    saved = swipes_in(target)
    assert [direction for _, direction in saved] == ["RIGHT"] * 10 + ["UP"] * 7
    assert vs.swipes_in_db() == 10


def test_a_window_that_saved_everything_closes_without_a_question(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window()
    for _ in range(5):
        qtbot.keyClick(window.deck, Qt.Key.Key_Right)
    asked = when_shown("close-question", click("Cancel"))
    press_ctrl_q(qtbot, window)
    assert asked == []
    assert not window.isVisible()
    assert vs.swipes_in_db() == 5


def every_dialog_answered(answers: dict[str, list[Callable[[QWidget], None]]]) -> list[str]:
    """Answer each modal dialog as it shows, by its name, in turn; any other dialog (one the
    app did not name) is recorded by its text and dismissed. The names and texts, in order."""
    seen: list[str] = []
    timer = QTimer()
    timer.setInterval(0)
    turns = [0]
    current: list[QWidget | None] = [None]

    def look() -> None:
        turns[0] += 1
        widget = QApplication.activeModalWidget()
        if widget is None or not widget.isVisible() or widget is current[0]:
            if turns[0] > LOOKS:
                timer.stop()
            return
        current[0] = widget
        name = widget.objectName()
        queue = answers.get(name)
        if queue:
            seen.append(name)
            act = queue.pop(0)
            # Answered from a timer of its own: a dialog the answer opens (its own loop)
            # is then looked at by this one, which a timer's own slot would block.
            QTimer.singleShot(0, lambda: act(widget))
        else:
            seen.append(f"unnamed: {getattr(widget, 'text', lambda: '')()}")
            buttons = widget.findChildren(QPushButton)
            yes = [b for b in buttons if b.text().replace("&", "") == "Yes"]
            if yes:  # a person who asked for this name answers yes to "replace it?"
                QTimer.singleShot(0, yes[0].click)
            elif isinstance(widget, QDialog):
                QTimer.singleShot(0, widget.reject)

    timer.timeout.connect(look)
    timer.start()
    _watchers.append(timer)
    return seen


def test_a_file_name_that_exists_is_refused_once_without_a_replace_question(
    qtbot: QtBot, vs: VirtualSession, tmp_path: Path
) -> None:
    window, second = second_window(qtbot, vs)
    taken = vs.db_path.with_name("taken.sqlite3")
    taken.write_bytes(b"someone's file")
    seen = every_dialog_answered(
        {
            "close-question": [click("Save to another file…"), click("Cancel")],
            "save-elsewhere": [type_file_name(qtbot, taken.name)],
            "save-elsewhere-failed": [click("OK")],
        }
    )
    press_ctrl_q(qtbot, window)

    assert seen == ["close-question", "save-elsewhere", "save-elsewhere-failed", "close-question"]
    assert window.isVisible()  # cancelled: the swipes stay in the window
    assert taken.read_bytes() == b"someone's file"
    second.close()
