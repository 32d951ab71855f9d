"""The one rule for a day rollover: which local days ended with activity and have no row.

Every trigger asks this function, the midnight timer, the clock-jump and zone-change check,
a batch of swipes, and start-up, so the live job and a restart cannot disagree:

- ``open_days`` holds each local date that has swipes and no DAY_ROLLOVER claimed yet, with
  the profile as it was right after that date's last swipe (the reducer keeps it);
- ``rolled_over`` holds each date whose DAY_ROLLOVER is claimed or recorded;
- ``today`` is the local date of "now" in the user's zone (`local_date`, the one function
  that computes a local date).

A day has ended when its date is before ``today``. The recorded dates are a set, not a
maximum: a row for a date in the future of the clock (the clock ran years ahead for a while)
says nothing about any other date, so it never holds back a later rollover.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from store.state import ProfileState


def ended_days(
    open_days: Mapping[date, ProfileState], rolled_over: frozenset[date], today: date
) -> list[date]:
    """The dates before ``today`` with swipes and no rollover claimed, oldest first."""
    return sorted(day for day in open_days if day < today and day not in rolled_over)
