"""`EpicMiddleware`: epics see every action after the reducer, and what they emit is dispatched."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from reactivex import Observable
from reactivex import operators as ops

from middleware.epic_middleware import EpicMiddleware, of_type
from middleware.pipeline_errors import PipelineError
from store import (
    AppStarted,
    AppState,
    Catalog,
    Direction,
    ProfileStore,
    SnapshotRequested,
    Swiped,
    TimezoneChanged,
    create_profile_store,
)
from tests.conftest import START


def store_with(epics: EpicMiddleware, catalog: Catalog) -> ProfileStore:
    store = create_profile_store(catalog=catalog, middleware=[epics])
    store.dispatch(AppStarted(at=START, timezone="UTC"))
    return store


def swipe(catalog: Catalog) -> Swiped:
    return Swiped(item_id=catalog.cards[0].id, direction=Direction.RIGHT, at=START)


def test_an_epic_sees_each_action_after_the_reducer_ran(catalog: Catalog) -> None:
    epics = EpicMiddleware()
    store = store_with(epics, catalog)
    seen: list[tuple[str, int]] = []

    def epic(actions: Observable[Any], get_state: Callable[[], AppState]) -> Observable[Any]:
        return actions.pipe(
            ops.do_action(lambda a: seen.append((type(a).__name__, get_state().profile.sequence))),
            ops.ignore_elements(),
        )

    epics.run(epic)
    store.dispatch(swipe(catalog))
    store.dispatch(swipe(catalog))
    assert seen == [("Swiped", 1), ("Swiped", 2)]


def test_what_an_epic_emits_is_dispatched_and_seen_by_the_epics_again(catalog: Catalog) -> None:
    epics = EpicMiddleware()
    store = store_with(epics, catalog)
    seen: list[str] = []

    def epic(actions: Observable[Any], _get_state: Callable[[], AppState]) -> Observable[Any]:
        actions.subscribe(lambda action: seen.append(type(action).__name__))
        return actions.pipe(
            of_type(SnapshotRequested),
            ops.map(lambda a: TimezoneChanged(timezone="Asia/Tokyo", at=a.at)),
        )

    epics.run(epic)
    store.dispatch(SnapshotRequested(at=START + timedelta(seconds=1)))
    assert store.get_state().timezone == "Asia/Tokyo"
    assert seen == ["SnapshotRequested", "TimezoneChanged"]


def test_an_epic_that_raises_never_reaches_the_dispatching_caller(
    catalog: Catalog, caplog: pytest.LogCaptureFixture, pipeline_errors: list[PipelineError]
) -> None:
    epics = EpicMiddleware()
    store = store_with(epics, catalog)

    def explode(_action: object) -> None:
        raise RuntimeError("bug in an epic")

    def epic(actions: Observable[Any], _get_state: Callable[[], AppState]) -> Observable[Any]:
        actions.subscribe(explode)
        return actions.pipe(ops.ignore_elements())

    epics.run(epic)
    with caplog.at_level(logging.ERROR, logger="tastetrail.snapshots"):
        store.dispatch(swipe(catalog))
    assert store.get_state().profile.sequence == 1
    assert "pipeline_error" in caplog.text
    assert [(e.stage, e.error) for e in pipeline_errors] == [
        ("epic", "RuntimeError: bug in an epic")
    ]


def test_an_invalid_action_an_epic_emits_is_logged_not_raised(
    catalog: Catalog, caplog: pytest.LogCaptureFixture, pipeline_errors: list[PipelineError]
) -> None:
    epics = EpicMiddleware()
    store = store_with(epics, catalog)

    def epic(actions: Observable[Any], _get_state: Callable[[], AppState]) -> Observable[Any]:
        return actions.pipe(of_type(SnapshotRequested), ops.map(lambda _: "not an action"))

    epics.run(epic)
    with caplog.at_level(logging.ERROR, logger="tastetrail.snapshots"):
        store.dispatch(SnapshotRequested(at=START))
    assert "pipeline_error" in caplog.text
    assert [e.stage for e in pipeline_errors] == ["dispatch"]


def test_one_middleware_serves_one_store_and_runs_one_epic(catalog: Catalog) -> None:
    epics = EpicMiddleware()
    store_with(epics, catalog)
    with pytest.raises(RuntimeError, match="attached to a store already"):
        create_profile_store(catalog=catalog, middleware=[epics])
    epics.run(lambda actions, _get_state: actions.pipe(ops.ignore_elements()))
    with pytest.raises(RuntimeError, match="runs an epic already"):
        epics.run(lambda actions, _get_state: actions.pipe(ops.ignore_elements()))


def test_a_stopped_epic_sees_nothing_more(catalog: Catalog) -> None:
    epics = EpicMiddleware()
    store = store_with(epics, catalog)
    seen: list[object] = []
    epics.run(
        lambda actions, _get_state: actions.pipe(ops.do_action(seen.append), ops.ignore_elements())
    )
    epics.stop()
    epics.stop()
    store.dispatch(swipe(catalog))
    assert seen == []
