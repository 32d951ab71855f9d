"""Fixtures for tests that drive the real app in a real window under a virtual X server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.xserver import VirtualDisplay, require_x_tools


@pytest.fixture
def display(tmp_path: Path) -> Iterator[VirtualDisplay]:
    """A private Xvfb for this test (skipped without the X tools, failed under CI)."""
    require_x_tools()
    with VirtualDisplay(tmp_path / "xvfb.log") as virtual_display:
        yield virtual_display
