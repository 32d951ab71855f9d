"""Swipes dispatched as fast as the machine allows: the unsaved backlog stays bounded.

A person swipes a few times a second, and the coalesced batch (at most 3 s) commits long
before many swipes wait. A script, a test driver or a GUI thread too busy to run its timers
can dispatch tens of thousands a second, and no batch closes while it does. The writer then
commits by itself once `COMMIT_EVERY_SWIPES` are queued, whatever the timers do; a writer
that still falls far behind slows the dispatching thread down instead of letting memory
grow; and a clean close commits every queued swipe, or says how many it could not.

The virtual-time test never advances its scheduler (no timer fires, as on a busy GUI
thread); the threaded tests run the app's real writer thread and wait on its conditions,
never on the clock.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.desktop import build_window
from middleware.persistence.inline_writer import COMMIT_EVERY_SWIPES
from middleware.persistence.writer import BACKPRESSURE_SWIPES
from store import Catalog, Direction, Swiped
from tests.reliability.invariants import assert_consistent
from tests.reliability.sessions import TunedSession

THREADED = {"threaded_writer": True, "wake": lambda: None}
"""The app's writer thread; outcomes wait in the inbox (a busy GUI thread drains nothing)."""


def stored_swipes(db_path: Path) -> int:
    """The last swipe number in the file, read by a connection of its own (WAL readers do
    not wait for the writer)."""
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        (last,) = connection.execute("SELECT coalesce(max(sequence), 0) FROM swipes").fetchone()
    finally:
        connection.close()
    return int(last)


def swipe_flat_out(
    session: TunedSession, catalog: Catalog, count: int, *, sample_every: int = 0
) -> int:
    """Dispatch ``count`` swipes at one virtual instant, as fast as possible; the largest
    number of them not yet in the file at any sample (every ``sample_every`` swipes)."""
    cards = [card.id for card in catalog.cards]
    at = session.now
    store = session.store
    largest = 0
    for index in range(count):
        item = cards[index % len(cards)]
        store.dispatch(Swiped(item_id=item, direction=Direction.RIGHT, at=at))
        if sample_every and (index + 1) % sample_every == 0:
            largest = max(largest, index + 1 - stored_swipes(session.db_path))
    return largest


def test_the_writer_commits_by_itself_once_its_queue_reaches_the_size_even_if_no_timer_fires(
    db_path: Path, catalog: Catalog
) -> None:
    session = TunedSession(db_path, options={})  # the inline writer, in virtual time
    largest = swipe_flat_out(session, catalog, 5_000, sample_every=100)
    assert largest <= COMMIT_EVERY_SWIPES
    assert stored_swipes(db_path) >= 5_000 - COMMIT_EVERY_SWIPES
    session.close()
    assert_consistent(db_path, catalog, timezone="UTC")
    assert stored_swipes(db_path) == 5_000


def test_a_live_session_swiping_flat_out_never_holds_more_than_the_bound_unsaved(
    db_path: Path, catalog: Catalog
) -> None:
    session = TunedSession(db_path, options=THREADED)
    count = 3 * BACKPRESSURE_SWIPES
    largest = swipe_flat_out(session, catalog, count, sample_every=1_000)
    assert largest <= BACKPRESSURE_SWIPES
    assert session.session.job.writer.unsaved_swipes <= BACKPRESSURE_SWIPES
    assert session.session.close()
    assert session.session.unsaved_at_close == 0
    assert stored_swipes(db_path) == count
    assert_consistent(db_path, catalog, timezone="UTC")


def test_a_clean_close_after_a_flat_out_burst_commits_every_swipe_it_accepted(
    db_path: Path, catalog: Catalog
) -> None:
    session = TunedSession(db_path, options=THREADED)
    swipe_flat_out(session, catalog, 20_000)
    assert session.session.close()
    assert session.session.unsaved_at_close == 0
    assert stored_swipes(db_path) == 20_000
    reopened = TunedSession(db_path, options={})
    assert reopened.store.get_state().profile.sequence == 20_000
    reopened.close()


def test_a_close_while_the_disk_fails_says_how_many_swipes_were_not_saved(
    db_path: Path, catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    session = TunedSession(db_path, options=THREADED)
    swipe_flat_out(session, catalog, 700)
    assert session.session.job.writer.wait_idle(timeout=30)
    session.faults.fail_writes(True)
    swipe_flat_out(session, catalog, 1_300)
    with caplog.at_level(logging.WARNING, logger="tastetrail.app"):
        session.session.close()
    saved = stored_swipes(db_path)
    assert 0 < saved < 2_000
    assert session.session.unsaved_at_close == 2_000 - saved
    lines = [record.getMessage() for record in caplog.records if "not saved" in record.getMessage()]
    assert len(lines) == 1
    assert f"{2_000 - saved} swipes of this session were not saved" in lines[0]
    assert "disk I/O error" in lines[0]


def test_the_window_says_how_many_swipes_closing_it_would_lose_while_the_disk_fails(
    db_path: Path, catalog: Catalog, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    session = TunedSession(db_path, options={})
    window = build_window(session.session, session.faults, animation_ms=0)
    qtbot.addWidget(window)
    session.swipe(30)
    session.settle()
    session.faults.fail_writes(True)
    session.swipe(40)
    session.settle()
    assert window.status.value("unsaved") == 40
    assert "Your 40 unsaved swipes are kept in memory (closing the window now loses them)" in (
        window.banner.text
    )
    window.close()
    with caplog.at_level(logging.WARNING, logger="tastetrail.app"):
        session.close()
    assert session.session.unsaved_at_close == 40
    app_lines = [record.getMessage() for record in caplog.records if record.name.endswith(".app")]
    assert app_lines == [
        f"40 swipes of this session were not saved to {str(db_path)!r}: the last write failed: "
        + session.store.get_state().snapshots.last_error
    ]
    assert stored_swipes(db_path) == 30
