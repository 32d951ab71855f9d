"""A private virtual X server for the window figures, and a keyboard that types into it.

Xvfb chooses a free display number itself (``-displayfd``) and writes it once it accepts
connections, so a figure never takes a number another X server holds. Keys are typed with
the XTEST extension through libXtst, from this process: the time a key is sent is read
right before it goes to the server, with no tool's start-up in between (`Keyboard.press`).
The window is found and focused with xdotool, as the real-window test does (without a
window manager a new window has no keyboard focus).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import selectors
import shutil
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Self

SCREEN = (1400, 900)
TOOLS = ("Xvfb", "xdotool")
LIBRARIES = ("X11", "Xtst")


def missing_x_tools() -> list[str]:
    """The tools and libraries the window figures need that this machine lacks."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    missing += [f"lib{name}" for name in LIBRARIES if ctypes.util.find_library(name) is None]
    return missing


class VirtualScreen:
    """``with VirtualScreen(log) as screen:`` an Xvfb of `SCREEN` size, stopped on exit."""

    def __init__(
        self,
        log_path: Path,
        *,
        start_timeout: float = 20.0,
        size: tuple[int, int] = SCREEN,
    ) -> None:
        self.log_path = log_path
        self.start_timeout = start_timeout
        self.size = size
        self.name = ""
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Self:
        width, height = self.size
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

    def xdotool(self, *arguments: str, timeout: float = 30.0) -> str:
        """Run ``xdotool ARGUMENTS`` on this screen; its standard output, stripped."""
        return self.run_tool("xdotool", *arguments, timeout=timeout)

    def run_tool(self, *command: str, timeout: float) -> str:
        """Run an X client ``command`` on this screen; its standard output, stripped."""
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

    def focus_window(self, title: str) -> None:
        """Give the keyboard to the visible window titled ``title`` (and the file it shows)."""
        found = self.xdotool(
            "search", "--sync", "--onlyvisible", "--name", f"^{title}( — .*)?$"
        )  # a window on another file than the default names it after a dash
        self.xdotool("windowfocus", "--sync", found.split()[0])


class Keyboard:
    """Key presses sent to an X server through XTEST: ``press("Right")`` returns when sent."""

    def __init__(self, display_name: str) -> None:
        x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
        xtst = ctypes.cdll.LoadLibrary(ctypes.util.find_library("Xtst") or "libXtst.so.6")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XStringToKeysym.restype = ctypes.c_ulong
        x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x11.XFlush.argtypes = [ctypes.c_void_p]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        xtst.XTestFakeKeyEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        self._x11, self._xtst = x11, xtst
        self._display = x11.XOpenDisplay(display_name.encode())
        if not self._display:
            raise RuntimeError(f"cannot open the X display {display_name}")
        self._codes: dict[str, int] = {}

    def _code(self, key: str) -> int:
        if key not in self._codes:
            code = self._x11.XKeysymToKeycode(
                self._display, self._x11.XStringToKeysym(key.encode())
            )
            if not code:
                raise ValueError(f"no key code for the key name {key!r}")
            self._codes[key] = code
        return self._codes[key]

    def press(self, *keys: str) -> float:
        """Press ``keys`` together (``"Control_L", "q"``) and release them; the monotonic
        time right before the press was sent."""
        codes = [self._code(key) for key in keys]
        sent = time.monotonic()
        for code in codes:
            self._xtst.XTestFakeKeyEvent(self._display, code, 1, 0)
        for code in reversed(codes):
            self._xtst.XTestFakeKeyEvent(self._display, code, 0, 0)
        self._x11.XFlush(self._display)
        return sent

    def close(self) -> None:
        if self._display:
            self._x11.XCloseDisplay(self._display)
            self._display = None
