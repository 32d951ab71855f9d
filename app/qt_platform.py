"""Before Qt starts: can it open a window here? If not, one line that says what to do.

Qt answers a missing display or a missing system library by aborting the process (status
134) with several lines about platform plugins. On Linux the two usual causes can be seen
beforehand, cheaply: no ``DISPLAY`` nor ``WAYLAND_DISPLAY``, and a system library of the xcb
platform plugin that is not installed (a fresh Debian or Ubuntu lacks ``libxcb-cursor0``).
The plugin is loaded with ``ctypes`` from the file Qt would load, so the dynamic loader
itself names the first library it cannot find. Everything else is left to Qt: a check here
only refuses what would certainly fail.

Cost, measured on a shared 2-vCPU Xeon (25 fresh processes each, medians): the check takes
about 25-35 ms, nearly all of it the dynamic loader mapping Qt's libraries, which
``QApplication`` maps a moment later anyway; from process start to a constructed
``QApplication`` on an X display, it added 11 ms of CPU time in one run and nothing
measurable in another (start-up itself is about 250 ms there).
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from app.qt_libraries import PACKAGES

NO_DISPLAY = (
    "no display: Qt needs a graphical session to open its window, and neither DISPLAY nor "
    "WAYLAND_DISPLAY is set; run it from a desktop session, set DISPLAY (e.g. DISPLAY=:0), "
    "or use a virtual X server: xvfb-run python -m app"
)
NO_X_DISPLAY = (
    "no display: QT_QPA_PLATFORM=xcb needs an X server and DISPLAY is not set; run it from "
    "a desktop session, set DISPLAY (e.g. DISPLAY=:0), or use a virtual X server: "
    "xvfb-run python -m app"
)

_MISSING = re.compile(r"^\s*(?P<soname>[^\s:/]+\.so(?:\.[0-9]+)*): cannot open shared object file")

LoadLibrary = Callable[[str], object]
"""Loads a shared library by path or soname, raising `OSError` as ``ctypes.CDLL`` does."""


def missing_library(message: str) -> str | None:
    """The soname in a dynamic loader's "cannot open shared object file" message, if any."""
    found = _MISSING.match(message)
    return found.group("soname") if found else None


def missing_libraries_line(sonames: Sequence[str]) -> str:
    """The one line for libraries that are not installed, with the packages to install."""
    names = " and ".join([", ".join(sonames[:-1]), sonames[-1]] if sonames[1:] else sonames)
    verb = "is" if len(sonames) == 1 else "are"
    known = [PACKAGES[soname] for soname in sonames if soname in PACKAGES]
    unknown = [soname for soname in sonames if soname not in PACKAGES]
    advice = []
    if known:
        debian = " ".join(dict.fromkeys(package.debian for package in known))
        fedora = " ".join(dict.fromkeys(package.fedora for package in known))
        if unknown:  # name the ones this clause is about
            them = " and ".join(soname for soname in sonames if soname in PACKAGES)
        else:
            them = "it" if len(known) == 1 else "them"
        advice.append(
            f"install {them} with `sudo apt-get install {debian}` (Debian/Ubuntu) or "
            f"`sudo dnf install {fedora}` (Fedora)"
        )
    for soname in unknown:
        advice.append(
            f"find the package that provides {soname} with `apt-file search {soname}` "
            f"(Debian/Ubuntu) or `dnf provides '*/{soname}'` (Fedora) and install it"
        )
    return f"Qt cannot open a window: {names} {verb} missing; {', and '.join(advice)}"


def xcb_plugin_path(environ: Mapping[str, str]) -> Path | None:
    """Where Qt will load the xcb platform plugin from, without importing PySide6."""
    override = environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    if override:
        return Path(override) / "libqxcb.so"
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    return package / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def missing_xcb_libraries(plugin: Path, *, load: LoadLibrary = ctypes.CDLL) -> list[str]:
    """The system libraries the xcb plugin needs and cannot find; empty if it loads.

    The loader stops at the first missing library, so once one is missing every library
    in `PACKAGES` is tried by name as well: one line can then list all that are missing.
    Only "cannot open shared object file" counts; any other failure is left to Qt.
    """
    try:
        load(str(plugin))
    except OSError as error:
        first = missing_library(str(error))
        if first is None:
            return []
    else:
        return []
    missing = [first]
    for soname in PACKAGES:
        if soname == first:
            continue
        try:
            load(soname)
        except OSError as error:
            if missing_library(str(error)) == soname:
                missing.append(soname)
    return missing


def platform_problem(
    environ: Mapping[str, str] | None = None,
    *,
    system: str = sys.platform,
    load: LoadLibrary = ctypes.CDLL,
) -> str | None:
    """Why Qt cannot open a window here, as one line; None when nothing stands in its way."""
    environ = os.environ if environ is None else environ
    if not system.startswith("linux"):
        return None  # macOS and Windows platform plugins need nothing beyond the wheel
    platform = environ.get("QT_QPA_PLATFORM", "").strip()
    name = platform.split(":", 1)[0]
    if platform and name != "xcb":
        return None  # offscreen, wayland, a list of fallbacks...: Qt's own choice to make
    has_x = bool(environ.get("DISPLAY"))
    has_wayland = bool(environ.get("WAYLAND_DISPLAY"))
    if name == "xcb" and not has_x:
        return NO_X_DISPLAY
    if not has_x and not has_wayland:
        return NO_DISPLAY
    if has_wayland and name != "xcb":
        return None  # Qt may choose its Wayland plugin, whose libraries differ
    plugin = xcb_plugin_path(environ)
    if plugin is None or not plugin.is_file():
        return None
    missing = missing_xcb_libraries(plugin, load=load)
    return missing_libraries_line(missing) if missing else None
