"""A scripted session for ``screenshot`` without ``--db``: a few days of swipes, then the window.

A synthetic user swipes for a few days in virtual time into a temporary database (with two
"Snapshot now" requests along the way), then the real main window opens on that session.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from app.bootstrap import Session
    from app.simulation.synthetic_user import PlannedSwipe
    from middleware.persistence.trend_queries import TrendRange
    from ui.main_window import MainWindow

BURST_SIZE = 20
MANUAL_DELAY_SECONDS = 30.0


def scripted_window(
    db_path: Path,
    *,
    swipes: int,
    days: int,
    zone: ZoneInfo,
    seed: int,
    start: datetime,
    trend_range: TrendRange,
) -> tuple[MainWindow, Session]:
    """The window over a session that swiped ``swipes`` times over ``days`` local days."""
    from app.bootstrap import open_session
    from app.desktop import build_window
    from app.faults import FaultSwitch
    from app.simulation.synthetic_user import WAKING_HOURS, plan_session
    from app.simulation.virtual_scheduler import VirtualScheduler
    from middleware.clock import SchedulerClock, ShiftedClock
    from store.actions import Swiped
    from store.catalog import load_catalog

    catalog = load_catalog()
    scheduler = VirtualScheduler(start)
    clock = ShiftedClock(SchedulerClock(scheduler, zone))
    faults = FaultSwitch()
    session = open_session(
        db_path,
        clock=clock,
        scheduler=scheduler,
        threaded_writer=False,
        fault_injector=faults,
        catalog=catalog,
    )
    try:
        # Bursts spread over the waking hours, so the lines show the profile drifting by day.
        bursts_per_day = max(1, math.ceil(swipes / days / BURST_SIZE))
        pause = 0.6 * WAKING_HOURS * 3600 / bursts_per_day
        planned = list(
            plan_session(
                catalog,
                swipes=swipes,
                days=days,
                start=start,
                zone=zone,
                seed=seed,
                burst_size=BURST_SIZE,
                pause_seconds=pause,
            )
        )
        manual_after = {_burst_end(planned, len(planned) * k // 5) for k in (2, 4)}
        for index, swipe in enumerate(planned):
            scheduler.advance_to_seconds(swipe.at.timestamp())
            session.store.dispatch(
                Swiped(item_id=swipe.item_id, direction=swipe.direction, at=swipe.at)
            )
            if index in manual_after:  # a pause follows: "Snapshot now" half a minute later
                scheduler.advance_by(MANUAL_DELAY_SECONDS)
                session.job.request_snapshot()
        scheduler.advance_by(120.0)  # the last burst's batch closes and its row is written
        # The everyday window, as a person sees it: no demo controls.
        window = build_window(session, faults, animation_ms=0, trend_range=trend_range)
    except BaseException:
        session.close()
        raise
    return window, session


def _burst_end(planned: Sequence[PlannedSwipe], start: int) -> int:
    """The first swipe at or after ``start`` that is followed by a pause (or is the last)."""
    for index in range(start, len(planned) - 1):
        gap = (planned[index + 1].at - planned[index].at).total_seconds()
        if gap > 2 * MANUAL_DELAY_SECONDS:
            return index
    return len(planned) - 1
