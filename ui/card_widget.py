"""One food card, painted: a gradient and emblem derived from the card id, the title, tag chips.

The artwork (`ui.card_art`) is a pure function of the card id, so the same card always
looks the same on every machine; it is clipped to the picture's rectangle, so it never
covers the title and the tags. Sizes follow the widget's font and
geometry, never fixed pixel fonts, so the card stays readable at any DPI.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from store.actions import Direction
from store.catalog import Card
from ui.card_art import PLATE, card_art, chip_fill
from ui.theme import BASE, TEXT

STAMPS: dict[Direction, tuple[str, str]] = {
    Direction.RIGHT: ("LIKE", "#15803d"),
    Direction.LEFT: ("NOPE", "#b91c1c"),
    Direction.UP: ("SUPER", "#1d4ed8"),
}
"""The word and colour a dragged card shows; drawn on a `STAMP_BACKING` plate, 5:1 or more."""
STAMP_BACKING = BASE
ART_HEIGHT = 0.62
"""The picture's share of the card's height; the title and the tags fill the rest."""


class CardWidget(QWidget):
    """Paints one `Card`; the deck moves it around while it is dragged."""

    def __init__(self, card: Card | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._card: Card | None = None
        self._stamp: Direction | None = None
        self._stamp_strength = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.set_card(card)

    @property
    def card(self) -> Card | None:
        return self._card

    def set_card(self, card: Card | None) -> None:
        self._card = card
        self._stamp, self._stamp_strength = None, 0.0
        if card is None:
            self.setAccessibleName("")
            self.setToolTip("")
        else:
            self.setAccessibleName(f"{card.title}: {', '.join(card.tags)}")
            self.setToolTip(f"{card.title} — {', '.join(card.tags)}")
        self.update()

    def set_stamp(self, direction: Direction | None, strength: float) -> None:
        """Show "LIKE", "NOPE" or "SUPER" at ``strength`` (0..1) while the card is dragged."""
        self._stamp = direction
        self._stamp_strength = max(0.0, min(1.0, strength))
        self.update()

    def sizeHint(self) -> QSize:
        height = QFontMetricsF(self.font()).height()
        return QSize(round(height * 20), round(height * 26))

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        card = self._card
        if card is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        bounds = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        radius = min(bounds.width(), bounds.height()) * 0.05
        outline = QPainterPath()
        outline.addRoundedRect(bounds, radius, radius)
        painter.setClipPath(outline)
        painter.fillRect(bounds, self.palette().base())
        art_rect = QRectF(bounds.left(), bounds.top(), bounds.width(), bounds.height() * ART_HEIGHT)
        self._paint_art(painter, card, art_rect)
        text_rect = QRectF(
            bounds.left(), art_rect.bottom(), bounds.width(), bounds.bottom() - art_rect.bottom()
        )
        self._paint_text(painter, card, text_rect)
        if self._stamp is not None and self._stamp_strength > 0:
            self._paint_stamp(painter, bounds)
        painter.setClipping(False)
        painter.setPen(QPen(self.palette().mid().color(), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(outline)
        painter.end()

    def _paint_art(self, painter: QPainter, card: Card, rect: QRectF) -> None:
        painter.save()
        # The circles are placed over the whole picture and may reach past its edge: they
        # stay inside it, never over the title and the tags below.
        painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
        self._paint_picture(painter, card, rect)
        painter.restore()

    def _paint_picture(self, painter: QPainter, card: Card, rect: QRectF) -> None:
        art = card_art(card.id)
        gradient = QLinearGradient(rect.topLeft(), rect.bottomRight())
        gradient.setColorAt(0.0, art.top)
        gradient.setColorAt(1.0, art.bottom)
        painter.fillRect(rect, gradient)
        painter.setPen(Qt.PenStyle.NoPen)
        for x, y, r in art.bubbles:
            bubble = QColor(art.accent)
            bubble.setAlphaF(0.22)
            painter.setBrush(bubble)
            radius = r * rect.width()
            painter.drawEllipse(
                QPointF(rect.left() + x * rect.width(), rect.top() + y * rect.height()),
                radius,
                radius,
            )
        # The emblem: a plate (two rings) with the dish's initial in the middle.
        center = rect.center()
        plate = min(rect.width(), rect.height()) * 0.30
        painter.setBrush(QColor(PLATE))
        painter.drawEllipse(center, plate, plate)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        ring = QColor(art.bottom)
        ring.setAlpha(120)
        painter.setPen(QPen(ring, max(1.0, plate * 0.04)))
        painter.drawEllipse(center, plate * 0.78, plate * 0.78)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(max(8.0, self.font().pointSizeF() * plate / 24))
        painter.setFont(font)
        painter.setPen(art.initial)
        initial = card.title[:1].upper()
        painter.drawText(
            QRectF(center.x() - plate, center.y() - plate, 2 * plate, 2 * plate),
            Qt.AlignmentFlag.AlignCenter,
            initial,
        )

    def _paint_text(self, painter: QPainter, card: Card, rect: QRectF) -> None:
        """The title and the tag chips, as one block centred in ``rect``."""
        margin = rect.width() * 0.07
        area = rect.adjusted(margin, margin * 0.6, -margin, -margin * 0.6)
        wrap = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        title_font = QFont(self.font())
        title_font.setBold(True)
        title_font.setPointSizeF(self.font().pointSizeF() * 1.7)
        painter.setFont(title_font)
        title_box = painter.boundingRect(QRectF(0, 0, area.width(), 10_000), wrap, card.title)
        chip_font = QFont(self.font())
        chip_font.setPointSizeF(self.font().pointSizeF() * 0.95)
        chip_metrics = QFontMetricsF(chip_font)
        chip_height = chip_metrics.height() * 1.5
        padding = chip_metrics.height() * 0.6
        gap = chip_metrics.height() * 0.4
        chips: list[tuple[QRectF, str]] = []
        x, y = 0.0, 0.0
        for tag in card.tags:
            width = chip_metrics.horizontalAdvance(tag) + 2 * padding
            if x + width > area.width() and x > 0:
                x, y = 0.0, y + chip_height + gap
            chips.append((QRectF(x, y, width, chip_height), tag))
            x += width + gap
        spacing = gap * 1.5
        block = title_box.height() + spacing + y + chip_height
        top = area.top() + max(0.0, (area.height() - block) / 2)
        painter.setPen(self.palette().text().color())
        painter.drawText(
            QRectF(area.left(), top, area.width(), title_box.height()), wrap, card.title
        )
        art = card_art(card.id)
        accent, fill = art.bottom, QColor(chip_fill(art))
        painter.setFont(chip_font)
        origin = QPointF(area.left(), top + title_box.height() + spacing)
        for chip, tag in chips:
            chip = chip.translated(origin)
            if chip.bottom() > rect.bottom():
                break
            painter.setPen(QPen(accent, 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(chip, chip_height / 2, chip_height / 2)
            # The chip's fill is light in either scheme (blended over the light base), so
            # its text is the light scheme's, checked against it in the contrast test.
            painter.setPen(QColor(TEXT))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, tag)

    def _paint_stamp(self, painter: QPainter, bounds: QRectF) -> None:
        assert self._stamp is not None
        text, colour = STAMPS[self._stamp]
        color = QColor(colour)
        color.setAlphaF(self._stamp_strength)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(self.font().pointSizeF() * 2.4)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        box = QRectF(0, 0, metrics.horizontalAdvance(text) * 1.3, metrics.height() * 1.3)
        painter.save()
        if self._stamp is Direction.RIGHT:
            painter.translate(bounds.left() + bounds.width() * 0.08, bounds.top() + box.height())
            painter.rotate(-14)
        elif self._stamp is Direction.LEFT:
            painter.translate(bounds.right() - box.width() * 1.05, bounds.top() + box.height())
            painter.rotate(14)
        else:
            painter.translate(bounds.center().x() - box.width() / 2, bounds.height() * ART_HEIGHT)
        backing = QColor(STAMP_BACKING)
        backing.setAlphaF(self._stamp_strength)  # the word reads on it, whatever the art is
        painter.setPen(QPen(color, max(2.0, metrics.height() * 0.12)))
        painter.setBrush(backing)
        painter.drawRoundedRect(box, box.height() * 0.15, box.height() * 0.15)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
