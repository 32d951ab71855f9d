"""The real window with its swipe report on, and what a test reads back from it and its file.

With ``TASTETRAIL_REPORT_SWIPES=1`` (`app.swipe_report`) the app prints ``swipe-shown <n>
<t>`` as each swipe is taken and ``swipe-stored <n> <t>`` as commits are reported, ``<t>``
on the machine's monotonic clock: a test that kills the app knows which swipes it showed,
and when, and compares them with the rows the file holds afterwards.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
from collections.abc import Sequence
from pathlib import Path

from tests.e2e.app_process import AppProcess, unexpected_stderr_lines
from tests.e2e.xserver import VirtualDisplay

START_TIMEOUT = 60.0
"""Seconds for a cold start on a busy machine: the interpreter, PySide6, the database."""
STEP_TIMEOUT = 30.0

_SHOWN = re.compile(r"swipe-shown (\d+) ([0-9.]+)")
_STORED = re.compile(r"swipe-stored (\d+) ([0-9.]+)")
UNCLEAN_END = re.compile(
    r"WARNING the last session did not close \(the app was killed or crashed\)"
    r"(?:: it ended after its last swipe at (?P<at>[0-9-]+ [0-9:]+), and its (?P<kept>\d+) "
    r"swipes? (?:is|are) kept|; it started at [0-9-]+ [0-9:]+ and had stored no swipes)"
)
"""The one line a start prints when the session before it was killed."""


def reporting_app(display: VirtualDisplay, db_path: Path, root: Path) -> AppProcess:
    """``python -m app --db DB`` with its swipe report on, in UTC, its folders in ``root``."""
    root.mkdir()
    return AppProcess(
        display, db_path, root, environment={"TASTETRAIL_REPORT_SWIPES": "1", "TZ": "UTC"}
    )


def shown(lines: Sequence[str]) -> dict[int, float]:
    """Each swipe the window showed, by number: when (monotonic seconds)."""
    found = (_SHOWN.fullmatch(line) for line in lines)
    return {int(match[1]): float(match[2]) for match in found if match}


def stored(lines: Sequence[str]) -> int:
    """The last swipe number the window reported stored (0 for none)."""
    found = (_STORED.fullmatch(line) for line in lines)
    return max((int(match[1]) for match in found if match), default=0)


def unexpected_lines(lines: Sequence[str]) -> list[str]:
    """`unexpected_stderr_lines`, leaving out the swipe report's own lines."""
    report = [line for line in lines if _SHOWN.fullmatch(line) or _STORED.fullmatch(line)]
    return unexpected_stderr_lines([line for line in lines if line not in report])


def type_keys(display: VirtualDisplay, window: str, keys: Sequence[str], *, delay_ms: int) -> None:
    """Type ``keys`` into ``window`` at one key every ``delay_ms`` (xdotool paces them)."""
    display.xdotool("windowfocus", "--sync", window)
    display.xdotool(
        "key", "--clearmodifiers", "--delay", str(delay_ms), *keys, timeout=STEP_TIMEOUT
    )


def start_typing(
    display: VirtualDisplay, window: str, keys: Sequence[str], *, delay_ms: int
) -> subprocess.Popen[bytes]:
    """Start typing ``keys`` into ``window`` and return at once: the typing goes on while
    the test watches the app (and kills it)."""
    display.xdotool("windowfocus", "--sync", window)
    return subprocess.Popen(
        ["xdotool", "key", "--delay", str(delay_ms), *keys],
        env=display.environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stored_sequences(db_path: Path) -> set[int]:
    """The swipe numbers in the file (read once the app is gone)."""
    connection = sqlite3.connect(db_path)
    try:
        return {row[0] for row in connection.execute("SELECT sequence FROM swipes")}
    finally:
        connection.close()


def session_left_open(db_path: Path) -> bool:
    """Whether the file's clean-close mark says its last session did not close."""
    connection = sqlite3.connect(db_path)
    try:
        row = connection.execute("SELECT open FROM session_mark WHERE id = 1").fetchone()
    finally:
        connection.close()
    return row is not None and row[0] == 1
