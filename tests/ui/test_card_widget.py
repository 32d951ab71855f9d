"""The card's picture stays inside its frame."""

from __future__ import annotations

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from store.catalog import Catalog
from ui.card_art import card_art
from ui.card_widget import ART_HEIGHT, CardWidget

WIDTH, HEIGHT = 400, 520


def test_the_art_circles_never_spill_below_the_picture_into_the_text(
    qtbot: QtBot, catalog: Catalog
) -> None:
    widget = CardWidget()
    qtbot.addWidget(widget)
    widget.resize(WIDTH, HEIGHT)
    base = widget.palette().base().color().name()
    art_bottom = 1 + (HEIGHT - 2) * ART_HEIGHT
    spilled, checked = [], 0
    for card in catalog.cards:
        widget.set_card(card)
        image: QImage = widget.grab().toImage()
        art_width = WIDTH - 2
        for x, y, r in card_art(card.id).bubbles:
            centre_y = 1 + y * (art_bottom - 1)
            if centre_y + r * art_width < art_bottom + 12:
                continue  # this circle does not reach below the picture
            checked += 1
            column = round(1 + x * art_width)
            for row in range(round(art_bottom) + 2, round(art_bottom) + 10):
                if image.pixelColor(column, row).name() != base:
                    spilled.append((card.id, column, row))
    assert checked > 20, "the catalog has circles that reach past the picture's edge"
    assert spilled == []
