"""The system libraries Qt's window needs on Linux, and the package that installs each.

The PySide6 wheel bundles Qt and ICU; everything else comes from the system. This is the
list of sonames that ``readelf -d`` shows as NEEDED by the xcb platform plugin
(``PySide6/Qt/plugins/platforms/libqxcb.so``), ``libQt6XcbQpa.so.6``, ``libQt6Gui.so.6``,
``libQt6Core.so.6``, ``libQt6Widgets.so.6`` and ``libQt6DBus.so.6``, less the C and C++
runtimes every Python already has. Their own dependencies (``libXau``, ``libpng`` ...) come
with these packages. Debian names checked with ``dpkg -S`` on Debian 12 (Ubuntu uses the
same names; 24.04 has ``libglib2.0-0t64``, which apt picks for ``libglib2.0-0``); Fedora
names are the packages that ship each file.
"""

from __future__ import annotations

from typing import NamedTuple


class Package(NamedTuple):
    debian: str
    fedora: str


PACKAGES: dict[str, Package] = {
    "libxcb-cursor.so.0": Package("libxcb-cursor0", "xcb-util-cursor"),
    "libxkbcommon-x11.so.0": Package("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": Package("libxkbcommon0", "libxkbcommon"),
    "libxcb-icccm.so.4": Package("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": Package("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": Package("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-image.so.0": Package("libxcb-image0", "xcb-util-image"),
    "libxcb-util.so.1": Package("libxcb-util1", "xcb-util"),
    "libxcb-shape.so.0": Package("libxcb-shape0", "libxcb"),
    "libxcb-randr.so.0": Package("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": Package("libxcb-render0", "libxcb"),
    "libxcb-shm.so.0": Package("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": Package("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": Package("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": Package("libxcb-xkb1", "libxcb"),
    "libxcb.so.1": Package("libxcb1", "libxcb"),
    "libX11-xcb.so.1": Package("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": Package("libx11-6", "libX11"),
    "libEGL.so.1": Package("libegl1", "mesa-libEGL"),
    "libGL.so.1": Package("libgl1", "mesa-libGL"),
    "libfontconfig.so.1": Package("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": Package("libfreetype6", "freetype"),
    "libglib-2.0.so.0": Package("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": Package("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": Package("libdbus-1-3", "dbus-libs"),
    "libzstd.so.1": Package("libzstd1", "libzstd"),
    "libz.so.1": Package("zlib1g", "zlib"),
}
"""Soname -> package, most often missing first (the order of a line listing several)."""


def install_commands() -> tuple[str, str]:
    """The apt-get and dnf lines that install every library above (the README shows them)."""
    debian = " ".join(dict.fromkeys(package.debian for package in PACKAGES.values()))
    fedora = " ".join(dict.fromkeys(package.fedora for package in PACKAGES.values()))
    return f"sudo apt-get install {debian}", f"sudo dnf install {fedora}"
