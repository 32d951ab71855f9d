"""Every text colour the window defines reads on its background (WCAG AA, 4.5:1)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from store.catalog import Catalog
from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory
from ui.card_art import PLATE, card_art, chip_fill
from ui.card_widget import STAMP_BACKING, STAMPS
from ui.contrast import AA_BODY_TEXT, blend, contrast_ratio, darkened_until_readable
from ui.status_panel import StatusPanel
from ui.theme import (
    CAPTION_TEXT,
    COLOURS,
    TEXT,
    Scheme,
    apply_theme,
    palette,
    text_on_background,
)
from ui.trend_texts import HOVER_HINT

Role = QPalette.ColorRole
PALETTE_TEXT_ON_BACKGROUND = (
    (Role.WindowText, Role.Window),
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.PlaceholderText, Role.Base),
)


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[QApplication]:
    """The application with the app's theme applied, and its own look back afterwards."""
    style, previous = qapp.style().name(), qapp.palette()
    apply_theme(qapp)
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(previous)


def test_the_contrast_ratio_follows_the_wcag_formula() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#ffffff", "#767676") == contrast_ratio("#767676", "#ffffff")
    assert contrast_ratio("#bebebe", "#efefef") < 2  # the old disabled-grey captions


def test_blending_and_darkening_give_the_colours_painted() -> None:
    assert blend("#000000", "#ffffff", 0.5) == "#808080"
    assert blend("#ff0000", "#0000ff", 1.0) == "#ff0000"
    darker = darkened_until_readable("#d4d41c", "#ffffff")  # a yellow, 1.4:1 on white
    assert contrast_ratio(darker, "#ffffff") >= AA_BODY_TEXT
    with pytest.raises(ValueError, match="expected a colour as #rrggbb, received 'red'"):
        contrast_ratio("red", "#ffffff")


@pytest.mark.parametrize("scheme", list(Scheme))
@pytest.mark.parametrize("name", sorted(text_on_background(Scheme.LIGHT)))
def test_each_text_colour_of_the_theme_reads_on_its_background(name: str, scheme: Scheme) -> None:
    foreground, background = text_on_background(scheme)[name]
    assert contrast_ratio(foreground, background) >= AA_BODY_TEXT, (scheme, name)


@pytest.mark.parametrize("scheme", list(Scheme))
def test_the_applied_palette_is_the_themes_and_its_text_roles_all_read(
    qapp: QApplication, scheme: Scheme
) -> None:
    style, previous = qapp.style().name(), qapp.palette()
    assert apply_theme(qapp, scheme) is scheme
    try:
        check_applied_palette(scheme)
    finally:
        qapp.setStyle(style)
        qapp.setPalette(previous)


def check_applied_palette(scheme: Scheme) -> None:
    colours = COLOURS[scheme]
    applied = QApplication.palette()
    window, base = applied.window().color().name(), applied.base().color().name()
    assert (window, base) == (colours.window, colours.base)
    assert applied.text().color().name() == applied.windowText().color().name() == colours.text
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for text, background in PALETTE_TEXT_ON_BACKGROUND:
            ratio = contrast_ratio(
                applied.color(group, text).name(), applied.color(group, background).name()
            )
            assert ratio >= AA_BODY_TEXT, (group, text, background, ratio)
            for role in (text, background):
                assert applied.color(group, role) == palette(scheme).color(group, role)


def test_every_cards_initial_and_tag_chips_read_on_their_backgrounds(catalog: Catalog) -> None:
    for card in catalog.cards:
        art = card_art(card.id)
        assert contrast_ratio(art.initial.name(), PLATE) >= AA_BODY_TEXT, card.id
        assert contrast_ratio(TEXT, chip_fill(art)) >= AA_BODY_TEXT, card.id


@pytest.mark.parametrize(("word", "colour"), STAMPS.values())
def test_the_like_nope_and_super_stamps_read_on_their_backing(word: str, colour: str) -> None:
    assert contrast_ratio(colour, STAMP_BACKING) >= AA_BODY_TEXT, word


@pytest.mark.usefixtures("themed")
def test_the_counter_captions_are_enabled_labels_in_the_caption_colour(qtbot: QtBot) -> None:
    panel = StatusPanel()
    qtbot.addWidget(panel)
    captions = [
        label for label in panel.findChildren(QLabel) if label.text() in {"Swipes", "Snapshots"}
    ]
    assert len(captions) == 2
    for label in captions:
        label.ensurePolished()
        assert label.isEnabled()  # a disabled label is pale and "unavailable" to a reader
        assert label.palette().color(label.foregroundRole()).name() == CAPTION_TEXT


@pytest.mark.usefixtures("themed")
def test_the_trend_hint_and_footer_are_enabled_captions(
    vs: VirtualSession, open_window: WindowFactory
) -> None:
    vs.swipe(25)
    vs.settle()
    window = open_window()
    trend = window.trend
    assert trend.readout.text() == HOVER_HINT
    assert "1 point a line" in trend.message.text()
    for label in (trend.readout, trend.message):
        label.ensurePolished()
        assert label.isEnabled()
        assert label.palette().color(label.foregroundRole()).name() == CAPTION_TEXT


@pytest.mark.parametrize("scheme", list(Scheme))
def test_every_label_in_the_window_is_enabled_and_reads_on_the_window(
    qapp: QApplication, vs: VirtualSession, open_window: WindowFactory, scheme: Scheme
) -> None:
    style, previous = qapp.style().name(), qapp.palette()
    apply_theme(qapp, scheme)
    try:
        labels_read_on_the_window(vs, open_window, COLOURS[scheme].window)
    finally:
        qapp.setStyle(style)
        qapp.setPalette(previous)


def labels_read_on_the_window(
    vs: VirtualSession, open_window: WindowFactory, background: str
) -> None:
    vs.swipe(30)
    vs.settle()
    window = open_window()
    labels = [label for label in window.findChildren(QLabel) if label.isVisible()]
    assert len(labels) > 10
    for label in labels:
        label.ensurePolished()
        colour = label.palette().color(label.foregroundRole()).name()
        assert label.isEnabled(), label.text()
        assert contrast_ratio(colour, background) >= AA_BODY_TEXT, (label.text(), colour)
