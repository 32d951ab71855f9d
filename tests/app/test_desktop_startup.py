"""``python -m app`` refuses to start in one line, before Qt: a bad file, no display, no library.

Each test runs the real command in a child process whose environment it sets itself (the
suite's ``QT_QPA_PLATFORM=offscreen`` is removed), as a user would meet it: Qt, left to
itself, aborts such a start with status 134 and several lines of its own.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.qt_platform import xcb_plugin_path

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux displays")
QT_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "QT_QPA_PLATFORM_PLUGIN_PATH")


def child_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in QT_VARIABLES}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env.update(extra)
    return env


def run_app(
    tmp_path: Path, *arguments: str, prefix: tuple[str, ...] = (), **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "app", *arguments],
        cwd=tmp_path,
        env=child_environment(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@linux_only
def test_a_text_file_as_db_is_refused_in_one_line_before_qt_even_without_a_display(
    tmp_path: Path,
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("buy basil\nbook the table for friday\n")
    result = run_app(tmp_path, "--db", "notes.txt")
    assert result.returncode == 2
    line = one_line(result)
    assert line.startswith(
        "python -m app: error: cannot start: 'notes.txt' is not a SQLite database"
    )
    assert notes.read_text() == "buy basil\nbook the table for friday\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]


@linux_only
def test_without_a_display_a_new_database_is_one_no_display_line_and_nothing_is_created(
    tmp_path: Path,
) -> None:
    result = run_app(tmp_path, "--db", "new.sqlite3")
    assert result.returncode == 2
    line = one_line(result)
    assert line.startswith("python -m app: error: no display: ")
    assert "xvfb-run" in line
    assert list(tmp_path.iterdir()) == []


def where_the_loader_finds(soname: str, library: Path) -> Path | None:
    """The file ``library``'s ``soname`` dependency resolves to here; None if not installed."""
    listing = subprocess.run(
        ["ldd", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in listing.splitlines():
        name, arrow, target = line.strip().partition(" => ")
        if name == soname and arrow:
            return None if target.startswith("not found") else Path(target.split(" (")[0])
    raise AssertionError(f"ldd does not list {soname} for {library}")


def hiding(folder: Path, names: list[str], scratch: Path) -> tuple[str, ...]:
    """A command prefix that runs its command with ``names`` gone from ``folder``.

    In a private mount namespace (nothing is visible outside it, and it ends with the
    command), ``folder`` is covered by an overlay whose upper layer, on a tmpfs, holds a
    whiteout for each name. The real folder is never written. Status 97: cannot mount here.
    """
    whiteouts = " && ".join(f"mknod {shlex.quote(str(scratch / 'up' / n))} c 0 0" for n in names)
    script = (
        f"{{ mount -t tmpfs tmpfs {shlex.quote(str(scratch))} && "
        f"mkdir {shlex.quote(str(scratch / 'up'))} {shlex.quote(str(scratch / 'work'))} && "
        f"{whiteouts} && "
        f"mount -t overlay overlay -o lowerdir={shlex.quote(str(folder))},"
        f"upperdir={shlex.quote(str(scratch / 'up'))},workdir={shlex.quote(str(scratch / 'work'))} "
        f'{shlex.quote(str(folder))}; }} 2>/dev/null || exit 97; exec "$@"'
    )
    return ("unshare", "--mount", "--propagation", "private", "--", "sh", "-c", script, "sh")


@linux_only
def test_a_really_missing_xcb_library_is_named_with_its_package_in_one_line(
    tmp_path: Path,
) -> None:
    plugin = xcb_plugin_path({})
    if plugin is None or not plugin.is_file() or shutil.which("ldd") is None:
        pytest.skip("needs PySide6's xcb platform plugin and ldd")
    installed = where_the_loader_finds("libxcb-cursor.so.0", plugin)
    prefix: tuple[str, ...] = ()
    if installed is not None:  # installed here: hide it from this one process
        if os.geteuid() != 0 or shutil.which("unshare") is None:
            pytest.skip("hiding an installed library needs root and unshare")
        folder = installed.resolve().parent
        names = sorted(p.name for p in folder.iterdir() if p.name.startswith("libxcb-cursor.so"))
        scratch = tmp_path / "overlay"
        scratch.mkdir()
        prefix = hiding(folder, names, scratch)
    app_folder = tmp_path / "app"
    app_folder.mkdir()
    result = run_app(app_folder, "--db", "new.sqlite3", prefix=prefix, DISPLAY=":0")
    if result.returncode == 97:
        pytest.skip("this machine cannot mount an overlay in a private namespace")
    assert result.returncode == 2
    line = one_line(result)
    assert line.startswith("python -m app: error: Qt cannot open a window: libxcb-cursor.so.0 ")
    assert "`sudo apt-get install libxcb-cursor0" in line
    assert "`sudo dnf install xcb-util-cursor" in line
    assert list(app_folder.iterdir()) == []
    if installed is not None:
        assert installed.exists()  # still there for everyone else
