"""A DISPLAY with no server behind it: one line and status 2, not Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.display_server import X_SOCKET_DIR, unreachable_display

ROOT = Path(__file__).resolve().parents[2]


def a_display_number_with_no_server() -> int:
    return next(n for n in range(170, 400) if not (X_SOCKET_DIR / f"X{n}").exists())


def test_a_display_with_no_x_server_is_refused_in_one_line_and_the_folder_stays_as_it_was(
    tmp_path: Path,
) -> None:
    number = a_display_number_with_no_server()
    folder = tmp_path / "history"
    folder.mkdir()
    environ = {
        k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")
    }
    environ |= {"DISPLAY": f":{number}", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(folder / "a.sqlite3")],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert f"cannot connect to the X server at DISPLAY=':{number}'" in lines[0]
    assert "Traceback" not in done.stderr and "xcb-cursor" not in done.stderr
    assert list(folder.iterdir()) == []


def test_a_running_x_server_behind_the_display_is_let_through() -> None:
    tried: list[object] = []

    def connect(family: int, address: object) -> bool:
        tried.append(address)
        return address == "/tmp/.X11-unix/X5"

    assert unreachable_display({"DISPLAY": ":5"}, connect=connect) is None
    assert unreachable_display({"DISPLAY": ":5.0"}, connect=connect) is None


def test_a_remote_display_that_does_not_answer_names_the_display() -> None:
    line = unreachable_display({"DISPLAY": "otherhost:3"}, connect=lambda family, address: False)
    assert line is not None and "DISPLAY='otherhost:3'" in line and "\n" not in line


def test_a_dead_wayland_display_without_an_x_display_is_refused_in_one_line(
    tmp_path: Path,
) -> None:
    environ = {"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path)}
    line = unreachable_display(environ)
    assert line is not None and "WAYLAND_DISPLAY='wayland-9'" in line


def test_offscreen_needs_no_server() -> None:
    environ = {"DISPLAY": ":1", "QT_QPA_PLATFORM": "offscreen"}
    assert unreachable_display(environ, connect=lambda family, address: False) is None
