"""Swipes for the benchmarks: the simulator's synthetic user, as ready-made actions.

Every figure that dispatches swipes uses the same seeded user as ``python -m app simulate``
(bursts of a few swipes a second, pauses between bursts, waking hours of each local day),
and builds the actions before any clock starts, so validation of the action models is not
charged to the store.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from app.simulation.synthetic_user import plan_session
from store.actions import Swiped
from store.catalog import Catalog

START = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
"""Virtual time starts here in every figure (the simulator's default start)."""

ZONE = ZoneInfo("Europe/Berlin")
"""A zone whose midnight is not UTC's, so local days are computed, not assumed."""

SWIPES_PER_DAY = 1_500
"""A heavy user's day; a long session spreads its swipes over this many per day."""


def days_for(swipes: int) -> int:
    """How many local days a session of ``swipes`` swipes spreads over."""
    return max(1, swipes // SWIPES_PER_DAY)


def planned_swipes(
    catalog: Catalog, count: int, *, days: int | None = None, seed: int = 1
) -> list[Swiped]:
    """``count`` valid `Swiped` actions from the synthetic user, in time order."""
    return [
        Swiped(item_id=swipe.item_id, direction=swipe.direction, at=swipe.at)
        for swipe in plan_session(
            catalog,
            swipes=count,
            days=days if days is not None else days_for(count),
            start=START,
            zone=ZONE,
            seed=seed,
        )
    ]
