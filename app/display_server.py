"""Before Qt starts: is there a display server behind ``DISPLAY`` / ``WAYLAND_DISPLAY``?

A ``DISPLAY`` that names no running X server makes Qt's xcb plugin abort the process
(status 134) with several lines, one of them wrongly blaming ``libxcb-cursor0``. So the
server is reached first, the way libxcb reaches it, with a plain socket connect (no X
library, no external tool): ``:n`` / ``unix:n`` is the local socket ``/tmp/.X11-unix/Xn``
(also in Linux's abstract namespace), then TCP on localhost; ``host:n`` is TCP port 6000+n.
A ``WAYLAND_DISPLAY`` is a socket in ``XDG_RUNTIME_DIR`` (or an absolute path).
Only a display that cannot be reached at all is refused; anything that answers is Qt's.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Callable, Mapping
from pathlib import Path

X_SOCKET_DIR = Path("/tmp/.X11-unix")
TCP_TIMEOUT_SECONDS = 1.0

_X_DISPLAY = re.compile(r"^(?P<host>[^:]*?)(?:/(?P<protocol>\w+))?:(?P<number>\d+)(?:\.\d+)?$")

Connect = Callable[[int, object], bool]
"""Tries a socket of a family at an address; True when something accepted the connection."""


def socket_accepts(family: int, address: object) -> bool:
    """True if a server accepts a connection of ``family`` at ``address``."""
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.settimeout(TCP_TIMEOUT_SECONDS)
            probe.connect(address)  # type: ignore[arg-type]
    except OSError:
        return False
    return True


def x_server_reachable(display: str, *, connect: Connect = socket_accepts) -> bool | None:
    """Whether an X server answers at ``display``; None when the form is not one we know."""
    found = _X_DISPLAY.match(display.strip())
    if found is None:
        return None  # a launchd path, a form we do not parse: Qt's to judge
    host, number = found.group("host"), int(found.group("number"))
    if host in ("", "unix"):
        path = str(X_SOCKET_DIR / f"X{number}")
        if connect(socket.AF_UNIX, "\0" + path) or connect(socket.AF_UNIX, path):
            return True
        if host == "unix":
            return False
        host = "localhost"  # libxcb falls back to TCP on the local machine
    return connect(socket.AF_INET, (host, 6000 + number)) or connect(
        socket.AF_INET6, (host, 6000 + number)
    )


def wayland_reachable(environ: Mapping[str, str], *, connect: Connect = socket_accepts) -> bool:
    """Whether a Wayland compositor answers at ``WAYLAND_DISPLAY``."""
    name = environ.get("WAYLAND_DISPLAY", "")
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    path = name if name.startswith("/") else os.path.join(runtime, name) if runtime else ""
    return bool(path) and connect(socket.AF_UNIX, path)


def unreachable_display(
    environ: Mapping[str, str] | None = None, *, connect: Connect = socket_accepts
) -> str | None:
    """One line when the display Qt would use has no server behind it; else None.

    Only decided for the xcb platform (``QT_QPA_PLATFORM`` unset or ``xcb``) and for Qt's
    own choice under Wayland; ``offscreen`` and the others need no server.
    """
    environ = os.environ if environ is None else environ
    platform = environ.get("QT_QPA_PLATFORM", "").strip()
    if platform not in ("", "xcb"):
        return None
    display = environ.get("DISPLAY", "")
    wayland = environ.get("WAYLAND_DISPLAY", "")
    if platform == "" and wayland and wayland_reachable(environ, connect=connect):
        return None
    if display:
        if x_server_reachable(display, connect=connect) is not False:
            return None
        where = f"cannot connect to the X server at DISPLAY={display!r}"
        if wayland and platform == "":
            where += f" nor to the Wayland compositor at WAYLAND_DISPLAY={wayland!r}"
    elif wayland and platform == "":
        where = f"cannot connect to the Wayland compositor at WAYLAND_DISPLAY={wayland!r}"
    else:
        return None  # no display at all: `app.qt_platform` says so
    return (
        f"no display: {where}; start that server (e.g. `Xvfb {_number(display)} &`), set "
        "DISPLAY to a running one, or unset DISPLAY and use a virtual X server: "
        "xvfb-run python -m app"
    )


def _number(display: str) -> str:
    found = _X_DISPLAY.match(display.strip())
    return f":{found.group('number')}" if found else ":99"
