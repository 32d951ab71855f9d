"""``python -m app screenshot --out PATH``: a picture of the real window over a scripted session.

A synthetic user swipes for a few days in virtual time into a temporary database (with two
"Snapshot now" requests along the way), then the real main window opens offscreen on that
session, waits until the trend panel has loaded the rows, and saves ``window.grab()``.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from app.commands.arguments import (
    non_negative_int,
    positive_int,
    session_plan_error,
    supported_instant,
    zone_argument,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from app.simulation.synthetic_user import PlannedSwipe

DEFAULT_START = "2026-01-05T07:00:00Z"
LOAD_TIMEOUT_MS = 20_000
BURST_SIZE = 20
MANUAL_DELAY_SECONDS = 30.0


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "screenshot",
        help="save a picture of the window over a scripted session (offscreen)",
        description=(
            "Fills a temporary database with a synthetic user's swipes in virtual time, opens "
            "the real window offscreen on it and saves a PNG of it."
        ),
    )
    parser.add_argument("--out", type=Path, required=True, help="where to write the PNG")
    parser.add_argument("--swipes", type=non_negative_int, default=600, help="swipes in all")
    parser.add_argument("--days", type=positive_int, default=5, help="local days to spread over")
    parser.add_argument(
        "--tz", type=zone_argument, default=ZoneInfo("Europe/Berlin"), help="IANA zone"
    )
    parser.add_argument("--seed", type=non_negative_int, default=7, help="random seed")
    parser.add_argument(
        "--start",
        type=supported_instant,
        default=supported_instant(DEFAULT_START),
        help=f"virtual start instant (default {DEFAULT_START})",
    )
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    from middleware.persistence.file_checks import path_problem, shorten

    out: Path = arguments.out
    problem = path_problem(out, beside="")
    if problem is not None:
        print(
            f"python -m app screenshot: error: --out cannot be used: {problem} (received "
            f"{shorten(str(out))!r}); choose another path",
            file=sys.stderr,
        )
        return 2
    plan_error = session_plan_error(
        swipes=arguments.swipes, days=arguments.days, start=arguments.start
    )
    if plan_error is not None:
        print(f"python -m app screenshot: error: {plan_error}", file=sys.stderr)
        return 2
    if out.suffix.lower() != ".png":
        print(
            f"python -m app screenshot: error: --out must end in .png, got {str(out)!r}",
            file=sys.stderr,
        )
        return 2
    if not out.parent.is_dir():
        print(
            f"python -m app screenshot: error: the folder {str(out.parent)!r} does not exist",
            file=sys.stderr,
        )
        return 2
    # A picture of the window, not a window on the screen: the same pixels on every machine.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.simulation.synthetic_user import PlanOutOfRangeError

    with tempfile.TemporaryDirectory(prefix="tastetrail-screenshot-") as folder:
        try:
            size = _take(
                Path(folder) / "screenshot.sqlite3",
                out,
                swipes=arguments.swipes,
                days=arguments.days,
                zone=arguments.tz,
                seed=arguments.seed,
                start=arguments.start,
            )
        except PlanOutOfRangeError as error:
            print(
                f"python -m app screenshot: error: {error}; use an earlier --start",
                file=sys.stderr,
            )
            return 2
    if size is None:
        print("python -m app screenshot: error: the trend did not load in time", file=sys.stderr)
        return 1
    print(f"wrote {out} ({size[0]}x{size[1]})")
    return 0


def _take(
    db_path: Path,
    out: Path,
    *,
    swipes: int,
    days: int,
    zone: ZoneInfo,
    seed: int,
    start: datetime,
) -> tuple[int, int] | None:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.bootstrap import open_session
    from app.desktop import build_window
    from app.faults import FaultSwitch
    from app.simulation.synthetic_user import WAKING_HOURS, plan_session
    from app.simulation.virtual_scheduler import VirtualScheduler
    from middleware.clock import SchedulerClock, ShiftedClock
    from store.actions import Swiped
    from store.catalog import load_catalog
    from ui.theme import apply_theme

    application = QApplication.instance() or QApplication(["tastetrail-screenshot"])
    assert isinstance(application, QApplication)
    previous_style = application.style().name()
    apply_theme(application)
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

        window = build_window(session, faults, demo_clock=clock, animation_ms=0)
        if window.demo is not None:
            window.demo.set_expanded(True)
        loop = QEventLoop()
        delivered: list[bool] = []

        def on_loaded(_rows: object) -> None:
            delivered.append(True)
            loop.quit()

        window.trend.loader.loaded.connect(on_loaded)
        window.trend.loader.failed.connect(lambda _error: loop.quit())
        QTimer.singleShot(LOAD_TIMEOUT_MS, loop.quit)
        window.show()
        if not delivered:
            loop.exec()
        application.processEvents()
        if not delivered:
            window.close()
            return None
        picture = window.grab()
        window.close()
        if not picture.save(str(out), "PNG"):
            raise OSError(f"could not write {out}")
        return picture.width(), picture.height()
    finally:
        session.close()
        application.setStyle(previous_style)  # in-process callers keep their look


def _burst_end(planned: Sequence[PlannedSwipe], start: int) -> int:
    """The first swipe at or after ``start`` that is followed by a pause (or is the last)."""
    for index in range(start, len(planned) - 1):
        gap = (planned[index + 1].at - planned[index].at).total_seconds()
        if gap > 2 * MANUAL_DELAY_SECONDS:
            return index
    return len(planned) - 1
