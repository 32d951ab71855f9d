"""A reproducible synthetic user: when they swipe, which card, and which way.

Used by ``python -m app simulate`` and the benchmarks. The user has a hidden affinity per
tag that drifts a little each day, so the trend panel has something to show; swipes come in
bursts (a few swipes a second) separated by pauses, during waking hours of each local day.
Everything is drawn from one seeded `random.Random`, so a seed gives the same session.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from store.actions import Direction
from store.catalog import Catalog
from store.instants import SUPPORTED_RANGE, SUPPORTED_UNTIL
from store.local_day import local_date

WAKING_START = time(8, 0)
WAKING_HOURS = 15.0


@dataclass(frozen=True, slots=True)
class PlannedSwipe:
    at: datetime
    item_id: str
    direction: Direction


class SyntheticUser:
    """Chooses cards and directions from drifting per-tag affinities."""

    def __init__(self, catalog: Catalog, rng: random.Random) -> None:
        self._rng = rng
        self._cards = [(card.id, card.tags) for card in catalog.cards]
        self._position = {card.id: index for index, card in enumerate(catalog.cards)}
        self._affinity = {tag: rng.uniform(-1.0, 1.0) for tag in catalog.vocabulary}
        self._like_odds: list[float] = []
        self._refresh()

    def _refresh(self) -> None:
        # A card's appeal changes only when tastes drift, so it is computed once a day.
        self._like_odds = []
        for _, tags in self._cards:
            appeal = sum(self._affinity[tag] for tag in tags) / len(tags)
            self._like_odds.append(1.0 / (1.0 + math.exp(-4.0 * appeal)))

    def drift(self) -> None:
        """A new day: tastes move a little."""
        for tag, value in self._affinity.items():
            self._affinity[tag] = max(-1.0, min(1.0, value + self._rng.gauss(0.0, 0.15)))
        self._refresh()

    @property
    def like_odds(self) -> tuple[float, ...]:
        """The chance this user likes each card today, in catalog order (the ground truth
        a deck that learns is measured against)."""
        return tuple(self._like_odds)

    def swipe(self) -> tuple[str, Direction]:
        """Swipe a card picked at random from the catalog."""
        return self._swipe_at(int(self._rng.random() * len(self._cards)))

    def swipe_card(self, item_id: str) -> tuple[str, Direction]:
        """Swipe the card a deck showed."""
        return self._swipe_at(self._position[item_id])

    def _swipe_at(self, index: int) -> tuple[str, Direction]:
        like = self._like_odds[index]
        roll = self._rng.random()
        item_id = self._cards[index][0]
        if roll < like * 0.12:
            return item_id, Direction.UP
        if roll < like:
            return item_id, Direction.RIGHT
        return item_id, Direction.LEFT


class PlanOutOfRangeError(ValueError):
    """A plan's next swipe would fall past the instants the app can store."""


def max_plan_days(start: datetime) -> int:
    """The most local days a plan from ``start`` may cover and keep every instant storable.

    A plan's last local day begins up to a day after its UTC date, its swipes may run past
    that day's midnight, and a simulation settles past the next one: three days of margin
    before `SUPPORTED_UNTIL`.
    """
    return max(0, (SUPPORTED_UNTIL - start) // timedelta(days=1) - 3)


def plan_session(
    catalog: Catalog,
    *,
    swipes: int,
    days: int,
    start: datetime,
    zone: ZoneInfo,
    seed: int,
    burst_size: int = 20,
    pause_seconds: float = 120.0,
    deal: Callable[[], str] | None = None,
) -> Iterator[PlannedSwipe]:
    """Yield ``swipes`` swipes spread over ``days`` local days from ``start``, in time order.

    Each day's swipes come in bursts of about ``burst_size`` (0.08-0.45 s apart) during waking
    hours in ``zone``; pauses between bursts average ``pause_seconds``, shortened when a day
    holds more bursts than its waking hours allow. A day with more swipes than its waking
    hours hold runs on into the next, which then starts where it ended: swipes never go back
    in time. Raises `PlanOutOfRangeError` before a swipe past `SUPPORTED_UNTIL`.

    Without ``deal`` the user picks each card at random from the catalog; with it, the user
    swipes the card ``deal()`` returns (a deck), called just before each swipe is yielded,
    so a deck that reads the profile sees every earlier swipe.
    """
    rng = random.Random(seed)
    user = SyntheticUser(catalog, rng)
    per_day = [swipes // days + (1 if index < swipes % days else 0) for index in range(days)]
    first_day = local_date(start, zone)
    at = start.astimezone(UTC)
    for index, quota in enumerate(per_day):
        if index:
            user.drift()
        day = first_day + timedelta(days=index)
        # Arithmetic on UTC instants: adding seconds to a zoned wall time skips DST gaps.
        waking = datetime.combine(day, WAKING_START, tzinfo=zone).astimezone(UTC)
        at = max(at, waking)
        bursts = max(1, math.ceil(quota / burst_size))
        pause_mean = min(pause_seconds, WAKING_HOURS * 3600 / bursts - burst_size * 0.7)
        pause_mean = max(pause_mean, 1.0)
        made = 0
        while made < quota:
            size = min(quota - made, max(1, round(rng.gauss(burst_size, burst_size / 4))))
            for _ in range(size):
                if at >= SUPPORTED_UNTIL:
                    raise PlanOutOfRangeError(
                        f"swipe {sum(per_day[:index]) + made + 1} of the plan would be at "
                        f"{at.isoformat()}, past the instants TasteTrail can store "
                        f"({SUPPORTED_RANGE})"
                    )
                item_id, direction = user.swipe() if deal is None else user.swipe_card(deal())
                yield PlannedSwipe(at, item_id, direction)
                made += 1
                at = at + timedelta(seconds=rng.uniform(0.08, 0.45))
            at = at + timedelta(seconds=rng.expovariate(1.0 / pause_mean))


def plan_end(catalog: Catalog, **plan: Any) -> datetime | None:
    """When a run of the plan ``plan_session(catalog, deal=deck, **plan)`` swipes last (None:
    no swipes), for any deck.

    Walks the plan without running it (under a second for 300,000 swipes), so a run that
    would swipe past a limit is refused before anything is written. A deck draws nothing
    from the user's random numbers, where a pick from the whole catalog (no ``deal``) draws
    one a swipe and would move every later instant: the walk deals one card throughout.
    """
    card = catalog.cards[0].id  # a catalog has a card at least
    last: PlannedSwipe | None = None
    for last in plan_session(catalog, deal=lambda: card, **plan):  # noqa: B007 (the last)
        pass
    return None if last is None else last.at
