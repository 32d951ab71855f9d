"""The peer store for figure 1: python-redux with a reducer equivalent to ours.

Same work per swipe as `store.reducer`: copy the tag map, count the swipe against each tag
of its card (from the same catalog), and rebuild the profile and the root state; the other
slices are carried over unchanged. The state is python-redux's idiomatic immutable state
(`Immutable`, i.e. frozen keyword-only dataclasses), each object built directly rather
than through ``dataclasses.replace``, which would only make the peer slower.

The store is made synchronous and thread-free, as fairness requires: no scheduler (so
``dispatch`` runs the reducer before it returns), no side-effect threads (we have no event
handlers), and ``auto_init`` to reduce python-redux's ``InitAction`` into the initial state.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from immutable import Immutable
from redux import BaseAction, InitAction, Store, StoreOptions

from store.actions import Direction, Swiped


class TagCounts(Immutable):
    likes: int = 0
    nopes: int = 0
    superlikes: int = 0


class Profile(Immutable):
    tags: Mapping[str, TagCounts]
    sequence: int = 0
    last_swipe_at: datetime | None = None


class JobState(Immutable):
    """Stands in for our snapshot-job slice: carried over untouched by a swipe."""

    last_threshold_window: int = 0
    persisted_sequence: int = 0


class RootState(Immutable):
    profile: Profile
    snapshots: JobState
    timezone: str = "UTC"
    started_at: datetime | None = None


class SwipedAction(BaseAction):
    item_id: str
    direction: Direction
    at: datetime


_NO_COUNTS = TagCounts()

PeerStore = Store


def create_reducer(item_tags: Mapping[str, tuple[str, ...]]) -> Any:
    """The python-redux reducer over ``{item_id: tags}``."""

    def reducer(state: RootState | None, action: BaseAction) -> RootState:
        if state is None:
            if not isinstance(action, InitAction):
                raise TypeError(f"the first action must be InitAction, received {action!r}")
            return RootState(profile=Profile(tags={}), snapshots=JobState())
        if isinstance(action, SwipedAction):
            profile = state.profile
            tags = dict(profile.tags)
            direction = action.direction
            for tag in item_tags[action.item_id]:
                counts = tags.get(tag, _NO_COUNTS)
                if direction is Direction.RIGHT:
                    tags[tag] = TagCounts(
                        likes=counts.likes + 1, nopes=counts.nopes, superlikes=counts.superlikes
                    )
                elif direction is Direction.LEFT:
                    tags[tag] = TagCounts(
                        likes=counts.likes, nopes=counts.nopes + 1, superlikes=counts.superlikes
                    )
                else:
                    tags[tag] = TagCounts(
                        likes=counts.likes, nopes=counts.nopes, superlikes=counts.superlikes + 1
                    )
            return RootState(
                profile=Profile(tags=tags, sequence=profile.sequence + 1, last_swipe_at=action.at),
                snapshots=state.snapshots,
                timezone=state.timezone,
                started_at=state.started_at,
            )
        return state

    return reducer


def create_peer_store(item_tags: Mapping[str, tuple[str, ...]]) -> PeerStore:
    """A synchronous python-redux store: no scheduler, no side-effect threads."""
    options = StoreOptions(auto_init=True, side_effect_threads=0, scheduler=None)
    return Store(create_reducer(item_tags), options)


def peer_actions(swipes: list[Swiped]) -> list[SwipedAction]:
    """The same swipes as python-redux actions."""
    return [
        SwipedAction(item_id=swipe.item_id, direction=swipe.direction, at=swipe.at)
        for swipe in swipes
    ]


def peer_swipe_count(store: PeerStore) -> int:
    """How many swipes the peer store has counted (to check it did the work)."""

    @store.with_state(lambda state: 0 if state is None else state.profile.sequence)
    def read(sequence: int) -> int:
        return sequence

    return read()
