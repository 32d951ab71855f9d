"""``--demo-clock --db FILE`` runs only on a file with no history, never on a copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.commands.gui import desktop_database
from app.demo_clock import DemoClockRefusedError
from app.paths import default_db_path, demo_db_path
from tests.harness import VirtualSession


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture
def copy_of_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of a real history (swipes written by the real clock) under another name."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    default_db_path().parent.mkdir(parents=True)
    history = VirtualSession(default_db_path())
    history.swipe(12)
    history.settle()
    history.close()
    copies = tmp_path / "copies"
    copies.mkdir()
    copy = copies / "history-copy.sqlite3"
    shutil.copyfile(default_db_path(), copy)
    return copy


def test_a_demo_clock_on_a_copy_of_real_history_is_refused_in_one_line_and_the_file_untouched(
    copy_of_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = files(copy_of_history.parent)
    assert main(["--demo-clock", "--db", str(copy_of_history)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert f"--demo-clock is refused on {str(copy_of_history)!r}" in line
    assert "already holds swipes" in line and str(demo_db_path()) in line
    assert files(copy_of_history.parent) == before


def test_a_demo_clock_may_start_a_new_file_named_by_db(tmp_path: Path) -> None:
    new = tmp_path / "show.sqlite3"
    assert desktop_database(new, demo_clock=True) == new
    new.write_bytes(b"")
    assert desktop_database(new, demo_clock=True) == new


def test_the_demo_database_stays_the_demos_after_its_own_swipes(
    copy_of_history: Path,
) -> None:
    demo = VirtualSession(demo_db_path())
    demo.swipe(3)
    demo.settle()
    demo.close()
    assert desktop_database(demo_db_path(), demo_clock=True) == demo_db_path()
    assert desktop_database(None, demo_clock=True) == demo_db_path()


def test_the_refusal_is_an_error_the_desktop_command_prints(copy_of_history: Path) -> None:
    with pytest.raises(DemoClockRefusedError):
        desktop_database(copy_of_history, demo_clock=True)
