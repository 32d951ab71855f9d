"""The settings in the store: checked at the boundary, replaced whole, kept by name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from store import Catalog, ProfileStore
from store.actions import (
    Direction,
    SettingsChanged,
    SettingsNotSaved,
    SettingsSaved,
    Swiped,
    parse_action,
)
from store.effects import settings_effect
from store.errors import InternalActionError, InvalidActionError
from store.reducer import create_reducer
from store.settings import DEFAULT_SETTINGS, Settings, SettingsError, check_one, check_settings
from store.state import AppState

AT = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)


def changed(**values: object) -> dict[str, object]:
    return {"type": "SettingsChanged", **DEFAULT_SETTINGS._asdict(), **values, "at": AT}


def test_a_settings_change_replaces_the_settings_in_force_and_keeps_the_profile(
    store: ProfileStore, catalog: Catalog
) -> None:
    store.dispatch(Swiped(item_id=catalog.cards[0].id, direction=Direction.RIGHT, at=AT))
    store.dispatch(parse_action(changed(swipe_interval=40, quiet_period_seconds=1.5)))
    state = store.get_state()
    assert state.settings == Settings(
        swipe_interval=40, quiet_period_seconds=1.5, max_wait_seconds=3.0
    )
    assert state.profile.sequence == 1


@pytest.mark.parametrize(
    ("values", "field", "received"),
    [
        ({"swipe_interval": 0}, "swipe_interval", 0),
        ({"swipe_interval": 2_000_000}, "swipe_interval", 2_000_000),
        ({"quiet_period_seconds": -1}, "quiet_period_seconds", -1),
        ({"max_wait_seconds": float("inf")}, "max_wait_seconds", float("inf")),
    ],
)
def test_a_setting_out_of_range_is_refused_naming_the_field_and_the_value(
    store: ProfileStore, values: dict[str, object], field: str, received: object
) -> None:
    before = store.get_state()
    with pytest.raises(InvalidActionError) as refused:
        store.dispatch(changed(**values))
    assert refused.value.field == field
    assert refused.value.received == received
    assert store.get_state() is before


def test_a_maximum_wait_shorter_than_the_quiet_period_is_refused_with_what_to_do() -> None:
    with pytest.raises(SettingsError, match="raise the maximum wait or lower the quiet period"):
        check_settings({"quiet_period_seconds": 5, "max_wait_seconds": 1})
    with pytest.raises(InvalidActionError, match="must be at least the quiet period"):
        parse_action(changed(quiet_period_seconds=5, max_wait_seconds=1))


def test_one_value_is_checked_on_its_own_bounds_with_what_was_received() -> None:
    assert check_one("swipe_interval", "40") == 40
    with pytest.raises(SettingsError, match=r"swipe interval .* received 'forty'"):
        check_one("swipe_interval", "forty")
    with pytest.raises(SettingsError, match="unknown setting"):
        check_one("colour", "blue")


def test_anyone_may_change_the_settings_but_only_the_writer_says_they_are_saved() -> None:
    assert isinstance(parse_action(changed()), SettingsChanged)
    for outcome in (
        {"type": "SettingsSaved", "effect_id": "save-settings:1"},
        {"type": "SettingsNotSaved", "effect_id": "save-settings:1", "error": "disk full"},
    ):
        with pytest.raises(InternalActionError):
            parse_action(outcome)


def test_a_failed_save_is_kept_until_a_later_save_lands(catalog: Catalog) -> None:
    reducer = create_reducer(catalog.item_tags)
    state = reducer(AppState(), parse_action(changed(swipe_interval=9)))
    assert state.settings_revision == 1, "each change is a write of its own"
    effect = settings_effect(state.settings_revision)
    state = reducer(state, SettingsNotSaved(effect_id=effect, error="the disk is full"))
    assert state.settings_not_saved == "the disk is full"
    assert state.settings.swipe_interval == 9, "the change applies all the same"
    state = reducer(state, SettingsSaved(effect_id=effect))
    assert state.settings_not_saved is None
