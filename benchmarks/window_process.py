"""The real desktop app (or the bare Qt window it is compared with) on a virtual screen.

``python -m app --db PATH`` runs as a person starts it, on its own Xvfb, with
``TASTETRAIL_REPORT_FRAMES=1`` so it prints the frames a person waits for on stderr
(`ui.frame_report`), in UTC, with its home, data and runtime folders inside the run's
temporary folder. The start is timed from right before the process is spawned to the
``first-frame`` line: interpreter start, imports, opening the database, the window, the
trend's first read and its first paint.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType

from benchmarks import process_stats
from benchmarks.x_display import Keyboard, VirtualScreen

PROJECT_ROOT = Path(__file__).resolve().parents[1]
APP_TITLE = "TasteTrail"
BARE_TITLE = "bare Qt window"
FRAMES_VARIABLE = "TASTETRAIL_REPORT_FRAMES"
"""`ui.frame_report.ENVIRONMENT_VARIABLE`, named here so this process need not import Qt."""
# The surrounding session's variables that would change how Qt starts.
_DROPPED = (
    "QT_QPA_PLATFORM",
    "QT_QPA_PLATFORMTHEME",
    "QT_LOGGING_RULES",
    "WAYLAND_DISPLAY",
    "XDG_SESSION_TYPE",
    "DBUS_SESSION_BUS_ADDRESS",
)


def app_command(db_path: Path) -> list[str]:
    return [sys.executable, "-m", "app", "--db", str(db_path)]


def bare_command() -> list[str]:
    return [sys.executable, "-m", "benchmarks.bare_window"]


class FrameLines:
    """Collects ``first-frame`` and ``swipe-frame`` times from a stream on a thread."""

    def __init__(self, stream: object) -> None:
        self.first_frame: float | None = None
        self.swipe_frames: list[float] = []
        self.other_lines: list[str] = []
        self._changed = threading.Condition()
        self._ended = False
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: object) -> None:
        assert hasattr(stream, "__iter__")
        for raw in stream:
            line = str(raw).rstrip("\n")
            event, _, value = line.partition(" ")
            with self._changed:
                if event == "first-frame":
                    self.first_frame = float(value)
                elif event == "swipe-frame":
                    self.swipe_frames.append(float(value))
                else:
                    self.other_lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def wait_first_frame(self, timeout: float) -> float | None:
        with self._changed:
            self._changed.wait_for(lambda: self.first_frame is not None or self._ended, timeout)
            return self.first_frame

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def wait_swipe_frames(self, count: int, timeout: float) -> bool:
        """Wait until ``count`` swipe frames were reported; whether they were."""
        with self._changed:
            self._changed.wait_for(lambda: len(self.swipe_frames) >= count or self._ended, timeout)
            return len(self.swipe_frames) >= count


class WindowProcess:
    """``with WindowProcess(command, workdir) as window:`` a process on its own screen."""

    def __init__(self, command: Sequence[str], workdir: Path, *, title: str = APP_TITLE) -> None:
        self.command = list(command)
        self.workdir = workdir
        self.title = title
        self.started_at = 0.0
        self._stack = ExitStack()
        self._process: subprocess.Popen[str] | None = None
        self.screen: VirtualScreen | None = None
        self.frames: FrameLines | None = None
        self._keyboard: Keyboard | None = None

    def __enter__(self) -> WindowProcess:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.screen = self._stack.enter_context(VirtualScreen(self.workdir / "xvfb.log"))
        environment = self._environment(self.screen.name)
        self.started_at = time.monotonic()
        self._process = subprocess.Popen(
            self.command,
            cwd=PROJECT_ROOT,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._stack.callback(self._stop)
        self.frames = FrameLines(self._process.stderr)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stack.close()

    def _environment(self, display: str) -> dict[str, str]:
        home = self.workdir / "home"
        runtime = self.workdir / "runtime"
        for folder in (home, runtime):
            folder.mkdir(mode=0o700, exist_ok=True)
        environment = {k: v for k, v in os.environ.items() if k not in _DROPPED}
        environment.update(
            DISPLAY=display,
            TZ="UTC",
            HOME=str(home),
            XDG_RUNTIME_DIR=str(runtime),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_CACHE_HOME=str(home / ".cache"),
            PYTHONPATH=str(PROJECT_ROOT),
            **{FRAMES_VARIABLE: "1"},
        )
        return environment

    @property
    def exited(self) -> bool:
        return self._process is not None and self._process.poll() is not None

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    def wait_until_usable(self, timeout: float) -> float | None:
        """Seconds from the spawn to the first frame with the trend, None if none came."""
        assert self.frames is not None
        shown = self.frames.wait_first_frame(timeout)
        return None if shown is None else shown - self.started_at

    def describe(self) -> str:
        assert self._process is not None and self.frames is not None
        status = self._process.poll()
        tail = "\n".join(self.frames.other_lines[-10:])
        return f"{' '.join(self.command[1:])}: exit status {status}, stderr ends:\n{tail}"

    def sample(self) -> process_stats.ProcessSample:
        return process_stats.sample(self.pid)

    def resident_mb(self) -> float:
        return process_stats.resident_mb(self.pid)

    def keyboard(self) -> Keyboard:
        """The screen's keyboard, the window focused first."""
        if self._keyboard is None:
            assert self.screen is not None
            self.screen.focus_window(self.title)
            self._keyboard = Keyboard(self.screen.name)
            self._stack.callback(self._keyboard.close)
        return self._keyboard

    def _stop(self) -> None:
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)
        if self.frames is not None:
            self.frames.join(10)
