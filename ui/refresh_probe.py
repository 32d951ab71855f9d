"""What a benchmark calls to time the GUI thread's share of a trend refresh.

`ChartProbe` draws a loaded `TrendView` on a real chart, as the panel does when a read
arrives, and reports the GUI thread's milliseconds (``gui_ms``: handing the prepared
points to the series, the axes, the markers and the legend; ``paint_ms``: the repaint that
follows) and the points set on the series. It fits `benchmarks`' ``after_load`` hook
(``Callable[[TrendView], Mapping[str, float]]``). `time_panel_refresh` times a real
panel's refresh after a new snapshot, loader thread included.

Both need a ``QApplication`` (offscreen is enough).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEventLoop, QTimer

from middleware.persistence.trend_queries import TrendView
from ui.trend_chart import TrendChart
from ui.trend_frame import prepare_frame
from ui.trend_panel import RefreshTiming, TrendPanel

CHART_SIZE = (720, 440)
"""About the chart's size in the default window (1200x780)."""


class ChartProbe:
    """A chart of the default window's size; call it with a view to draw and time it."""

    def __init__(self, size: tuple[int, int] = CHART_SIZE) -> None:
        self.chart = TrendChart()
        self.chart.resize(*size)
        self.chart.show()
        self.chart.viewport().repaint()

    def __call__(self, view: TrendView) -> dict[str, float]:
        # In the app the frame is prepared on the loader's thread; it is not GUI time.
        frame = prepare_frame(view, default_tags=True)
        started = time.perf_counter()
        self.chart.show_frame(frame, "probe")
        drawn = time.perf_counter()
        self.chart.viewport().repaint()
        painted = time.perf_counter()
        return {
            "gui_ms": (drawn - started) * 1e3,
            "paint_ms": (painted - drawn) * 1e3,
            "points_set": float(frame.points_drawn),
        }

    def close(self) -> None:
        self.chart.close()
        self.chart.deleteLater()


def time_panel_refresh(panel: TrendPanel, *, timeout_seconds: float = 60.0) -> RefreshTiming:
    """Refresh ``panel`` as after a new snapshot and wait until it is drawn; its timing.

    Raises TimeoutError if the refresh is not drawn within ``timeout_seconds``.
    """
    loop = QEventLoop()
    drawn: list[RefreshTiming] = []

    def on_refreshed(timing: RefreshTiming) -> None:
        if timing.kind == "refresh":
            drawn.append(timing)
            loop.quit()

    panel.refreshed.connect(on_refreshed)
    QTimer.singleShot(int(timeout_seconds * 1000), loop.quit)
    try:
        panel.reload()
        if not drawn:
            loop.exec()
    finally:
        panel.refreshed.disconnect(on_refreshed)
    if not drawn:
        raise TimeoutError(f"the trend refresh was not drawn within {timeout_seconds} s")
    return drawn[0]
