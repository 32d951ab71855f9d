"""Whether writes work, told once per change: failing, still failing every few minutes, healed.

A disk that refuses every write fails every attempt (each batch's flush, each retry): a
warning per attempt would bury the log (about 117,000 lines for one long simulation). So
the log says it when it changes: the first failure is a warning with its error, later
failures while it lasts are debug records (still counted in the state and shown), a
reminder ``still_failing`` comes every `REMIND_EVERY_SECONDS` with the count, and
``writes_healed`` says when a write lands again and after how many failures.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from middleware.decision_log import record_event

REMIND_EVERY_SECONDS = 300.0
"""How often a failure that lasts is told again: every five minutes of the clock."""


class WriteHealth:
    """The state of writes, from outcomes; decides which failures are worth a warning."""

    def __init__(self, *, remind_every_seconds: float = REMIND_EVERY_SECONDS) -> None:
        if remind_every_seconds <= 0:
            raise ValueError(f"remind_every_seconds must be positive, got {remind_every_seconds}")
        self._remind_every = remind_every_seconds
        self._mutex = threading.Lock()  # outcomes come from the writer's thread
        self._failing_since: datetime | None = None
        self._last_told: datetime | None = None
        self._failures = 0
        self._untold = 0

    @property
    def failing(self) -> bool:
        return self._failing_since is not None

    def failure_level(self, now: datetime, error: str) -> int:
        """Record one failed write at ``now``; the level its own record deserves.

        The first failure of a spell is a warning; later ones are debug records, with a
        `still_failing` warning once every reminder period.
        """
        with self._mutex:
            self._failures += 1
            if self._failing_since is None:
                self._failing_since = self._last_told = now
                self._untold = 0
                return logging.WARNING
            self._untold += 1
            assert self._last_told is not None
            if (now - self._last_told).total_seconds() < self._remind_every:
                return logging.DEBUG
            since, untold = self._failing_since, self._untold
            self._last_told, self._untold = now, 0
        record_event(
            "still_failing",
            at=now,
            level=logging.WARNING,
            since=since,
            failures=untold,
            error=error,
        )
        return logging.DEBUG

    def succeeded(self, now: datetime) -> None:
        """Record a write that landed; says `writes_healed` if writes were failing."""
        with self._mutex:
            since, failures = self._failing_since, self._failures
            self._failing_since = self._last_told = None
            self._failures = self._untold = 0
        if since is not None:
            record_event(
                "writes_healed",
                at=now,
                level=logging.INFO,
                failures=failures,
                seconds=(now - since).total_seconds(),
            )
