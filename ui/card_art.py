"""A card's colours and decoration, derived from its id alone, and the colours read on them.

A hash of the card id picks the hues and the circles, so the same card always looks the same
on every machine. The colours text is drawn in are chosen here to read at WCAG AA (4.5:1)
on what is under them: the dish's initial on its plate, and the tag chips' text on the tint.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from PySide6.QtGui import QColor

from ui.contrast import blend, darkened_until_readable
from ui.theme import BASE

PLATE = BASE
"""The emblem's plate, under the dish's initial."""
CHIP_FILL_ALPHA = 38 / 255
"""How much of the card's colour tints a tag chip, over the card's base."""


@dataclass(frozen=True, slots=True)
class CardArt:
    """The colours and decoration of one card, derived deterministically from its id."""

    top: QColor
    bottom: QColor
    accent: QColor
    initial: QColor
    """The dish's initial on the plate: ``bottom``, darkened until it reads there (4.5:1)."""
    bubbles: tuple[tuple[float, float, float], ...]
    """Decorative circles as (x, y, radius), each a fraction of the artwork's size."""


def card_art(card_id: str) -> CardArt:
    """The artwork of ``card_id``: the same id always gives the same colours."""
    digest = hashlib.sha256(card_id.encode("utf-8")).digest()
    hue = digest[0] * 360 // 256
    shift = 25 + digest[1] % 50
    top = QColor.fromHsl(hue, 170, 150)
    bottom = QColor.fromHsl((hue + shift) % 360, 180, 95)
    accent = QColor.fromHsl((hue + 180) % 360, 150, 215)
    bubbles = tuple(
        (digest[2 + 3 * i] / 255, digest[3 + 3 * i] / 255, 0.06 + digest[4 + 3 * i] / 255 * 0.14)
        for i in range(5)
    )
    initial = QColor(darkened_until_readable(bottom.name(), PLATE))
    return CardArt(top=top, bottom=bottom, accent=accent, initial=initial, bubbles=bubbles)


def chip_fill(art: CardArt) -> str:
    """A tag chip's background: the card's colour, faint, over the card's base."""
    return blend(art.bottom.name(), BASE, CHIP_FILL_ALPHA)
