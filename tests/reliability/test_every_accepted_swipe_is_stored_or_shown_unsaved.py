"""Every accepted swipe is stored or counted unsaved; an instant the app cannot store is refused.

A swipe's row holds its local date, and the pipeline needs the next local midnight after it.
Near the ends of ``datetime``'s range (local year 1 or 9999) neither can be computed in
some zones: such a swipe used to be accepted and numbered, was never written, and the next
swipe's commit made the window show 0 unsaved. The supported range (`store.instants`) is
chosen so that every zone's local date and next midnight exist for every instant in it, and
`Swiped` refuses anything outside it.
"""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import available_timezones

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from store import InvalidActionError
from tests.harness import VirtualSession

EARLIEST = datetime(1, 1, 1)
LATEST = datetime(9999, 12, 31, 23, 59, 59, 999999)

# Zones at the extremes of the offsets the tz database uses (+14, -12, local mean times of
# nearly 16 hours in the 1800s), plus every installed zone.
EXTREME_ZONES = ["America/New_York", "Pacific/Kiritimati", "Etc/GMT+12", "Asia/Manila", "UTC"]
zones = st.one_of(st.sampled_from(EXTREME_ZONES), st.sampled_from(sorted(available_timezones())))


def near(instant: datetime, days: int = 3) -> st.SearchStrategy[datetime]:
    span = timedelta(days=days)
    low = EARLIEST if instant - EARLIEST < span else instant - span
    high = LATEST if LATEST - instant < span else instant + span
    return st.datetimes(min_value=low, max_value=high, timezones=st.just(UTC))


instants = st.one_of(
    st.datetimes(min_value=EARLIEST, max_value=LATEST, timezones=st.just(UTC)),
    near(EARLIEST),
    near(LATEST),
    near(datetime(1971, 1, 1)),
    near(datetime(9999, 1, 1)),
    near(datetime(1970, 1, 1)),
)


def swipe_at(instant: object) -> dict[str, object]:
    """A swipe as it arrives from outside the store: validated by the store itself."""
    return {"type": "Swiped", "item_id": "margherita-pizza", "direction": "RIGHT", "at": instant}


def stored_sequences(db_path: Path) -> set[int]:
    with sqlite3.connect(db_path) as connection:
        return {row[0] for row in connection.execute("SELECT sequence FROM swipes")}


def unaccounted_swipes(session: VirtualSession) -> list[int]:
    """Swipe numbers the store accepted that are neither in the file nor counted unsaved."""
    state = session.store.get_state()
    unsaved_from = state.snapshots.persisted_sequence + 1
    stored = stored_sequences(session.db_path)
    return [
        sequence
        for sequence in range(1, state.profile.sequence + 1)
        if sequence not in stored and sequence < unsaved_from
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instant=instants, zone=zones)
@example(instant=datetime(1, 1, 1, 3, 0, tzinfo=UTC), zone="America/New_York")
@example(instant=datetime(9999, 12, 31, 12, 0, tzinfo=UTC), zone="Pacific/Kiritimati")
@example(instant=datetime(1971, 1, 1, tzinfo=UTC), zone="Etc/GMT+12")
@example(instant=datetime(9998, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), zone="Pacific/Kiritimati")
def test_a_swipe_at_any_instant_in_any_zone_is_stored_counted_unsaved_or_refused(
    instant: datetime, zone: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        session = VirtualSession(Path(folder) / "profile.sqlite3", zone=zone)
        session.swipe(3)
        before = session.store.get_state()
        try:
            session.store.dispatch(swipe_at(instant))
        except InvalidActionError as error:
            assert "\n" not in str(error)
            assert session.store.get_state() is before
            event("refused")
        else:
            event("accepted")
            assert session.store.get_state().profile.sequence == before.profile.sequence + 1
        session.swipe(2)  # later swipes commit; they must not hide an earlier one that did not
        session.settle()
        assert unaccounted_swipes(session) == []
        session.close()
        assert stored_sequences(session.db_path) == set(
            range(1, session.store.get_state().profile.sequence + 1)
        )


def test_a_swipe_in_local_year_1_is_refused_in_one_line_naming_the_supported_range(
    db_path: Path,
) -> None:
    session = VirtualSession(db_path, zone="America/New_York")
    session.swipe(3)
    session.settle()
    before = session.store.get_state()
    with pytest.raises(InvalidActionError) as refused:
        session.store.dispatch(swipe_at("0001-01-01T03:00Z"))
    message = str(refused.value)
    assert refused.value.field == "at"
    assert "\n" not in message
    assert "1971-01-01T00:00:00Z" in message and "9999-01-01T00:00:00Z" in message
    assert session.store.get_state() is before
    session.close()
    assert stored_sequences(db_path) == {1, 2, 3}
