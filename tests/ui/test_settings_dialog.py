"""The Settings dialog (Ctrl+,): refuses a wrong value with its message, and on OK the
change is made, saved, and every text of the window about the policy says it at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.desktop import build_window
from middleware.persistence.repository import SnapshotRepository
from middleware.policy import SnapshotPolicy
from store.actions import TriggerType
from store.settings import DEFAULT_SETTINGS, RANGES, Settings
from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory
from ui.main_window import MainWindow
from ui.settings_dialog import SettingsDialog
from ui.shortcuts_help import shortcut_list
from ui.shown_policy import show_policy
from ui.trigger_style import trigger_label


@pytest.fixture(autouse=True)
def shown_policy_reset() -> Iterator[None]:
    yield
    show_policy(SnapshotPolicy())  # the window's words are a process-wide reading


def open_settings(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    qtbot.keyClick(window.deck, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def type_into(qtbot: QtBot, dialog: SettingsDialog, name: str, text: str) -> None:
    field = dialog.fields[name]
    field.selectAll()
    qtbot.keyClicks(field, text)


def test_the_dialog_refuses_an_invalid_value_with_its_message_and_ok_disabled(
    qtbot: QtBot,
) -> None:
    dialog = SettingsDialog(DEFAULT_SETTINGS)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ok_button.isEnabled()
    type_into(qtbot, dialog, "swipe_interval", "0")
    message = dialog.message("swipe_interval")
    assert message.startswith("The swipe interval must be a whole number of swipes from 1")
    assert "received '0'" in message and "enter a value in that range" in message
    assert not dialog.ok_button.isEnabled()
    assert dialog.chosen is None
    type_into(qtbot, dialog, "swipe_interval", "40")
    assert dialog.message("swipe_interval") == ""
    assert dialog.ok_button.isEnabled()


@pytest.mark.parametrize(
    ("name", "text"), [("quiet_period_seconds", "0.000001"), ("max_wait_seconds", "0.05")]
)
def test_a_period_below_a_tenth_of_a_second_is_refused_with_the_range_the_command_line_says(
    qtbot: QtBot, name: str, text: str
) -> None:
    dialog = SettingsDialog(DEFAULT_SETTINGS)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog, name, text)
    message = dialog.message(name)
    assert "must be seconds, from 0.1 to 3600" in message and f"received '{text}'" in message
    assert not dialog.ok_button.isEnabled() and dialog.chosen is None
    assert RANGES[name] in dialog.fields[name].toolTip()  # the rule `settings --help` shows
    type_into(qtbot, dialog, name, "0.1" if name == "quiet_period_seconds" else "3")
    assert dialog.message(name) == "" and dialog.ok_button.isEnabled()


def test_a_maximum_wait_below_the_quiet_period_is_refused_under_the_fields(
    qtbot: QtBot,
) -> None:
    dialog = SettingsDialog(DEFAULT_SETTINGS)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog, "quiet_period_seconds", "5")
    assert "must be at least the quiet period (5 s)" in dialog.message("pair")
    assert not dialog.ok_button.isEnabled()
    type_into(qtbot, dialog, "max_wait_seconds", "12")
    assert dialog.message("pair") == ""
    assert dialog.chosen == Settings(
        swipe_interval=25, quiet_period_seconds=5.0, max_wait_seconds=12.0
    )


def test_ok_applies_and_saves_the_change_and_the_windows_texts_follow_at_once(
    qtbot: QtBot, open_window: WindowFactory, vs: VirtualSession
) -> None:
    window = open_window()
    assert "Snapshot every 25 swipes" in window.status.policy.text()
    assert "one is recorded every 25 swipes" in window.trend.message.text()
    dialog = open_settings(qtbot, window)
    assert dialog.fields["swipe_interval"].text() == "25"
    type_into(qtbot, dialog, "swipe_interval", "40")
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.fields["swipe_interval"], Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert vs.store.get_state().settings.swipe_interval == 40
    assert "Snapshot every 40 swipes" in window.status.policy.text()
    assert trigger_label(TriggerType.SWIPE_THRESHOLD) == "Every 40 swipes"
    qtbot.waitUntil(lambda: "one is recorded every 40 swipes" in window.trend.message.text())
    vs.settle(1)  # the inline writer's turn
    with SnapshotRepository.open(vs.db_path, read_only=True) as repository:
        assert repository.stored_settings(DEFAULT_SETTINGS).values == {"swipe_interval": 40}
    vs.swipe(40, every=1.0)
    vs.settle(5)
    assert "swipes:000040" in [row.window_key for row in vs.rows()]


def test_a_row_taken_under_the_old_interval_is_not_named_after_the_new_one(
    qtbot: QtBot, open_window: WindowFactory, vs: VirtualSession
) -> None:
    vs.swipe(25, every=1.0)
    vs.settle(5)
    window = open_window()
    dialog = open_settings(qtbot, window)
    type_into(qtbot, dialog, "swipe_interval", "40")
    with qtbot.waitSignal(dialog.finished):
        dialog.accept()
    legend = window.trend.chart.legend
    qtbot.waitUntil(lambda: "Every 40 swipes" in legend.text())  # the rule in force
    model = window.trend.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    tip = model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Swipe count (swipes:000025)")  # the row: by its mark
    assert model.data(model.index(0, 3)).startswith("mark 25")
    assert "Every 40" not in window.status.last_snapshot.text()


def test_cancel_changes_nothing(
    qtbot: QtBot, open_window: WindowFactory, vs: VirtualSession
) -> None:
    window = open_window()
    dialog = open_settings(qtbot, window)
    type_into(qtbot, dialog, "swipe_interval", "7")
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.fields["swipe_interval"], Qt.Key.Key_Escape)
    assert vs.store.get_state().settings == DEFAULT_SETTINGS
    assert "Snapshot every 25 swipes" in window.status.policy.text()


def test_a_change_that_could_not_be_saved_is_shown_in_the_banner(
    qtbot: QtBot, open_window: WindowFactory, vs: VirtualSession
) -> None:
    window = open_window()
    vs.faults.fail_writes(True)
    dialog = open_settings(qtbot, window)
    type_into(qtbot, dialog, "swipe_interval", "9")
    with qtbot.waitSignal(dialog.finished):
        dialog.accept()
    vs.settle(1)
    qtbot.waitUntil(lambda: "were not saved" in window.banner.text)
    assert window.banner.isVisible()
    assert "Your settings apply in this window but were not saved" in window.banner.text
    assert "disk I/O error" in window.banner.text
    vs.faults.fail_writes(False)
    dialog = open_settings(qtbot, window)
    with qtbot.waitSignal(dialog.finished):
        dialog.accept()  # the same settings again: saved this time
    vs.settle(1)
    qtbot.waitUntil(lambda: "were not saved" not in window.banner.text)


def test_the_settings_button_sits_beside_help_and_ctrl_comma_is_in_the_f1_list(
    qtbot: QtBot, open_window: WindowFactory
) -> None:
    window = open_window()
    assert window.settings_button.isVisible()
    assert window.settings_button.text() == "⚙ Settings"
    qtbot.mouseClick(window.settings_button, Qt.MouseButton.LeftButton)
    assert window.settings_dialog is not None and window.settings_dialog.isVisible()
    window.settings_dialog.reject()
    texts = [text for _key, text in shortcut_list(window)]
    assert any(text.startswith("Settings") for text in texts)


def test_a_window_over_a_file_with_stored_settings_says_them(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "stored.sqlite3"
    with SnapshotRepository.open(path) as repository:
        repository.save_settings(Settings(swipe_interval=12), at=datetime.now(UTC))
    session = VirtualSession(path)
    try:
        window = build_window(session.session, session.faults, animation_ms=0)
        qtbot.addWidget(window)
        assert "Snapshot every 12 swipes" in window.status.policy.text()
        assert trigger_label(TriggerType.SWIPE_THRESHOLD) == "Every 12 swipes"
    finally:
        session.close()
