"""Undo, over random sessions: swipes, undos, restarts and midnights, on a real file.

An undo is an event of its own in the swipe log, naming the swipe it takes back. Whatever
the order of swipes, undos, restarts and local midnights (virtual time, a real SQLite file,
the real store and pipeline):

- the profile is the profile of the swipes not taken back;
- its version never goes down;
- no window key is written twice with different payloads, and a row written before an undo
  stays as it was; each row is the profile at its version, undos included (the invariants
  ``simulate`` checks: one count row per window, one rollover row per ended local date);
- reopening the file gives the same profile and adds no row.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.simulation.invariants import check_file
from store.actions import Direction, Swiped, Unswiped
from store.catalog import load_catalog
from store.local_day import local_date, next_local_midnight
from store.reducer import reduce_swipe
from store.state import ProfileState, TagStats
from tests.harness import VirtualSession

CATALOG = load_catalog()
CARDS = [card.id for card in CATALOG.cards]
ZONE = "Europe/Berlin"

Step = tuple[str, int, Direction]

steps = st.lists(
    st.one_of(
        st.tuples(st.just("swipe"), st.integers(0, len(CARDS) - 1), st.sampled_from(Direction)),
        st.tuples(st.just("undo"), st.just(0), st.just(Direction.LEFT)),
        st.tuples(st.just("restart"), st.just(0), st.just(Direction.LEFT)),
        st.tuples(st.just("midnight"), st.just(0), st.just(Direction.LEFT)),
    ),
    min_size=1,
    max_size=60,
)


def kept_profile(kept: list[tuple[str, Direction]]) -> dict[str, TagStats]:
    """The tag counts of ``kept`` swipes, as if no other swipe had ever been made."""
    profile = ProfileState()
    for item_id, direction in kept:
        swipe = Swiped.model_construct(item_id=item_id, direction=direction, at=None)
        profile = reduce_swipe(profile, swipe, CATALOG.item_tags[item_id])
    return dict(profile.tags)


def rows_by_key(vs: VirtualSession) -> dict[tuple[str, str], str]:
    """Every row's payload by (trigger, window key); a key written twice fails here."""
    found: dict[tuple[str, str], str] = {}
    for row in vs.rows():
        key = (row.trigger_type.value, row.window_key)
        assert key not in found, f"window {key} has two rows"
        found[key] = row.payload.canonical_json()
    return found


@settings(max_examples=12, deadline=None)
@given(steps=steps)
def test_undos_restarts_and_midnights_keep_every_invariant(
    tmp_path_factory: object, steps: list[Step]
) -> None:
    folder = tmp_path_factory.mktemp("undo")  # type: ignore[attr-defined]
    vs = VirtualSession(Path(folder) / "undo.sqlite3", zone=ZONE)
    kept: list[tuple[int, str, Direction]] = []  # (sequence, card, direction), in order
    undoable: list[tuple[int, str, Direction]] = []  # what this session's Undo may take back
    seen_rows: dict[tuple[str, str], str] = {}
    version = 0
    try:
        for action, card, direction in steps:
            if action == "swipe":
                vs.store.dispatch(Swiped(item_id=CARDS[card], direction=direction, at=vs.now))
                sequence = vs.store.get_state().profile.sequence
                kept.append((sequence, CARDS[card], direction))
                undoable.append((sequence, CARDS[card], direction))
            elif action == "undo" and undoable:
                sequence, item_id, swiped = undoable.pop()
                vs.store.dispatch(
                    Unswiped(undoes=sequence, item_id=item_id, direction=swiped, at=vs.now)
                )
                kept.remove((sequence, item_id, swiped))
            elif action == "restart":
                vs.settle(5)
                live = vs.store.get_state().profile
                rows_before = rows_by_key(vs)
                vs.restart()
                reopened = vs.store.get_state().profile
                assert reopened.tags == live.tags and reopened.sequence == live.sequence
                assert reopened.kept_swipes == live.kept_swipes
                assert rows_by_key(vs) == rows_before  # a reopen adds no row
                last = vs.session.last_swipe
                # Across a restart only the previous session's last swipe can be taken back.
                undoable = (
                    [(last.sequence, last.item_id, last.direction)] if last is not None else []
                )
                if kept and kept[-1][0] == live.sequence:
                    assert undoable == [kept[-1]]
            elif action == "midnight":
                midnight = next_local_midnight(vs.now, vs.clock.zone())
                vs.advance_to(midnight + timedelta(seconds=30))
            vs.advance(0.4)
            profile = vs.store.get_state().profile
            assert profile.sequence >= version, "the profile's version went down"
            version = profile.sequence
            assert dict(profile.tags) == kept_profile([(i, d) for _, i, d in kept])
            assert profile.kept_swipes == len(kept)
            rows = rows_by_key(vs)
            for key, payload in seen_rows.items():
                assert rows.get(key) == payload, f"row {key} changed or went away"
            seen_rows = rows
        vs.settle()
        today = local_date(vs.now, vs.clock.zone())
    finally:
        vs.close()
    check = check_file(vs.db_path, CATALOG, timezone=ZONE, today=today)
    assert check.violations == [], check.violations
