"""Rows dated after now: a clock that ran ahead, or another machine's rows.

One rule for the window and ``python -m app snapshots``: a row counts as dated after now
when it was created more than `AHEAD_MARGIN` after the reader's clock (a clock set a
minute ahead, a second window's clock, is today, not the future). Counted over the
``created_at`` index (`SnapshotReads.rows_dated_after`), so the cost is the rows counted.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from middleware.persistence.repository import SnapshotRepository

AHEAD_MARGIN = timedelta(hours=1)


class DatedAfterNow(NamedTuple):
    rows: int
    newest: datetime | None


def dated_after_now(repository: SnapshotRepository, now: datetime) -> DatedAfterNow:
    """How many rows were created after ``now`` plus the margin, and the newest one's instant."""
    return DatedAfterNow(*repository.rows_dated_after(now + AHEAD_MARGIN))
