"""A settings change a window could not save: what the banner asks of the person."""

from __future__ import annotations

from store.state import AppState
from ui.banner import settings_line

NOT_SAVED = "the database 'x.sqlite3' is in use by TasteTrail process 2747"


def test_a_window_that_saves_does_ask_for_ok_again() -> None:
    line = settings_line(AppState(settings_not_saved=NOT_SAVED))
    assert "were not saved: the database 'x.sqlite3' is in use" in line
    assert "press OK to save them again" in line


def test_a_window_that_saves_nothing_does_not_ask_for_what_cannot_work() -> None:
    line = settings_line(AppState(settings_not_saved=NOT_SAVED), saves_nothing=True)
    assert "apply in this window only" in line
    assert "press OK" not in line and "process 2747" not in line  # the line above says so


def test_nothing_is_said_while_the_last_change_is_saved() -> None:
    assert settings_line(AppState(), saves_nothing=True) == ""
