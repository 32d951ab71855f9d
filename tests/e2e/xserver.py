"""A private virtual X server (Xvfb) and the X tools the real-window test drives it with.

Xvfb chooses a free display number itself (``-displayfd``) and writes it once it accepts
connections, so the test never guesses a number another X server holds, and never waits
on a clock to know the server is up.
"""

from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import time
from pathlib import Path
from types import TracebackType

import pytest

X_TOOLS = ("Xvfb", "xdotool", "import")
"""The virtual X server, the keyboard (xdotool), the camera (ImageMagick's ``import``)."""
SCREEN = (1400, 900)
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


class VirtualDisplay:
    """``with VirtualDisplay(log) as display:`` an Xvfb of `SCREEN` size, stopped on exit."""

    def __init__(self, log_path: Path, *, start_timeout: float = 20.0) -> None:
        self.log_path = log_path
        self.start_timeout = start_timeout
        self.name = ""
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> VirtualDisplay:
        width, height = SCREEN
        ready_read, ready_write = os.pipe()
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(
                [
                    "Xvfb",
                    "-displayfd", str(ready_write),
                    "-screen", "0", f"{width}x{height}x24",
                    "-nolisten", "tcp",
                    "-noreset",
                ],
                pass_fds=(ready_write,),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )  # fmt: skip
        os.close(ready_write)
        try:
            self.name = ":" + self._read_display_number(ready_read)
        except BaseException:
            self.stop()
            raise
        finally:
            os.close(ready_read)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _read_display_number(self, ready_read: int) -> str:
        """Block until Xvfb writes its display number (or exits, or the timeout passes)."""
        received = b""
        deadline = time.monotonic() + self.start_timeout
        with selectors.DefaultSelector() as selector:
            selector.register(ready_read, selectors.EVENT_READ)
            while not received.endswith(b"\n"):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise RuntimeError(
                        f"Xvfb did not report a display within {self.start_timeout:.0f} s; "
                        f"its log: {self._log_text()!r}"
                    )
                chunk = os.read(ready_read, 64)
                if not chunk:
                    raise RuntimeError(
                        f"Xvfb exited before it was ready; its log: {self._log_text()!r}"
                    )
                received += chunk
        return received.decode().strip()

    def _log_text(self) -> str:
        return self.log_path.read_text(errors="replace").strip()

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def environment(self) -> dict[str, str]:
        """This process's environment with ``DISPLAY`` pointing at the virtual screen."""
        return {**os.environ, "DISPLAY": self.name}

    def xdotool(self, *arguments: str, timeout: float = 20.0) -> str:
        """Run ``xdotool ARGUMENTS`` on this display; its standard output, stripped."""
        return self._run("xdotool", *arguments, timeout=timeout)

    def screenshot(self, path: Path, *, timeout: float = 30.0) -> Path:
        """Save the whole screen (the root window) as a PNG at ``path``."""
        self._run("import", "-window", "root", str(path), timeout=timeout)
        return path

    def _run(self, *command: str, timeout: float) -> str:
        result = subprocess.run(
            command,
            env=self.environment(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command)} exited with {result.returncode}: {result.stderr.strip()!r}"
            )
        return result.stdout.strip()
