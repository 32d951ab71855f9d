"""The title bar tells a window with a movable demo clock from the real one."""

from __future__ import annotations

from tests.ui.conftest import WindowFactory


def test_a_window_with_the_demo_clock_says_so_in_its_title(open_window: WindowFactory) -> None:
    window = open_window(demo_clock=True)
    assert window.windowTitle().startswith("TasteTrail — demo clock")
    assert window.demo is not None and window.demo.jump_button is not None


def test_the_everyday_window_does_not_mention_a_demo_clock(open_window: WindowFactory) -> None:
    window = open_window()
    assert "demo" not in window.windowTitle()
    assert window.demo is not None and window.demo.jump_button is None
