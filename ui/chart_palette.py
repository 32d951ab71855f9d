"""A chart's colours from its widget's palette, so the plot follows the light or dark scheme.

QtCharts keeps a light theme of its own; `follow_palette` gives the chart the window's
base as its background and the palette's text for its title and axes, with grid lines in
a faint shade of that text, so a dark desktop gets a dark plot whose labels read on it.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCharts import QAbstractAxis, QChartView
from PySide6.QtGui import QColor

from ui.contrast import blend

GRID_ALPHA = 0.18
"""Grid lines: the text colour this faint over the plot, in either colour scheme."""


def follow_palette(view: QChartView, axes: Iterable[QAbstractAxis]) -> None:
    """Colour ``view``'s chart and ``axes`` from ``view``'s palette."""
    palette = view.palette()
    chart = view.chart()
    base, text = palette.base(), palette.text()
    chart.setBackgroundBrush(base)
    chart.setPlotAreaBackgroundVisible(False)
    view.setBackgroundBrush(palette.window())
    chart.setTitleBrush(text)
    grid = QColor(blend(text.color().name(), base.color().name(), GRID_ALPHA))
    for axis in axes:
        axis.setLabelsBrush(text)
        axis.setTitleBrush(text)
        axis.setGridLineColor(grid)
        axis.setLinePenColor(grid)
