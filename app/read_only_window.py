"""The real window over an existing database, opened so that nothing of it changes.

For ``screenshot --db``: the profile is rehydrated through a read-only repository, the
store has no snapshot job (nothing is ever written), and the trend panel reads through
`SnapshotRepository.open(read_only=True, leave_untouched=True)`, so the file stays the
same byte for byte and no ``-wal``/``-shm`` appears beside it. The window shows the history
as of its last swipe (its latest snapshot if it has none), in the zone the latest
snapshot recorded: "Today" is the last day of use, not the day the picture is taken.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from middleware.persistence.rehydrate import rehydrate
from middleware.persistence.repository import SnapshotRepository
from store.catalog import load_catalog
from store.profile_store import create_profile_store
from store.settings import DEFAULT_SETTINGS

if TYPE_CHECKING:
    from middleware.persistence.trend_queries import TrendRange
    from ui.main_window import MainWindow


def untouched_opener(db_path: Path) -> Callable[[], SnapshotRepository]:
    """Opens ``db_path`` for one read that leaves the file and its folder as they were."""

    def open_repository() -> SnapshotRepository:
        return SnapshotRepository.open(db_path, read_only=True, leave_untouched=True)

    return open_repository


def open_read_only_window(
    db_path: Path, *, trend_range: TrendRange, fallback_zone: ZoneInfo
) -> tuple[MainWindow, datetime]:
    """The main window over ``db_path`` and the instant it shows the history as of.

    Raises `RepositoryError` for a file that cannot be read (not a database, too new, ...).
    """
    from ui.main_window import MainWindow

    catalog = load_catalog()
    open_repository = untouched_opener(db_path)
    with open_repository() as repository:
        latest = repository.last_created_snapshot()
        zone = fallback_zone
        if latest is not None and latest.meta is not None:
            zone = ZoneInfo(latest.meta.timezone)
        state = rehydrate(repository, catalog, timezone=zone.key)
        # The window's words about the policy say the settings the file holds.
        settings = repository.stored_settings(DEFAULT_SETTINGS).over(DEFAULT_SETTINGS)
    # A day rollover is written at the midnight after the last day of use: the picture is
    # of that day, as its last swipe left it.
    as_of = state.profile.last_swipe_at or (
        datetime.now(UTC) if latest is None else latest.created_at
    )
    state = state._replace(started_at=as_of, settings=settings)
    store = create_profile_store(catalog=catalog, initial_state=state)
    window = MainWindow(
        store=store,
        catalog=catalog,
        now=lambda: as_of,
        open_repository=open_repository,
        trend_range=trend_range,
        animation_ms=0,
    )
    return window, as_of
