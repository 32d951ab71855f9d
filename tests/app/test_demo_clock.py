"""``--demo-clock`` never writes a moved clock into the user's real (default) database."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.commands.gui import desktop_database
from app.demo_clock import DemoClockRefusedError, jump_before_midnight
from app.paths import default_db_path, demo_db_path
from tests.harness import VirtualSession


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user data directory of this test's own, with a real history in the default database."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    default_db_path().parent.mkdir(parents=True)
    history = VirtualSession(default_db_path())
    history.swipe(30)
    history.settle()
    history.close()
    return default_db_path().parent


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_demo_clock_runs_on_the_demo_database_beside_the_default_one(
    data_home: Path, tmp_path: Path
) -> None:
    assert desktop_database(None, demo_clock=True) == data_home / "tastetrail-demo.sqlite3"
    assert desktop_database(None, demo_clock=False) == data_home / "tastetrail.sqlite3"
    chosen = tmp_path / "show.sqlite3"
    assert desktop_database(chosen, demo_clock=True) == chosen


def test_the_app_with_a_demo_clock_opens_the_demo_database_not_the_default(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A text file where the demo database goes: the refusal names the file that was opened.
    demo_db_path().write_text("not a database\n")
    before = files(data_home)
    assert main(["--demo-clock"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert str(demo_db_path()) in line and "is not a SQLite database" in line
    assert files(data_home) == before


@pytest.mark.parametrize("spelling", ["plain", "through-a-link"])
def test_a_demo_clock_on_the_default_database_is_refused_in_one_line(
    data_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], spelling: str
) -> None:
    db = default_db_path()
    if spelling == "through-a-link":
        (tmp_path / "link").symlink_to(data_home)
        db = tmp_path / "link" / db.name
    before = files(data_home)
    assert main(["--demo-clock", "--db", str(db)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "--demo-clock is refused on the default database" in line
    assert str(demo_db_path()) in line
    assert files(data_home) == before


def test_the_jump_itself_refuses_a_session_on_the_default_database(data_home: Path) -> None:
    session = VirtualSession(default_db_path())
    try:
        before = session.clock.now()
        with pytest.raises(DemoClockRefusedError, match="refused on the default database"):
            jump_before_midnight(session.clock, session.session)
        assert session.clock.now() == before
    finally:
        session.close()


def test_the_jump_moves_the_clock_on_any_other_database(db_path: Path) -> None:
    session = VirtualSession(db_path)
    try:
        jump_before_midnight(session.clock, session.session)
        local = session.clock.now().astimezone(session.clock.zone())
        assert (local.hour, local.minute, local.second) == (23, 59, 50)
    finally:
        session.close()


def test_the_demo_controls_run_on_the_demo_database_and_never_on_the_default(
    data_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert desktop_database(None, demo_clock=False, demo=True) == demo_db_path()
    chosen = tmp_path / "show.sqlite3"
    assert desktop_database(chosen, demo_clock=False, demo=True) == chosen
    before = files(data_home)
    assert main(["--demo", "--db", str(default_db_path())]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "--demo is refused on the default database" in line
    assert "made-up swipes" in line and str(demo_db_path()) in line
    assert files(data_home) == before
