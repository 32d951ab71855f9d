"""The profile as of a point in the swipe log: a snapshot row plus the swipes after it.

Start-up rebuilds profiles this way twice: the current one (`rehydrate`) and the one at the
end of each local day still open (`catch_up`). Stored swipes were validated when they were
first dispatched, so they are applied with the reducer's own `reduce_swipe`, unvalidated.
"""

from __future__ import annotations

import logging
from collections.abc import Container, Iterable, Mapping

from middleware.persistence.damaged_swipes import DamagedSwipes, not_in_catalog
from middleware.persistence.repository import SnapshotRepository
from store.actions import Swiped, Unswiped
from store.reducer import reduce_swipe, reduce_unswipe
from store.snapshot_rows import SnapshotRow, SwipeRecord
from store.state import ProfileState, TagStats

log = logging.getLogger("tastetrail.repository")


def profile_from(row: SnapshotRow | None, repository: SnapshotRepository) -> ProfileState:
    """The profile exactly as it was when ``row`` was taken (empty without a row)."""
    if row is None:
        return ProfileState()
    tags = {
        tag.tag: TagStats(likes=tag.likes, nopes=tag.nopes, superlikes=tag.superlikes)
        for tag in row.payload.tags
    }
    sequence = row.profile_version
    undone = repository.undos_through(sequence)
    if row.meta is not None:
        last_swipe_at = row.meta.last_swipe_at
    else:  # a row without meta: the swipe log knows when its last swipe happened
        last = next(repository.swipes_after(sequence - 1, up_to=sequence), None)
        last_swipe_at = last.at if last is not None else None
    return ProfileState(tags=tags, sequence=sequence, last_swipe_at=last_swipe_at, undone=undone)


def replay(
    profile: ProfileState,
    swipes: Iterable[SwipeRecord],
    item_tags: Mapping[str, tuple[str, ...]],
    *,
    damaged: DamagedSwipes | Container[int] = (),
) -> ProfileState:
    """Apply stored swipes and undos to ``profile`` as the reducer does (they were validated
    when first dispatched).

    A swipe on a card the catalog does not have is another program's row: it is skipped and
    added to ``damaged`` (a `DamagedSwipes`), named once with the rows the read skipped. A
    jump in the sequence is logged, unless the read skipped exactly those rows as
    ``damaged`` (they are named once, by whoever started the reads).
    """
    for record in swipes:
        expected = profile.sequence + 1
        if record.sequence != expected and not all(
            sequence in damaged for sequence in range(expected, record.sequence)
        ):
            log.warning(
                "swipe log jumps from %d to %d; replaying from there",
                expected - 1,
                record.sequence,
                extra={"event": "swipe_log_gap", "expected": expected, "got": record.sequence},
            )
        tags = item_tags.get(record.item_id)
        if tags is None:
            if isinstance(damaged, DamagedSwipes):
                damaged.add(record.sequence, not_in_catalog(record.item_id))
            else:
                log.warning("skipped a swipe on unknown card %r", record.item_id[:64])
            continue
        if record.undoes is None:
            swipe = Swiped.model_construct(
                item_id=record.item_id, direction=record.direction, at=record.at
            )
            profile = reduce_swipe(profile, swipe, tags)
        else:
            undo = Unswiped.model_construct(
                undoes=record.undoes,
                item_id=record.item_id,
                direction=record.direction,
                at=record.at,
            )
            profile = reduce_unswipe(profile, undo, tags)
        if profile.sequence != record.sequence:
            profile = profile._replace(sequence=record.sequence)
    return profile
