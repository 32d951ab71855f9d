"""Whether Qt can open a window, decided before Qt starts: the display and the xcb libraries.

The library probe is injected (a loader that fails like the dynamic loader does) so these
tests can name any library as missing; `test_desktop_startup.py` hides a real one.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from app.qt_libraries import PACKAGES, install_commands
from app.qt_platform import (
    missing_libraries_line,
    missing_library,
    platform_problem,
    xcb_plugin_path,
)

ROOT = Path(__file__).resolve().parents[2]


def loader_missing(*sonames: str, plugin_fails_with: str | None = None) -> Callable[[str], object]:
    """A loader that fails, as ``ctypes.CDLL`` does, for the plugin and for ``sonames``."""
    first = plugin_fails_with or (sonames[0] if sonames else None)

    def load(name: str) -> object:
        if name.endswith("libqxcb.so") and first is not None:
            raise OSError(f"{first}: cannot open shared object file: No such file or directory")
        if name in sonames:
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")
        return object()

    return load


def never_called(name: str) -> object:
    raise AssertionError(f"the plugin was probed ({name}), but Qt would not use it here")


def test_no_display_at_all_is_one_line_saying_where_to_run_it() -> None:
    line = platform_problem({}, system="linux", load=never_called)
    assert line is not None
    assert line.startswith("no display: ")
    assert "DISPLAY" in line and "WAYLAND_DISPLAY" in line
    assert "desktop session" in line and "xvfb-run" in line
    assert "\n" not in line


def test_xcb_asked_for_without_an_x_display_is_no_display_even_under_wayland() -> None:
    environ = {"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}
    line = platform_problem(environ, system="linux", load=never_called)
    assert line is not None and line.startswith("no display: QT_QPA_PLATFORM=xcb")


@pytest.mark.parametrize("platform", ["offscreen", "wayland", "minimal", "vnc", "wayland;xcb"])
def test_another_platform_chosen_by_the_user_is_left_to_qt(platform: str) -> None:
    environ = {"QT_QPA_PLATFORM": platform}
    assert platform_problem(environ, system="linux", load=never_called) is None


@pytest.mark.parametrize("system", ["darwin", "win32"])
def test_macos_and_windows_need_no_check(system: str) -> None:
    assert platform_problem({}, system=system, load=never_called) is None


def test_a_wayland_session_is_not_refused_for_missing_xcb_libraries() -> None:
    environ = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert platform_problem(environ, system="linux", load=never_called) is None


def test_a_missing_xcb_library_is_named_with_the_package_that_installs_it() -> None:
    load = loader_missing("libxcb-cursor.so.0")
    assert platform_problem({"DISPLAY": ":0"}, system="linux", load=load) == (
        "Qt cannot open a window: libxcb-cursor.so.0 is missing; install it with "
        "`sudo apt-get install libxcb-cursor0` (Debian/Ubuntu) or "
        "`sudo dnf install xcb-util-cursor` (Fedora)"
    )


def test_every_missing_library_is_listed_in_the_same_line() -> None:
    load = loader_missing("libxcb-icccm.so.4", "libxkbcommon-x11.so.0", "libxcb-cursor.so.0")
    line = platform_problem({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, system="linux", load=load)
    assert line is not None
    assert line.startswith("Qt cannot open a window: libxcb-icccm.so.4, ")
    for soname in ("libxcb-icccm.so.4", "libxkbcommon-x11.so.0", "libxcb-cursor.so.0"):
        assert soname in line
    assert "`sudo apt-get install libxcb-icccm4 libxcb-cursor0 libxkbcommon-x11-0`" in line
    assert "`sudo dnf install xcb-util-wm xcb-util-cursor libxkbcommon-x11`" in line


def test_a_plugin_that_loads_is_no_problem() -> None:
    assert platform_problem({"DISPLAY": ":0"}, system="linux", load=loader_missing()) is None


def test_a_load_failure_other_than_a_missing_file_is_left_to_qt() -> None:
    def load(name: str) -> object:
        raise OSError(f"{name}: undefined symbol: xcb_cursor_context_new")

    assert platform_problem({"DISPLAY": ":0"}, system="linux", load=load) is None


def test_the_plugin_is_probed_where_qt_will_load_it_from(tmp_path: Path) -> None:
    (tmp_path / "libqxcb.so").write_bytes(b"")
    probed: list[str] = []

    def load(name: str) -> object:
        probed.append(name)
        return object()

    environ = {"DISPLAY": ":0", "QT_QPA_PLATFORM_PLUGIN_PATH": str(tmp_path)}
    assert platform_problem(environ, system="linux", load=load) is None
    assert probed == [str(tmp_path / "libqxcb.so")]
    default = xcb_plugin_path({})
    assert default is not None and default.parts[-5:] == (
        "PySide6",
        "Qt",
        "plugins",
        "platforms",
        "libqxcb.so",
    )


@pytest.mark.parametrize(
    ("message", "soname"),
    [
        (
            "libxcb-cursor.so.0: cannot open shared object file: No such file or directory",
            "libxcb-cursor.so.0",
        ),
        ("libEGL.so.1: cannot open shared object file: No such file or directory", "libEGL.so.1"),
        ("libicui18n.so.73: cannot open shared object file: No such file", "libicui18n.so.73"),
        ("/x/libqxcb.so: undefined symbol: xcb_cursor_load_cursor", None),
        ("/x/libqxcb.so: file too short", None),
        ("No module named 'PySide6'", None),
    ],
)
def test_the_loaders_message_gives_the_missing_soname(message: str, soname: str | None) -> None:
    assert missing_library(message) == soname


def test_a_library_outside_the_table_is_named_with_how_to_find_its_package() -> None:
    line = missing_libraries_line(["libfoo.so.3"])
    assert line == (
        "Qt cannot open a window: libfoo.so.3 is missing; find the package that provides "
        "libfoo.so.3 with `apt-file search libfoo.so.3` (Debian/Ubuntu) or "
        "`dnf provides '*/libfoo.so.3'` (Fedora) and install it"
    )


def needed(library: Path) -> Iterable[str]:
    output = subprocess.run(
        ["readelf", "-d", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in output.splitlines():
        if "(NEEDED)" in line:
            yield line.split("[", 1)[1].rstrip("]")


@pytest.mark.skipif(shutil.which("readelf") is None, reason="needs readelf (binutils)")
def test_the_table_covers_every_system_library_qt_needs_for_a_window() -> None:
    plugin = xcb_plugin_path({})
    if plugin is None or not plugin.is_file():
        pytest.skip("this PySide6 has no xcb platform plugin")
    qt_lib = plugin.parents[2] / "lib"
    libraries = [plugin] + [
        qt_lib / name
        for name in (
            "libQt6XcbQpa.so.6",
            "libQt6Gui.so.6",
            "libQt6Core.so.6",
            "libQt6Widgets.so.6",
            "libQt6DBus.so.6",
        )
    ]
    runtime = {
        "libc.so.6",
        "libm.so.6",
        "libstdc++.so.6",
        "libgcc_s.so.1",
        "ld-linux-x86-64.so.2",
        "libpthread.so.0",
        "libdl.so.2",
        "librt.so.1",
    }
    system = {
        soname
        for library in libraries
        for soname in needed(library)
        if soname not in runtime and not (qt_lib / soname).exists()
    }
    assert system, "readelf found no system library at all"
    assert system <= set(PACKAGES), f"not in the table: {sorted(system - set(PACKAGES))}"


def test_the_readme_shows_the_install_lines_for_every_library() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    readme = " ".join(readme.replace("\\\n", " ").split())  # join continued shell lines
    apt, dnf = install_commands()
    assert apt in readme
    assert dnf in readme
