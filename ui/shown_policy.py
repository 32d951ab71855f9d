"""The snapshot policy the window describes: the one place every UI text reads it from.

The window's words about the policy ("Every 25 swipes", "one is recorded every 25 swipes")
are made from `shown_policy`, never from a number written into a string. The app sets it
from the policy its snapshot job runs with (`show_policy`) before it builds the window; a
live change of the policy sets it again and the next text drawn follows.
"""

from __future__ import annotations

from middleware.policy import DEFAULT_POLICY, SnapshotPolicy

_shown: list[SnapshotPolicy] = [DEFAULT_POLICY]


def show_policy(policy: SnapshotPolicy) -> None:
    """The policy the job runs with, from now on described by the window."""
    _shown[0] = policy


def shown_policy() -> SnapshotPolicy:
    return _shown[0]


def swipe_interval() -> int:
    """Swipes between two count snapshots, as the job counts them."""
    return _shown[0].swipe_interval
