"""Fixtures of the persistence tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from middleware.persistence.repository import SnapshotRepository


@pytest.fixture
def repository(db_path: Path) -> Iterator[SnapshotRepository]:
    """A writable repository on this test's own file, closed afterwards."""
    repository = SnapshotRepository.open(db_path)
    yield repository
    repository.close()
