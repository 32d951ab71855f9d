"""Whether the process that held a database's writer lock has let go of it, without
taking the lock: a window that opened read-only beside a writer asks it, to say what is
true once that writer has gone.

Taking even a shared lock to find out would, for that instant, turn away a window starting
to write the file; so nothing is locked here. A writer that closes removes its lock file
(`WriterLock.release`); one that was killed leaves the file but its process is gone.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from middleware.persistence.writer_lock import lock_path_for


def holder_has_gone(db_path: Path, pid: int | None) -> bool:
    """True once the writer that held ``db_path``'s lock (process ``pid``, if known) let go:
    the lock file is gone, or that process no longer exists. False while it may still hold
    it (a process of another user counts as alive)."""
    try:
        if not lock_path_for(db_path).exists():
            return True
    except OSError:
        return False
    if pid is None or sys.platform == "win32":  # os.kill(pid, 0) would end it on Windows
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # PermissionError: it exists, and is not ours
        return False
    return False
