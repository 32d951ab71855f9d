"""Shared fixtures. Qt runs headless in tests: the platform is set here, not in the shell."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings
from reactivex.testing import TestScheduler

from middleware.pipeline_errors import PipelineError, listen
from store import AppStarted, Catalog, ProfileStore, create_profile_store, load_catalog

START = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)
"""A fixed instant for tests that need one: 2026-01-20 09:00 UTC."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow", action="store_true", help="also run loops marked slow at full size"
    )


# Property tests: the same examples on every normal run, so a run (and CI) is reproducible;
# ``--run-slow`` draws new random examples each time, and the slow fuzzers draw many more.
settings.register_profile("derandomized", derandomize=True, database=None, print_blob=True)
settings.register_profile("random", derandomize=False, print_blob=True)


def pytest_configure(config: pytest.Config) -> None:
    settings.load_profile("random" if config.getoption("--run-slow") else "derandomized")
    config.addinivalue_line(
        "markers",
        "pipeline_errors_expected: the test provokes pipeline errors on purpose (or request "
        "the `pipeline_errors` fixture to read them)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip_slow = pytest.mark.skip(reason="full-size loop; run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_slow)


_CAUGHT = pytest.StashKey[list[PipelineError]]()
_EXPECTED = pytest.StashKey[bool]()


@pytest.fixture(autouse=True)
def no_hidden_pipeline_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test during which the pipeline caught an exception, unless the test expects
    it: isolation keeps a swipe going, but a failure must never pass a test silently."""
    caught: list[PipelineError] = []
    request.node.stash[_CAUGHT] = caught
    with listen(caught.append):
        yield
    expected = request.node.stash.get(_EXPECTED, False) or (
        request.node.get_closest_marker("pipeline_errors_expected") is not None
    )
    if caught and not expected:
        listed = "; ".join(f"{error.stage}: {error.error}" for error in caught[:5])
        pytest.fail(
            f"the pipeline caught {len(caught)} error(s) during this test: {listed}. Fix "
            "the cause, or mark the test pipeline_errors_expected if it provokes them.",
            pytrace=False,
        )


@pytest.fixture
def pipeline_errors(request: pytest.FixtureRequest) -> list[PipelineError]:
    """The pipeline errors caught during this test (so far), which it expects."""
    request.node.stash[_EXPECTED] = True
    return request.node.stash[_CAUGHT]


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def store(catalog: Catalog) -> ProfileStore:
    """A store over the shipped catalog, started in UTC at `START`."""
    profile_store = create_profile_store(catalog=catalog)
    profile_store.dispatch(AppStarted(at=START, timezone="UTC"))
    return profile_store


@pytest.fixture
def scheduler() -> TestScheduler:
    """Virtual time for Rx operators; advance it explicitly, never sleep."""
    return TestScheduler()


@pytest.fixture
def db_path(tmp_path: Path) -> Iterator[Path]:
    """A path for a real SQLite file, inside this test's own temporary directory."""
    yield tmp_path / "tastetrail.sqlite3"
