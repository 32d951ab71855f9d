"""The virtual X server the real-window test runs on, and the X tools it drives it with.

Xvfb chooses a free display number itself (``-displayfd``) and writes it once it accepts
connections, so the test never guesses a number another X server holds, and never waits
on a clock to know the server is up.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from benchmarks.x_display import VirtualScreen

X_TOOLS = ("Xvfb", "xdotool", "import")
"""The virtual X server, the keyboard (xdotool), the camera (ImageMagick's ``import``)."""
INSTALL_HINT = (
    "on Debian: apt-get install --no-install-recommends xvfb xdotool imagemagick "
    "(.ci/install-x11-test-deps installs them and the libraries Qt's xcb plugin loads)"
)


def running_under_ci() -> bool:
    """True when ``CI`` is set to anything but an empty, ``0`` or ``false`` value."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def require_x_tools() -> None:
    """Skip the calling test when an X tool is missing, or fail it under CI.

    A developer without Xvfb still gets a green suite with a clear skip reason; CI must
    not, or a missing install step would silently turn the real-window test off.
    """
    missing = [tool for tool in X_TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"the real-window test needs {', '.join(missing)} on PATH; {INSTALL_HINT}"
    if running_under_ci():
        pytest.fail(f"{reason}. CI is set, so this is a failure, not a skip.", pytrace=False)
    pytest.skip(reason)


class VirtualDisplay(VirtualScreen):
    """The benchmarks' private Xvfb (`benchmarks.x_display.VirtualScreen`), plus a camera."""

    def xdotool(self, *arguments: str, timeout: float = 20.0) -> str:
        """Run ``xdotool ARGUMENTS`` on this display; its standard output, stripped."""
        return self.run_tool("xdotool", *arguments, timeout=timeout)

    def screenshot(self, path: Path, *, timeout: float = 30.0) -> Path:
        """Save the whole screen (the root window) as a PNG at ``path``."""
        self.run_tool("import", "-window", "root", str(path), timeout=timeout)
        return path
