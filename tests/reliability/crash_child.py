"""A scripted swipe session for the crash loop, run as a child process and killed at random.

    python crash_child.py DB START ZONE SEED SWIPES

It opens a session on DB with the app's own `open_session` (the real store, the real RxPY
pipeline, the real writer inline on a virtual-time scheduler starting at START, in ZONE),
swipes SWIPES times in seeded bursts separated by pauses long enough to cross local
midnights, then closes the session. Every fact the store learns about the database is
printed at once, one line each, and flushed, so the parent knows exactly what had been
acknowledged when it killed the process:

    opened <sequence>                 the session started; <sequence> swipes were stored
    swiped <sequence>                 the store took swipe <sequence> (the window shows it)
    persisted <sequence>              swipes up to <sequence> are committed (SwipesPersisted)
    snapshot <id> <window_key>        that snapshot row is in the table (SnapshotRecorded)
    done                              the session closed cleanly

Not collected by pytest (its name does not start with ``test_``); it imports only the app.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from app.bootstrap import open_session
from app.simulation.virtual_scheduler import VirtualScheduler
from middleware.clock import SchedulerClock
from store.actions import Direction, SnapshotRecorded, Swiped, SwipesPersisted
from store.catalog import load_catalog
from store.middleware_api import Dispatch, MiddlewareAPI
from store.snapshot_rows import snapshot_id

WITHIN_BURST = 0.3
"""Seconds between swipes of one burst: shorter than the quiet period, so bursts coalesce."""
PAUSES = (2.0, 30.0, 600.0, 3600.0, 3 * 3600.0, 5 * 3600.0)
"""Seconds between bursts: some close a batch, some cross local midnight."""


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def report_acknowledgements(api: MiddlewareAPI) -> Callable[[Dispatch], Dispatch]:
    """A store middleware that prints what the database has confirmed, as it is confirmed."""

    def wrap(next_dispatch: Dispatch) -> Dispatch:
        def dispatch(action: Any) -> Any:
            result = next_dispatch(action)
            if isinstance(action, SwipesPersisted):
                say(f"persisted {api.get_state().snapshots.persisted_sequence}")
            elif isinstance(action, SnapshotRecorded):
                row_id = snapshot_id(action.trigger_type, action.window_key, action.profile_version)
                say(f"snapshot {row_id} {action.window_key}")
            return result

        return dispatch

    return wrap


def main(argv: list[str]) -> int:
    db, start_text, zone_name, seed_text, swipes_text = argv
    start = datetime.fromisoformat(start_text)
    rng = random.Random(int(seed_text))
    catalog = load_catalog()
    cards = [card.id for card in catalog.cards]
    scheduler = VirtualScheduler(start)
    clock = SchedulerClock(scheduler, ZoneInfo(zone_name))
    session = open_session(
        Path(db),
        clock=clock,
        scheduler=scheduler,
        threaded_writer=False,
        catalog=catalog,
        extra_middleware=[report_acknowledgements],
    )
    say(f"opened {session.store.get_state().profile.sequence}")
    remaining = int(swipes_text)
    while remaining:
        burst = min(remaining, rng.randint(1, 12))
        for index in range(burst):
            if index:
                scheduler.advance_by(WITHIN_BURST)
            direction = rng.choice(list(Direction))
            session.store.dispatch(
                Swiped(item_id=rng.choice(cards), direction=direction, at=clock.now())
            )
            say(f"swiped {session.store.get_state().profile.sequence}")
        remaining -= burst
        scheduler.advance_by(rng.choice(PAUSES))
    scheduler.advance_by(120.0)
    session.close()
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
