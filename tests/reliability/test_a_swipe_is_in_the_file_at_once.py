"""A swipe is in the file as soon as the writer can put it there, not when a batch closes.

Swipes are the person's data: the writer commits them as they come (a group commit per
drain of its queue), while snapshot rows stay coalesced. These tests never let a batch
close (no timer fires: the scheduler is not advanced, or only by one turn), so only the
writer's own wake-up can have stored the swipes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store import Catalog, Direction, Swiped
from tests.reliability.sessions import TunedSession

THREADED = {"threaded_writer": True, "wake": lambda: None}


def stored(db_path: Path) -> int:
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM swipes").fetchone()[0])
    finally:
        connection.close()


def test_the_writer_thread_stores_a_swipe_with_no_timer_and_no_batch(
    db_path: Path, catalog: Catalog
) -> None:
    session = TunedSession(db_path, options=THREADED)
    session.swipe(1)
    assert session.session.job.writer.wait_idle(timeout=30)
    assert stored(db_path) == 1  # before: 0 until the batch closed (0.5 to 3 s later)
    session.close()


def test_swipes_that_arrive_during_a_commit_share_the_next_one(
    db_path: Path, catalog: Catalog
) -> None:
    session = TunedSession(db_path, options=THREADED)
    writer = session.session.job.writer
    assert writer.wait_idle(timeout=30)
    cards = [card.id for card in catalog.cards]
    for index in range(1_999):  # far faster than one commit each, and no round number
        session.store.dispatch(
            Swiped(item_id=cards[index % len(cards)], direction=Direction.RIGHT, at=session.now)
        )
    assert writer.wait_idle(timeout=30)
    assert stored(db_path) == 1_999  # before: 1,645 (commits every 500 queued)
    assert writer.unsaved_swipes == 0
    session.close()


def test_the_inline_writer_stores_each_swipe_at_the_schedulers_next_turn(
    db_path: Path, catalog: Catalog
) -> None:
    session = TunedSession(db_path, options={})
    for count in range(1, 6):
        session.swipe(1)
        session.advance(0.001)  # one turn: no quiet period or batch deadline has passed
        assert stored(db_path) == count
    session.close()
