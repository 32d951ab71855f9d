"""The profile as it is now, for the end of each line: swipes made since the last snapshot.

A snapshot is taken every so many swipes, at midnight and on request, so the chart's last
snapshot is up to an interval behind the profile. `LiveProfile` carries what the chart
needs to draw the rest of the way, a dashed tail from each line's last snapshot to now:
the swipe count, the last swipe's instant, and the tags' counts (scored on demand, for the
few tags drawn). It is read from the store's state, never from the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import NamedTuple

from store.scoring import tag_score
from store.state import ProfileState, TagStats


class LiveProfile(NamedTuple):
    version: int
    """Swipes so far (the profile version a snapshot taken now would have)."""
    at: datetime
    """The last swipe's instant."""
    tags: Mapping[str, TagStats]

    @classmethod
    def of(cls, profile: ProfileState) -> LiveProfile | None:
        if profile.last_swipe_at is None or profile.sequence == 0:
            return None
        return cls(profile.sequence, profile.last_swipe_at, profile.tags)

    def score(self, tag: str) -> float:
        """The tag's score now; 0 for a tag not swiped yet."""
        stats = self.tags.get(tag)
        return 0.0 if stats is None else tag_score(stats)
