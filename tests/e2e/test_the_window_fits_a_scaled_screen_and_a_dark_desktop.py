"""The real window on a 1600x1000 screen at ``QT_SCALE_FACTOR=2`` (800x500 to Qt) opens
within the screen, and with a dark scheme it draws a dark window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage

from tests.e2e.app_process import AppProcess
from tests.e2e.xserver import VirtualDisplay
from ui.theme import COLOURS, Scheme

START_TIMEOUT = 60.0
SCREEN = (1600, 1000)


def geometry(display: VirtualDisplay, window: str) -> tuple[int, int, int, int]:
    """x, y, width and height of ``window`` on the screen, in pixels."""
    values = dict(
        line.split("=", 1)
        for line in display.xdotool("getwindowgeometry", "--shell", window).splitlines()
    )
    return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])


def test_at_scale_2_on_a_1600_by_1000_screen_the_window_opens_within_it(
    tmp_path: Path,
) -> None:
    with VirtualDisplay(tmp_path / "xvfb.log", size=SCREEN) as display:
        app = AppProcess(
            display, tmp_path / "t.sqlite3", tmp_path, environment={"QT_SCALE_FACTOR": "2"}
        )
        try:
            x, y, width, height = geometry(display, app.wait_for_window(timeout=START_TIMEOUT))
        finally:
            app.close()
    assert (x, y) >= (0, 0)
    assert x + width <= SCREEN[0] and y + height <= SCREEN[1], app.describe()
    assert width >= 1500  # it uses the room there is (it opened at 2400x1560 before)


def test_with_a_dark_scheme_the_window_is_dark(tmp_path: Path) -> None:
    with VirtualDisplay(tmp_path / "xvfb.log") as display:
        app = AppProcess(
            display,
            tmp_path / "t.sqlite3",
            tmp_path,
            environment={"TASTETRAIL_COLOR_SCHEME": "dark"},
        )
        try:
            window = app.wait_for_window(timeout=START_TIMEOUT)
            x, y, _, _ = geometry(display, window)
            shot = QImage(str(display.screenshot(tmp_path / "dark.png")))
        finally:
            app.close()
    # The window's own background, just inside its top-left corner.
    pixel = shot.pixelColor(x + 3, y + 3)
    assert pixel.name() == QColor(COLOURS[Scheme.DARK].window).name(), app.describe()
