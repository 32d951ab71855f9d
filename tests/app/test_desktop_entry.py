"""``desktop-entry install|remove`` puts the app in the desktop's menu and takes it out,
never following a link it did not make."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.desktop_entry import exec_line, launch_command

ENTRY = Path("applications/tastetrail.desktop")
ICONS = (
    Path("icons/hicolor/scalable/apps/tastetrail.svg"),
    Path("icons/hicolor/128x128/apps/tastetrail.png"),
)


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def run(capsys: pytest.CaptureFixture[str], action: str) -> tuple[int, str, str]:
    status = main(["desktop-entry", action])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_install_writes_a_desktop_file_and_icons_that_start_this_app(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "install")
    assert (status, err) == (0, "")
    assert files_under(data_home) == sorted(str(path) for path in (ENTRY, *ICONS))
    entry = (data_home / ENTRY).read_text()
    assert entry.startswith("[Desktop Entry]\nType=Application\n")
    assert "\nName=TasteTrail\n" in entry and "\nIcon=tastetrail\n" in entry
    assert "\nExec=" in entry
    assert (data_home / ICONS[1]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"wrote: {data_home / ENTRY}" in out


def test_installing_twice_changes_nothing_and_remove_takes_every_file_away(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "install")
    status, out, _ = run(capsys, "install")
    assert status == 0 and out.count("unchanged: ") == 3
    status, out, _ = run(capsys, "remove")
    assert status == 0 and out.count("removed: ") == 3
    assert files_under(data_home) == []
    assert run(capsys, "remove")[1].startswith("nothing to remove under ")


def test_without_xdg_data_home_the_entry_goes_under_local_share_in_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert run(capsys, "install")[0] == 0
    assert (tmp_path / ".local/share" / ENTRY).is_file()


def test_a_link_at_the_applications_folder_is_refused_and_nothing_is_written(
    data_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data_home.mkdir()
    (data_home / "applications").symlink_to(elsewhere)
    status, out, err = run(capsys, "install")
    assert status == 2 and out == ""
    assert err == (
        f"python -m app desktop-entry: error: {str(data_home / 'applications')!r} is a "
        "symbolic link that TasteTrail did not make; it is not followed: remove the link, "
        "then run the command again\n"
    )
    assert list(elsewhere.iterdir()) == []
    assert files_under(data_home) == []


def test_a_link_at_the_desktop_file_is_neither_followed_nor_replaced(
    data_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine\n")
    (data_home / "applications").mkdir(parents=True)
    (data_home / ENTRY).symlink_to(target)
    for action in ("install", "remove"):
        status, _, err = run(capsys, action)
        assert status == 2 and "is a symbolic link that TasteTrail did not make" in err
        assert target.read_text() == "mine\n" and (data_home / ENTRY).is_symlink()


def test_remove_leaves_a_desktop_file_that_tastetrail_did_not_write(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_home / "applications").mkdir(parents=True)
    (data_home / ENTRY).write_text("[Desktop Entry]\nName=My own launcher\n")
    status, _, err = run(capsys, "remove")
    assert status == 2 and "was not written by TasteTrail" in err
    assert (data_home / ENTRY).read_text() == "[Desktop Entry]\nName=My own launcher\n"


def test_the_exec_line_quotes_a_path_with_spaces_as_the_desktop_entry_spec_asks() -> None:
    assert exec_line(["/opt/Taste Trail/tastetrail"]) == '"/opt/Taste Trail/tastetrail"'
    assert exec_line(["/usr/bin/python3", "-m", "app"]) == "/usr/bin/python3 -m app"
    assert exec_line(["/a/100%/x"]) == '"/a/100%%/x"'


def test_the_entry_starts_the_installed_app_even_from_a_folder_holding_another_app(
    data_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "install")
    assert (status, err) == (0, "")
    entry = (data_home / ENTRY).read_text()
    command = shlex.split(entry.split("\nX-TasteTrail-Command=", 1)[1].split("\n", 1)[0])
    impostor = tmp_path / "somewhere" / "app"
    impostor.mkdir(parents=True)
    (impostor / "__init__.py").write_text("")
    (impostor / "__main__.py").write_text("print('not TasteTrail')\n")
    environ = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    started = subprocess.run(
        [*command, "--version"],
        cwd=impostor.parent,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "not TasteTrail" not in started.stdout
    assert started.returncode == 0 and started.stdout.split()[-1][0].isdigit()


def test_the_entry_runs_the_tastetrail_script_beside_the_python_that_installs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_folder = tmp_path / "venv" / "bin"
    bin_folder.mkdir(parents=True)
    script = bin_folder / "tastetrail"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(bin_folder / "python"))
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "elsewhere" / "__main__.py")])
    assert launch_command() == [str(script)]


def test_without_a_script_the_entry_runs_python_isolated_from_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    monkeypatch.setattr(sys, "executable", str(python))
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "elsewhere" / "__main__.py")])
    assert launch_command() == [str(python), "-I", "-m", "app"]
