"""The installed Qt binding keeps Python's reference counts: checked in a blink, before the soak.

PySide6 6.12.0 drops one reference to None on every call of a Qt method that returns
nothing; the window paints thousands of those a swipe, and the interpreter aborts with
"deallocating None" after about a dozen swipes. This catches such a release at once.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtGui import QColor, QImage, QPainter, QPen

CALLS = 1000


def paint_void_calls(painter: QPainter, pen: QPen, times: int) -> None:
    """Three Qt calls that return nothing, ``times`` times: what a paint event is made of."""
    for _ in range(times):
        painter.setPen(pen)
        painter.save()
        painter.restore()


def test_a_thousand_void_painter_calls_leave_the_reference_count_of_none_unchanged() -> None:
    # A QImage needs no QApplication: the check means the same alone or within the suite.
    image = QImage(64, 64, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    pen = QPen(QColor("#16a34a"), 2)
    paint_void_calls(painter, pen, 10)  # the binding's first calls set up caches of its own
    gc.collect()
    gc.disable()  # a collection in the loop would free unrelated references to None
    try:
        before = sys.getrefcount(None)
        paint_void_calls(painter, pen, CALLS)
        after = sys.getrefcount(None)
    finally:
        gc.enable()
        painter.end()
    # A broken binding loses 3 * CALLS references here; a sound one none.
    assert after >= before, f"None lost {before - after} references over {3 * CALLS} calls"
