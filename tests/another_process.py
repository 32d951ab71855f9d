"""Another TasteTrail process on the same database: a real child process for the tests.

The child takes the database's writer lock alone, or opens a whole session with the app's
own `open_session` (which takes the lock), prints ``ready`` and holds on until its stdin is
closed (then it closes cleanly and prints ``closed``) or until the test kills it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

HOLD_LOCK = """
import sys
from pathlib import Path
from middleware.persistence import WriterLock

lock = WriterLock(Path(sys.argv[1]))
lock.acquire()
print("ready", flush=True)
sys.stdin.readline()
lock.release()
print("closed", flush=True)
"""

HOLD_SESSION = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo
from app.bootstrap import open_session
from middleware.clock import SchedulerClock
from app.simulation.virtual_scheduler import VirtualScheduler

scheduler = VirtualScheduler(datetime(2026, 1, 20, 9, tzinfo=UTC))
clock = SchedulerClock(scheduler, ZoneInfo("UTC"))
session = open_session(Path(sys.argv[1]), clock=clock, scheduler=scheduler, threaded_writer=False)
print("ready", flush=True)
sys.stdin.readline()
assert session.close()
print("closed", flush=True)
"""


@contextmanager
def another_process(
    db_path: Path, *, holding: Literal["lock", "session"] = "session"
) -> Iterator[subprocess.Popen[str]]:
    """A child that holds ``db_path``'s writer lock (alone, or in a session) during the block."""
    code = HOLD_LOCK if holding == "lock" else HOLD_SESSION
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    try:
        first = child.stdout.readline().strip()
        if first != "ready":
            _out, err = child.communicate(timeout=60)
            raise AssertionError(f"the other process did not start: {first!r} {err}")
        yield child
    finally:
        if child.returncode is None:
            out, err = child.communicate(timeout=60)  # closes its stdin: it closes and exits
            if child.returncode != 0 or out.strip() != "closed":
                raise AssertionError(f"the other process failed ({child.returncode}): {err}")


def kill(child: subprocess.Popen[str]) -> None:
    """SIGKILL ``child`` (TerminateProcess on Windows): no clean-up of any kind runs."""
    child.kill()
    child.communicate(timeout=60)
    if sys.platform != "win32":
        assert child.returncode == -signal.SIGKILL
