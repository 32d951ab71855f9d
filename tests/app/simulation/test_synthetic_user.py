"""The synthetic user's plan: in time order always, and never past the instants the app stores."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from app.simulation.decks import DeckKind, make_deck
from app.simulation.synthetic_user import (
    PlanOutOfRangeError,
    max_plan_days,
    plan_end,
    plan_session,
)
from store.catalog import load_catalog
from store.instants import SUPPORTED_UNTIL
from store.state import ProfileState


def test_a_day_with_more_swipes_than_its_waking_hours_runs_on_and_never_goes_back() -> None:
    # One swipe a burst, each followed by a pause of about a second: 100,000 a day need
    # more than a day, so the first day runs into the second one's waking hours.
    planned = plan_session(
        load_catalog(),
        swipes=200_000,
        days=2,
        start=datetime(2026, 1, 5, 7, tzinfo=UTC),
        zone=ZoneInfo("Europe/Berlin"),
        seed=1,
        burst_size=1,
    )
    instants = [swipe.at for swipe in planned]
    assert len(instants) == 200_000
    assert all(earlier <= later for earlier, later in pairwise(instants))
    assert (instants[-1] - instants[0]).days >= 2


def test_a_plan_that_would_run_past_the_storable_range_stops_before_it_in_one_line() -> None:
    planned = plan_session(
        load_catalog(),
        swipes=400_000,
        days=1,
        start=datetime(9998, 12, 30, tzinfo=UTC),
        zone=ZoneInfo("UTC"),
        seed=1,
        burst_size=1,
    )
    last = None
    with pytest.raises(PlanOutOfRangeError, match="past the instants TasteTrail can store") as e:
        for swipe in planned:
            last = swipe.at
    assert last is not None and last < SUPPORTED_UNTIL
    assert "\n" not in str(e.value)


def test_the_days_a_plan_may_cover_end_three_days_before_the_storable_range() -> None:
    assert max_plan_days(datetime(9998, 12, 20, tzinfo=UTC)) == 9
    assert max_plan_days(datetime(9998, 12, 31, tzinfo=UTC)) == 0


@pytest.mark.parametrize("kind", list(DeckKind))
def test_the_end_a_run_is_checked_against_is_the_last_swipe_its_deck_makes(
    kind: DeckKind,
) -> None:
    """``simulate`` refuses a run that would swipe after now before it writes anything, by
    the plan's last instant: that must be the instant the run, dealing from its deck,
    swipes last."""
    catalog = load_catalog()
    plan = {
        "swipes": 2_000,
        "days": 3,
        "start": datetime(2025, 3, 1, 5, tzinfo=UTC),
        "zone": ZoneInfo("Europe/Berlin"),
        "seed": 1,
    }
    deck = make_deck(kind, catalog.item_tags, seed=1, profile=ProfileState)
    last = None
    for last in plan_session(catalog, deal=deck, **plan):  # noqa: B007 (the last one only)
        pass
    assert last is not None
    assert plan_end(catalog, **plan) == last.at
