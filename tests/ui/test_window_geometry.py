"""At every size a person uses, nothing the window shows is cut short or covered.

At 800x560, 1280x800 and 1920x1080, in the light and the dark palette: no visible label's
or button's text is elided (its text's width against the widget's), no two widgets a
layout places side by side overlap, and the window opens no larger than the screen and
has a minimum size. On a screen with less room than that (a 1280x800 screen at
``QT_SCALE_FACTOR=2`` is 640x400 to Qt) the window fits the screen and scrolls its
content instead of squeezing it.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from middleware.persistence.trend_queries import TrendRange
from tests.ui.conftest import HistoryWindow, WindowFactory
from ui.main_window import MainWindow
from ui.theme import Scheme, apply_theme
from ui.window_size import DEFAULT_SIZE, MINIMUM_SIZE, fit_to_screen

SIZES = [(800, 560), (1280, 800), (1920, 1080)]


@pytest.fixture(params=list(Scheme))
def scheme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[Scheme]:
    style, previous = qapp.style().name(), qapp.palette()
    apply_theme(qapp, request.param)
    yield request.param
    qapp.setStyle(style)
    qapp.setPalette(previous)


def cut_texts(window: MainWindow) -> list[str]:
    """The visible labels and buttons whose text does not fit them."""
    cut = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            room = widget.contentsRect()
            if widget.wordWrap() or widget.textFormat() == widget.textFormat().RichText:
                document = QTextDocument()
                document.setDefaultFont(widget.font())
                document.setHtml(widget.text()) if "<" in widget.text() else (
                    document.setPlainText(widget.text())
                )
                if not widget.wordWrap():
                    needed = document.idealWidth() - 2 * document.documentMargin()
                    if needed > room.width() + 1:
                        cut.append(f"{widget.text()!r}: {needed:.0f} > {room.width()}")
                elif widget.heightForWidth(room.width()) > widget.height() + 1:
                    cut.append(f"{widget.text()[:40]!r}: wraps past {widget.height()} px")
            else:
                for line in widget.text().splitlines():
                    needed = widget.fontMetrics().horizontalAdvance(line)
                    if needed > room.width():
                        cut.append(f"{line!r}: {needed} > {room.width()}")
        elif isinstance(widget, QAbstractButton) and widget.text():
            needed = widget.fontMetrics().horizontalAdvance(widget.text())
            if needed > widget.width():
                cut.append(f"button {widget.text()!r}: {needed} > {widget.width()}")
    return cut


def overlaps(window: MainWindow) -> list[str]:
    """Visible widgets a layout places that cover one another."""
    found = []
    for parent in window.findChildren(QWidget):
        layout = parent.layout()
        if layout is None or not parent.isVisible():
            continue
        placed = [
            child
            for child in parent.findChildren(QWidget)
            if child.parentWidget() is parent and child.isVisible() and layout.indexOf(child) >= 0
        ]
        for first, second in combinations(placed, 2):
            if first.geometry().intersects(second.geometry()):
                found.append(
                    f"{first.accessibleName() or type(first).__name__} and "
                    f"{second.accessibleName() or type(second).__name__}"
                )
    return found


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_nothing_is_cut_or_covered_at_each_size_in_each_palette(
    qtbot: QtBot, history_window: HistoryWindow, size: tuple[int, int], scheme: Scheme
) -> None:
    window, _ = history_window("year", TrendRange.MONTH, size=size)
    qtbot.waitUntil(lambda: window.size().width() == size[0], timeout=5000)
    assert window.minimumSize().width() <= size[0] and window.minimumSize().height() <= size[1]
    assert cut_texts(window) == []
    assert overlaps(window) == []


def test_the_window_opens_within_the_screen_and_has_a_minimum_size(
    qtbot: QtBot, history_window: HistoryWindow
) -> None:
    window, _ = history_window("month", TrendRange.TODAY)
    screen = window.screen().availableGeometry()
    assert window.width() <= screen.width() and window.height() <= screen.height()
    minimum = window.minimumSize()
    assert minimum == MINIMUM_SIZE.boundedTo(screen.size())
    window.resize(300, 200)
    assert window.width() >= minimum.width() and window.height() >= minimum.height()


ROOMS = [(640, 400), (760, 480)]


@pytest.mark.parametrize("room", ROOMS, ids=[f"{w}x{h}" for w, h in ROOMS])
def test_on_a_screen_with_less_room_the_window_fits_it_and_scrolls_instead_of_overlapping(
    qtbot: QtBot, history_window: HistoryWindow, room: tuple[int, int]
) -> None:
    window, _ = history_window("year", TrendRange.MONTH)
    fit_to_screen(window, QSize(*room))  # 640x400: a 1280x800 screen at QT_SCALE_FACTOR=2
    qtbot.waitUntil(lambda: (window.width(), window.height()) == room, timeout=5000)
    assert cut_texts(window) == []
    assert overlaps(window) == []
    scroll = window.findChild(QScrollArea, "window-scroll")
    assert scroll is not None
    content = scroll.widget()
    assert content.width() >= MINIMUM_SIZE.width() and content.height() >= MINIMUM_SIZE.height()
    # What does not fit can be scrolled to: each bar's range is what its side lacks.
    horizontal, vertical = scroll.horizontalScrollBar(), scroll.verticalScrollBar()
    viewport = scroll.viewport()

    def can_scroll_to_all_of_it() -> bool:
        lacking = (content.width() - viewport.width(), content.height() - viewport.height())
        return (horizontal.maximum(), vertical.maximum()) == lacking

    qtbot.waitUntil(can_scroll_to_all_of_it, timeout=2000)
    assert horizontal.maximum() > 0 or vertical.maximum() > 0


def test_a_window_that_fits_does_not_scroll_with_a_two_line_banner_either(
    qtbot: QtBot, open_window: WindowFactory
) -> None:
    window = open_window()
    window.resize(DEFAULT_SIZE)
    window.banner.set_degraded(
        "the database '/home/someone/.local/share/TasteTrail/tastetrail.sqlite3' is in use "
        "by TasteTrail process 4242: close that window first and start this one again, or "
        "choose another file with --db."
    )
    qtbot.waitUntil(lambda: window.banner.isVisible() and window.size() == DEFAULT_SIZE)
    for _ in range(3):  # the layout requests the banner posted, and the ones they post
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    scroll = window.findChild(QScrollArea, "window-scroll")
    assert scroll is not None
    assert scroll.widget().size() == scroll.viewport().size() == DEFAULT_SIZE
    assert scroll.verticalScrollBar().maximum() == 0
    assert scroll.horizontalScrollBar().maximum() == 0
    assert cut_texts(window) == [] and overlaps(window) == []
