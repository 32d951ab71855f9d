"""A printed log that stays bounded while writes keep failing: repeats are counted, not shown.

While the file refuses every write (read-only, immutable, a full disk), each failed attempt
is a record: a simulation of 400 swipes printed about 117,000 lines, and the one line that
mattered was lost among them. `QuietRepeats` prints the first `SHOWN` records of each
failure (its event and error text) in a streak, then one sentence saying that the rest are
counted, not printed; a snapshot written ends every streak, with a line saying how many
records were left out. The counters the summary prints count every record either way.
"""

from __future__ import annotations

import logging
from typing import Any

REPEATING = frozenset({"snapshot_failed", "write_retried", "swipe_flush_failed"})
"""The records a failing file repeats on every attempt."""
STREAK_ENDS = frozenset({"snapshot_created", "snapshot_duplicate"})
"""A write landed: the file takes writes again, so the next failure is news."""
SHOWN = 3
"""How many records of one failure a streak prints before it goes quiet."""


class QuietRepeats(logging.Handler):
    """Hands records to ``inner``, leaving out a failure's repeats after the first `SHOWN`."""

    def __init__(self, inner: logging.Handler) -> None:
        super().__init__()
        self.inner = inner
        self._streaks: dict[tuple[str, str], int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "event", "")
        if event in STREAK_ENDS:
            self._end_streaks(record)
        if event not in REPEATING:
            self.inner.handle(record)
            return
        fields: dict[str, Any] = getattr(record, "fields", {})
        key = (event, str(fields.get("error", "")))
        count = self._streaks[key] = self._streaks.get(key, 0) + 1
        if count <= SHOWN:
            self.inner.handle(record)
        elif count == SHOWN + 1:
            self._say(
                record,
                f"{event} repeats with the same error; further {event} records are counted "
                "in the summary, not printed, until a write succeeds",
            )

    def close(self) -> None:
        self._end_streaks(None)
        super().close()

    def _end_streaks(self, record: logging.LogRecord | None) -> None:
        for (event, _), count in self._streaks.items():
            if count > SHOWN:
                left_out = count - SHOWN
                self._say(record, f"{left_out:,} more {event} record(s) were not printed")
        self._streaks.clear()

    def _say(self, like: logging.LogRecord | None, sentence: str) -> None:
        record = logging.makeLogRecord(
            {
                "name": like.name if like is not None else "tastetrail",
                "levelno": logging.WARNING,
                "levelname": "WARNING",
                "msg": sentence,
                "event": "repeats_not_printed",
                "fields": {},
            }
        )
        self.inner.handle(record)
