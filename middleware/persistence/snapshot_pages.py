"""Keyset pages of snapshot rows, newest first: for lazy tables and streaming listings.

A page is the rows after a `PageKey` (a row's ``created_at`` and ``id``) in the page's
order: newest first by default, ``(created_at, id)`` descending; oldest first on request.
Each page is one ranged walk of the ``created_at`` index that stops after ``limit`` rows,
so the cost of a page does not depend on how many rows come before it or after it, and
rows written between two pages never shift or repeat one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from itertools import islice
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, field_validator

from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.snapshot_reads import SNAPSHOT_COLUMNS, created_at_bound
from store.snapshot_rows import SnapshotRow, format_utc_millis

__all__ = ["DEFAULT_PAGE_SIZE", "PageKey", "SnapshotPage", "iter_snapshots", "page_snapshots"]

DEFAULT_PAGE_SIZE = 200


class PageKey(BaseModel):
    """Where a page ends: the last row's creation instant and id."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    created_at: AwareDatetime
    id: str

    @field_validator("created_at")
    @classmethod
    def _instant_is_exact(cls, value: datetime) -> datetime:
        format_utc_millis(value)  # refuses a naive instant with a message that says how
        return value

    @classmethod
    def of(cls, row: SnapshotRow) -> PageKey:
        return cls(created_at=row.created_at, id=row.id)


class SnapshotPage(BaseModel):
    """Up to ``limit`` rows in the page's order, and the key to ask for the next page."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rows: tuple[SnapshotRow, ...]
    next_key: PageKey | None
    """None when no row follows this page."""


def page_sql(oldest_first: bool, after: PageKey | None) -> str:
    """The statement of a page (public so that a test can check its query plan)."""
    clauses = ["created_at >= :since", "created_at < :until"]
    if after is not None:
        # Spelled so that SQLite bounds its index walk by created_at and checks the id
        # only among rows created at the key's instant.
        clauses.append(
            "created_at >= :at AND (created_at > :at OR id > :id)"
            if oldest_first
            else "created_at <= :at AND (created_at < :at OR id < :id)"
        )
    order = "ASC" if oldest_first else "DESC"
    return (
        f"SELECT {SNAPSHOT_COLUMNS} FROM profile_snapshots WHERE {' AND '.join(clauses)} "
        f"ORDER BY created_at {order}, id {order}"
    )


def page_snapshots(
    repository: SnapshotRepository,
    *,
    limit: int,
    after: PageKey | None = None,
    oldest_first: bool = False,
    since: datetime | None = None,
    until: datetime | None = None,
) -> SnapshotPage:
    """The ``limit`` readable rows after ``after`` (newest first unless ``oldest_first``),
    among those created in ``[since, until)``.

    Pass the returned ``next_key`` as ``after`` for the next page. Raises ValueError for a
    ``limit`` below 1, `RepositoryError` if the database fails.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, received {limit}")
    parameters: dict[str, Any] = {
        "since": "" if since is None else created_at_bound(since),
        "until": "\uffff" if until is None else created_at_bound(until),
    }
    if after is not None:
        # The key is a stored row's own created_at, which is written in milliseconds.
        parameters.update(at=format_utc_millis(after.created_at), id=after.id)
    # One row more than the page says whether another page follows; the cursor is closed
    # as soon as it is read, so SQLite walks no further.
    with closing(repository.stream_snapshots(page_sql(oldest_first, after), parameters)) as stream:
        rows = tuple(islice(stream, limit + 1))
    page, more = rows[:limit], len(rows) > limit
    return SnapshotPage(rows=page, next_key=PageKey.of(page[-1]) if more else None)


def iter_snapshots(
    repository: SnapshotRepository,
    *,
    oldest_first: bool = False,
    since: datetime | None = None,
    until: datetime | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Iterator[SnapshotRow]:
    """Every readable row in ``[since, until)``, newest first unless ``oldest_first``, one
    page at a time: memory holds one page, whatever the history's length."""
    after: PageKey | None = None
    while True:
        page = page_snapshots(
            repository,
            limit=page_size,
            after=after,
            oldest_first=oldest_first,
            since=since,
            until=until,
        )
        yield from page.rows
        if page.next_key is None:
            return
        after = page.next_key
