"""The trigger test matrix: named inputs and the decision the policy must reach for each.

The tests assert every row (``tests/middleware/test_policy_matrix.py``) and
``python -m app policy`` prints it, so the table in a review is the table that was tested.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from middleware.policy import (
    CreateSnapshot,
    SnapshotDecision,
    SnapshotPolicy,
    should_create_snapshot,
)
from store.local_day import local_date
from store.state import AppState, ProfileState, SnapshotJobState
from store.triggers import PERIODS

_NOON = datetime(2026, 1, 20, 12, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class MatrixCase:
    """One row: the inputs in words, the state and clock they stand for, and the outcome."""

    name: str
    swipes: int
    last_swipe_at: datetime | None
    now: datetime
    timezone: str = "UTC"
    last_threshold_window: int = 0
    rolled_over: tuple[date, ...] = ()
    """Dates whose rollovers (every period trigger's) are recorded already."""
    last_manual_version: int = -1
    requested: bool = False
    expected: str = ""
    """``create TRIGGER window`` or ``skip reason``."""

    def state(self) -> AppState:
        """The state: the last swipe's local date is open unless its rollovers are recorded."""
        profile = ProfileState(sequence=self.swipes, last_swipe_at=self.last_swipe_at)
        rolled_over = frozenset(self.rolled_over)
        open_days = {}
        if self.last_swipe_at is not None:
            day = local_date(self.last_swipe_at, ZoneInfo(self.timezone))
            if day not in rolled_over:
                open_days[day] = profile
        return AppState(
            profile=profile,
            snapshots=SnapshotJobState(
                last_threshold_window=self.last_threshold_window,
                claimed_periods={
                    trigger.type: frozenset(trigger.period_of(day) for day in rolled_over)
                    for trigger in PERIODS
                },
                last_manual_version=self.last_manual_version,
            ),
            timezone=self.timezone,
            open_days=open_days,
        )


def describe(decision: SnapshotDecision) -> str:
    """A decision in the matrix's words."""
    if isinstance(decision, CreateSnapshot):
        return f"create {decision.trigger_type.value} {decision.window_key}"
    return f"skip {decision.reason.value}"


def decide(case: MatrixCase, policy: SnapshotPolicy | None = None) -> SnapshotDecision:
    settings = (policy or SnapshotPolicy()).settings
    return should_create_snapshot(
        case.state()._replace(settings=settings), case.now, requested=case.requested
    )


_H = timedelta(hours=1)

MATRIX: tuple[MatrixCase, ...] = (
    MatrixCase("no swipes yet", 0, None, _NOON, expected="skip no_activity"),
    MatrixCase("below threshold", 24, _NOON - _H, _NOON, expected="skip below_threshold"),
    MatrixCase(
        "crossing the threshold",
        25,
        _NOON - _H,
        _NOON,
        expected="create SWIPE_THRESHOLD swipes:000025",
    ),
    MatrixCase(
        "burst crossing three multiples gives one window",
        80,
        _NOON - _H,
        _NOON,
        expected="create SWIPE_THRESHOLD swipes:000075",
    ),
    MatrixCase(
        "same window repeated",
        25,
        _NOON - _H,
        _NOON,
        last_threshold_window=25,
        expected="skip duplicate_window",
    ),
    MatrixCase(
        "between windows after a recorded one",
        30,
        _NOON - _H,
        _NOON,
        last_threshold_window=25,
        expected="skip below_threshold",
    ),
    MatrixCase(
        "restart mid-window with the window recorded",
        49,
        _NOON - _H,
        _NOON,
        last_threshold_window=25,
        expected="skip below_threshold",
    ),
    MatrixCase(
        "day rollover with activity",
        7,
        _NOON - 20 * _H,
        _NOON,
        expected="create DAY_ROLLOVER day:2026-01-19",
    ),
    MatrixCase(
        "day rollover already recorded",
        7,
        _NOON - 20 * _H,
        _NOON,
        rolled_over=(date(2026, 1, 19),),
        expected="skip below_threshold",
    ),
    MatrixCase(
        "a rollover dated in the clock's future holds nothing back",
        7,
        _NOON - 20 * _H,
        _NOON,
        rolled_over=(date(2031, 1, 20),),
        expected="create DAY_ROLLOVER day:2026-01-19",
    ),
    MatrixCase(
        "rollover comes before a due threshold",
        50,
        _NOON - 20 * _H,
        _NOON,
        last_threshold_window=25,
        expected="create DAY_ROLLOVER day:2026-01-19",
    ),
    MatrixCase(
        "local midnight not yet reached in the user's zone",
        7,
        datetime(2026, 1, 20, 4, 0, tzinfo=UTC),
        datetime(2026, 1, 20, 4, 50, tzinfo=UTC),
        timezone="America/New_York",
        expected="skip below_threshold",
    ),
    MatrixCase(
        "local midnight passed in the user's zone",
        7,
        datetime(2026, 1, 20, 4, 0, tzinfo=UTC),
        datetime(2026, 1, 20, 5, 30, tzinfo=UTC),
        timezone="America/New_York",
        expected="create DAY_ROLLOVER day:2026-01-19",
    ),
    MatrixCase(
        "clock jumped back before the last swipe",
        7,
        _NOON,
        _NOON - 3 * _H,
        expected="skip below_threshold",
    ),
    MatrixCase(
        "snapshot now",
        30,
        _NOON - _H,
        _NOON,
        requested=True,
        expected="create MANUAL manual:000030",
    ),
    MatrixCase(
        "snapshot now twice without new swipes",
        30,
        _NOON - _H,
        _NOON,
        last_manual_version=30,
        requested=True,
        expected="skip nothing_changed",
    ),
    MatrixCase(
        "snapshot now with no swipes", 0, None, _NOON, requested=True, expected="skip no_activity"
    ),
)


def render_matrix(policy: SnapshotPolicy | None = None) -> str:
    """The matrix as a plain-text table: inputs, expected and actual decision, and a verdict."""
    header = (
        "case",
        "swipes",
        "last swipe (UTC)",
        "now (UTC)",
        "zone",
        "recorded",
        "decision",
        "ok",
    )
    rows: list[tuple[str, ...]] = [header]
    for case in MATRIX:
        actual = describe(decide(case, policy))
        recorded = ", ".join(
            part
            for part in (
                f"swipes:{case.last_threshold_window:06d}" if case.last_threshold_window else "",
                *(f"day:{day}" for day in case.rolled_over),
                f"manual@{case.last_manual_version}" if case.last_manual_version >= 0 else "",
            )
            if part
        )
        rows.append(
            (
                case.name + (" (requested)" if case.requested else ""),
                str(case.swipes),
                case.last_swipe_at.strftime("%m-%d %H:%M") if case.last_swipe_at else "-",
                case.now.strftime("%m-%d %H:%M"),
                case.timezone,
                recorded or "-",
                actual,
                "yes" if actual == case.expected else f"NO (expected {case.expected})",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)
