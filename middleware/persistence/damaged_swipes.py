"""Swipe rows a read could not use: which ones (by sequence number) and why, said once.

The swipe log is the source of truth, but the file can hold a row the app never wrote that
way: another program's edit, or a restore from an older tool. Such a row is skipped by
every read (start-up replays, the catch-up, the summary's dates) and left in the file as
it is; each read adds it here, and whoever started the reads says it once, in one line.
"""

from __future__ import annotations

from datetime import date, datetime

SHOWN = 10
"""How many damaged rows one line names with their reason; the rest are counted."""
KEPT = 1_000
"""How many sequence numbers are kept: a file whose every row is damaged stays cheap."""


class DamagedSwipes:
    """The damaged swipe rows found so far, by sequence number, with what was wrong."""

    def __init__(self) -> None:
        self._reasons: dict[int, str] = {}
        self._more = 0

    def add(self, sequence: int, reason: str) -> None:
        """Record that row ``sequence`` was skipped because of ``reason``; once per row."""
        if sequence in self._reasons:
            return
        if len(self._reasons) >= KEPT:
            self._more += 1
            return
        self._reasons[sequence] = reason

    def __contains__(self, sequence: object) -> bool:
        return sequence in self._reasons

    def __len__(self) -> int:
        return len(self._reasons) + self._more

    @property
    def sequences(self) -> tuple[int, ...]:
        """The damaged rows' sequence numbers, ascending (the first `KEPT` of them)."""
        return tuple(sorted(self._reasons))

    def listed(self) -> str:
        """The first `SHOWN` sequence numbers, and how many more: ``62, 65 and 70``."""
        named = self.sequences[:SHOWN]
        rest = len(self) - len(named)
        numbers = [str(sequence) for sequence in named] + ([f"{rest} more"] if rest else [])
        return numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} and {numbers[-1]}"

    def describe(self) -> str:
        """One sentence naming the rows, what was wrong with each, and what the app did."""
        named = self.sequences[:SHOWN]
        listed = self.listed()
        reasons = "; ".join(f"{sequence}: {self._reasons[sequence]}" for sequence in named)
        if len(self) == 1:
            return (
                f"1 damaged swipe row in the database was skipped (swipe {listed}: "
                f"{self._reasons[named[0]]}); it is left in the file as it is, and the "
                "profile counts every other swipe"
            )
        return (
            f"{len(self)} damaged swipe rows in the database were skipped (swipes {listed}; "
            f"{reasons}); they are left in the file as they are, and the profile counts every "
            "other swipe"
        )


def why_unreadable(direction_known: bool, at: object, local_date: object) -> str:
    """What is wrong with a swipe row whose direction, time or local date did not parse."""
    if not direction_known:
        return "its direction is not LEFT, RIGHT or UP"
    if not isinstance(at, str):
        return f"its time {at!r} is not text"
    try:
        instant = datetime.fromisoformat(at)
    except ValueError:
        return f"its time {at!r} is not an ISO-8601 instant"
    if instant.utcoffset() is None:
        return f"its time {at!r} has no UTC offset"
    try:
        date.fromisoformat(local_date)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return f"its local date {local_date!r} is not a date (YYYY-MM-DD)"
    return "it could not be read"
