"""A session that did not close (killed, crashed) is named by the next start, in one line.

The file carries a clean-close mark: set when a writing session starts, cleared when it
closes. A start that finds it set says, in the terminal and in the window's banner, that the
last session did not close, when it ended (its last swipe) and how many swipes it kept.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.desktop import build_window
from app.faults import FaultSwitch
from middleware.persistence.repository import SnapshotRepository
from store import Direction, SwipeRecord
from tests.another_process import another_process, kill
from tests.harness import VirtualSession

START = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)


def unclean_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if getattr(r, "event", "") == "unclean_end"]


def test_a_killed_session_is_named_with_its_last_swipe_and_the_swipes_it_kept(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with another_process(db_path) as other:
        # The killed app's swipes, as its writer committed them before the kill.
        with SnapshotRepository.open(db_path) as repository:
            repository.append_swipes(
                [
                    SwipeRecord(
                        n, "ramen", Direction.UP, START + timedelta(seconds=n), START.date()
                    )
                    for n in range(1, 8)
                ]
            )
        kill(other)
    with caplog.at_level(logging.INFO, logger="tastetrail"):
        session = VirtualSession(db_path, start=START + timedelta(hours=1))
    unclean = session.session.unclean_end
    assert unclean is not None and unclean.swipes_kept == 7
    said = (
        "the last session did not close (the app was killed or crashed): it ended after its "
        "last swipe at 2026-01-20 09:00:07, and its 7 swipes are kept"
    )
    assert unclean_lines(caplog) == [said]
    assert session.session.warnings[0] == said[0].upper() + said[1:] + "."
    session.close()


def test_a_cleanly_closed_session_is_not_named_and_the_window_says_nothing_of_it(
    db_path: Path, caplog: pytest.LogCaptureFixture, qtbot: object
) -> None:
    first = VirtualSession(db_path, start=START)
    first.swipe(5)
    first.settle()
    first.close()
    with caplog.at_level(logging.INFO, logger="tastetrail"):
        second = VirtualSession(db_path, start=START + timedelta(hours=1))
    assert second.session.unclean_end is None
    assert unclean_lines(caplog) == []
    window = build_window(second.session, FaultSwitch(), animation_ms=0)
    assert "did not close" not in window.banner.text
    window.close()
    second.close()


def test_the_window_names_a_killed_session_in_its_banner(db_path: Path, qtbot: object) -> None:
    with another_process(db_path) as other:
        kill(other)
    session = VirtualSession(db_path, start=START)
    window = build_window(session.session, FaultSwitch(), animation_ms=0)
    assert "The last session did not close (the app was killed or crashed)" in window.banner.text
    assert "had stored no swipes" in window.banner.text
    window.close()
    session.close()
