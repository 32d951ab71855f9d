"""The real desktop app as a child process on a virtual display, with its stderr watched.

``python -m app --db PATH`` runs exactly as a person starts it, except that everything the
app or Qt might write outside the database (the user data directory, Qt's runtime
directory, caches) points into the test's own temporary folder.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from middleware.decision_log import EVENTS
from tests.e2e.xserver import VirtualDisplay

REPOSITORY = Path(__file__).resolve().parents[2]
WINDOW_TITLE = "TasteTrail"

STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
DECISION_LINE = re.compile(rf"(?P<stamp>{STAMP}) (?P<event>{'|'.join(EVENTS)})(?: +(?P<rest>.*))?")
"""One decision as the app prints it at INFO: ``<UTC time> <event>  <trigger> <window> k=v``."""
CLEAN_LINE = re.compile(rf"{DECISION_LINE.pattern}|[a-z]+ [a-z].*")
"""The only kind of stderr line a healthy run prints: one of our own INFO log records.

That is a decision line, or one of the app's sentences ("loaded a profile of ..."), which
start in lowercase. Anything else is a finding: a traceback, ``Fatal Python error``, a
record marked WARNING or ERROR (ours, after the time, or a library's ``LEVEL name: ...``),
and every message Qt prints (``qt.qpa.*``, ``QStandardPaths: ...``, ``QFont...``), since Qt
writes only warnings and worse to stderr unless debug output is switched on.
"""

# Variables of the surrounding session that would change how Qt starts: the test suite's
# own offscreen platform, a Wayland compositor, or the desktop's message bus.
DROPPED_VARIABLES = (
    "QT_QPA_PLATFORM",
    "QT_QPA_PLATFORMTHEME",
    "QT_LOGGING_RULES",
    "QT_DEBUG_PLUGINS",
    "WAYLAND_DISPLAY",
    "XDG_SESSION_TYPE",
    "DBUS_SESSION_BUS_ADDRESS",
)


def unexpected_stderr_lines(lines: Sequence[str]) -> list[str]:
    """The lines of a run's stderr that are not one of our own INFO log records."""
    return [line for line in lines if line.strip() and not CLEAN_LINE.fullmatch(line)]


def decisions(lines: Sequence[str], event: str) -> list[str]:
    """What follows the event name on each decision line of ``event``: trigger, window, fields."""
    found = (DECISION_LINE.fullmatch(line) for line in lines)
    return [match["rest"] or "" for match in found if match and match["event"] == event]


def private_environment(display: VirtualDisplay, root: Path) -> dict[str, str]:
    """The app's environment: ``display``, and every per-user directory inside ``root``."""
    home = root / "home"
    runtime = root / "runtime"
    for folder in (home, runtime):
        folder.mkdir(mode=0o700)
    environment = display.environment()
    for name in DROPPED_VARIABLES:
        environment.pop(name, None)
    environment.update(
        HOME=str(home),
        XDG_RUNTIME_DIR=str(runtime),  # Qt warns if the one it uses is not private (0700)
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        PYTHONFAULTHANDLER="1",  # a crash in Qt's C++ still leaves a Python stack on stderr
    )
    return environment


class StderrWatch:
    """Collects a stream's lines on a thread, and lets the test wait for one to appear."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._ended = False
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def wait_until(self, done: Callable[[list[str]], bool], *, timeout: float) -> bool:
        """Wait until ``done(lines)`` holds or the stream ends; whether it held."""
        with self._changed:
            self._changed.wait_for(lambda: done(self.lines) or self._ended, timeout=timeout)
            return done(self.lines)

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)


class AppProcess:
    """``python -m app --db DB`` on ``display``; `close` kills it if it is still running.

    ``environment`` adds variables to the app's private environment (a report switched on);
    ``options`` are added to the command line (``--demo``).
    """

    def __init__(
        self,
        display: VirtualDisplay,
        db_path: Path,
        root: Path,
        *,
        environment: dict[str, str] | None = None,
        options: Sequence[str] = (),
    ) -> None:
        self.display = display
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app", "--db", str(db_path), *options],
            cwd=REPOSITORY,
            env={**private_environment(display, root), **(environment or {})},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stderr is not None
        self.stderr = StderrWatch(self.process.stderr)

    def describe(self) -> str:
        """Its exit status and stderr so far, for an assertion message."""
        return f"exit status {self.process.poll()}, stderr:\n" + "\n".join(self.stderr.lines)

    def wait_for_window(self, *, timeout: float) -> str:
        """The X id of the app's visible top-level window, once it is mapped.

        ``xdotool search --sync`` waits for the window itself; this waits on it and on the
        app, so a crash at start-up fails at once with the app's stderr. A search that ends
        with nothing found (xdotool gives up when a window it looks at is destroyed under
        it, as Qt's start-up windows are) is started again until ``timeout``.
        """
        deadline = time.monotonic() + timeout
        while True:
            windows = self._search_window(deadline, timeout)
            if windows:
                break
        assert len(windows) == 1, f"expected one visible {WINDOW_TITLE} window, found {windows}"
        return windows[0]

    def _search_window(self, deadline: float, timeout: float) -> list[str]:
        search = subprocess.Popen(
            # By its process too: a second app on the same display has a window of that name.
            [
                "xdotool",
                "search",
                "--sync",
                "--onlyvisible",
                "--all",  # both conditions: xdotool matches any one of them by default
                "--pid",
                str(self.process.pid),
                "--name",
                f"^{WINDOW_TITLE}( — .*)?$",  # the title may name the file after a dash
            ],
            env=self.display.environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            while True:
                try:
                    found, _ = search.communicate(timeout=0.25)
                    break
                except subprocess.TimeoutExpired:
                    self._check_still_starting(deadline, timeout)
        finally:
            if search.poll() is None:
                search.kill()
                search.wait()
        if not found.split():
            self._check_still_starting(deadline, timeout)
        return found.split()

    def _check_still_starting(self, deadline: float, timeout: float) -> None:
        if self.process.poll() is not None:
            raise AssertionError(f"the app ended before its window appeared; {self.describe()}")
        if time.monotonic() > deadline:
            raise AssertionError(
                f"no visible window named {WINDOW_TITLE!r} within {timeout:.0f} s; "
                f"{self.describe()}"
            )

    def wait_for_exit(self, *, timeout: float) -> int:
        status = self.process.wait(timeout=timeout)
        self.stderr.join(timeout)
        return status

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.stderr.join(10)
