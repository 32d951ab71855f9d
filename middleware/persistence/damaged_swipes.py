"""Swipe rows a read could not use: which ones (by sequence number) and why, said once.

The swipe log is the source of truth, but the file can hold a row the app never wrote that
way: another program's edit, or a restore from an older tool. Such a row is skipped by
every read (start-up replays, the catch-up, the summary's dates) and left in the file as
it is; each read adds it here, and whoever started the reads says it once, in one line.

Every kind of damage is one: a card that is not in the catalog (or an id of a megabyte), a
direction, time or local date that does not parse, and a sequence number that is not a
whole number (named by what it holds, since it has no number).
"""

from __future__ import annotations

from datetime import date, datetime

SHOWN = 10
"""How many damaged rows one line names with their reason; the rest are counted."""
KEPT = 1_000
"""How many sequence numbers are kept: a file whose every row is damaged stays cheap."""
MAX_ITEM_ID = 64
"""The longest card id a swipe can have (`store.actions.Swiped`)."""


class DamagedSwipes:
    """The damaged swipe rows found so far, by sequence number, with what was wrong."""

    def __init__(self) -> None:
        self._reasons: dict[int, str] = {}
        self._unnumbered: dict[str, str] = {}
        self._more = 0

    def add(self, sequence: object, reason: str) -> None:
        """Record that row ``sequence`` was skipped because of ``reason``; once per row.

        A ``sequence`` that is not a whole number is kept apart, by its text."""
        if type(sequence) is not int:
            key = _shown(sequence)
            if key not in self._unnumbered and len(self._unnumbered) < SHOWN:
                self._unnumbered[key] = f"its sequence {key} is not a whole number"
            elif key not in self._unnumbered:
                self._more += 1
            return
        if sequence in self._reasons:
            return
        if len(self._reasons) >= KEPT:
            self._more += 1
            return
        self._reasons[sequence] = reason

    def __contains__(self, sequence: object) -> bool:
        return sequence in self._reasons

    def __len__(self) -> int:
        return len(self._reasons) + len(self._unnumbered) + self._more

    @property
    def sequences(self) -> tuple[int, ...]:
        """The damaged rows' sequence numbers, ascending (the first `KEPT` of them)."""
        return tuple(sorted(self._reasons))

    def listed(self) -> str:
        """The first `SHOWN` sequence numbers, and how many more: ``62, 65 and 70``."""
        named = [str(sequence) for sequence in self.sequences[:SHOWN]]
        named += [f"the row numbered {key}" for key in self._unnumbered]
        rest = len(self) - len(named)
        numbers = named + ([f"{rest} more"] if rest else [])
        return numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} and {numbers[-1]}"

    def describe(self) -> str:
        """One sentence naming the rows, what was wrong with each, and what the app did."""
        named = self.sequences[:SHOWN]
        listed = self.listed()
        why = [f"{sequence}: {self._reasons[sequence]}" for sequence in named]
        why += [f"{key}: {reason}" for key, reason in self._unnumbered.items()]
        reasons = "; ".join(why)
        if len(self) == 1:
            only = why[0].split(": ", 1)[1] if why else "it could not be read"
            return (
                f"1 damaged swipe row in the database was skipped (swipe {listed}: "
                f"{only}); it is left in the file as it is, and the "
                "profile counts every other swipe"
            )
        return (
            f"{len(self)} damaged swipe rows in the database were skipped (swipes {listed}; "
            f"{reasons}); they are left in the file as they are, and the profile counts every "
            "other swipe"
        )


def _shown(value: object) -> str:
    """``value`` as a short repr for a message: a megabyte of text is not repeated."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def is_card_id(item_id: object) -> bool:
    """Whether ``item_id`` has the shape of a card id (text of 1 to `MAX_ITEM_ID` characters);
    whether the catalog has that card is the replay's question (`not_in_catalog`)."""
    return isinstance(item_id, str) and 0 < len(item_id) <= MAX_ITEM_ID


def not_in_catalog(item_id: str) -> str:
    """The reason for a swipe row whose card the catalog does not have."""
    return f"its card {_shown(item_id)} is not in the catalog"


def why_unreadable(item_id: object, direction_known: bool, at: object, local_date: object) -> str:
    """What is wrong with a swipe row whose card, direction, time or local date did not parse."""
    if not isinstance(item_id, str):
        return f"its card id {_shown(item_id)} is not text"
    if not is_card_id(item_id):
        return f"its card id is {len(item_id):,} characters long (1 to {MAX_ITEM_ID})"
    if not direction_known:
        return "its direction is not LEFT, RIGHT or UP"
    if not isinstance(at, str):
        return f"its time {_shown(at)} is not text"
    try:
        instant = datetime.fromisoformat(at)
    except ValueError:
        return f"its time {_shown(at)} is not an ISO-8601 instant"
    if instant.utcoffset() is None:
        return f"its time {_shown(at)} has no UTC offset"
    try:
        date.fromisoformat(local_date)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return f"its local date {_shown(local_date)} is not a date (YYYY-MM-DD)"
    return "it could not be read"
