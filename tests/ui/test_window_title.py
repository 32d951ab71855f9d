"""The title bar tells a demo window (with or without a movable clock) from the real one."""

from __future__ import annotations

from tests.ui.conftest import WindowFactory


def test_a_window_with_the_demo_clock_says_so_in_its_title(open_window: WindowFactory) -> None:
    window = open_window(demo_clock=True)
    assert window.windowTitle().startswith("TasteTrail — demo clock")
    assert window.demo is not None and window.demo.jump_button is not None


def test_a_demo_window_without_the_clock_says_it_is_a_demo(open_window: WindowFactory) -> None:
    window = open_window(demo=True)
    title = window.windowTitle()
    assert title.startswith("TasteTrail — demo") and "clock" not in title
    assert window.demo is not None and window.demo.jump_button is None


def test_the_everyday_window_is_titled_plainly(open_window: WindowFactory) -> None:
    window = open_window()
    assert "demo" not in window.windowTitle()
    assert window.demo is None
