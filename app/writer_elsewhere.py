"""The window that was writing the database when this one opened read-only beside it.

A second window on a file that another TasteTrail process writes never saves anything: its
swipes were numbered from what the file held when it opened. What it says about that must
stay true: while the other window is open it names that process; once that process has
gone (it closed, or was killed) it says so, and what the person can do, instead of naming
a process that no longer exists. `check` finds out (`holder_has_gone`), at every periodic
check of the session and whenever the reason is about to be shown or printed; the window
hears of the change through `listeners`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from middleware.persistence.lock_holder import holder_has_gone

log = logging.getLogger("tastetrail.app")


@dataclass
class WriterElsewhere:
    """Process ``pid`` (None if it had not written its number yet) wrote ``db_path``."""

    db_path: Path
    pid: int | None
    gone: bool = False
    listeners: list[Callable[[str], None]] = field(default_factory=list)
    """Called with the new `reason` once the other window has gone."""

    def check(self) -> str:
        """Look again whether the other window has gone; the `reason` as of now."""
        if not self.gone and holder_has_gone(self.db_path, self.pid):
            self.gone = True
            log.info(
                "%s",
                self.reason,
                extra={
                    "event": "other_window_closed",
                    "fields": {"path": str(self.db_path), "pid": self.pid},
                },
            )
            for listener in self.listeners:
                listener(self.reason)
        return self.reason

    @property
    def holder(self) -> str:
        return f"TasteTrail process {self.pid}" if self.pid else "another TasteTrail process"

    @property
    def reason(self) -> str:
        """Why nothing of this window is saved, and what to do; a sentence without its
        capital (it follows a colon in some places)."""
        path = repr(str(self.db_path))
        if not self.gone:
            return (
                f"the database {path} is in use by {self.holder}: close that window first "
                "and start this one again, or choose another file with --db."
            )
        return (
            f"{self._closed_since()}, but this window still saves nothing: its swipes were "
            "counted from what the file held then. Close this window (it offers to save its "
            "swipes to a new file) and start TasteTrail again to save what you swipe."
        )

    def at_close(self) -> str:
        """Why this window's swipes were not saved, for the line its close prints: what is
        true as of now, without advice about closing it."""
        reason = self.check()
        if not self.gone:
            return reason
        return (
            f"{self._closed_since()}; this window never saves, as its swipes were counted "
            "from what the file held when it opened"
        )

    def _closed_since(self) -> str:
        return (
            f"the window that was writing {str(self.db_path)!r} when this one opened "
            f"({self.holder}) has closed since"
        )
