"""WCAG 2 contrast between two colours, and the small colour arithmetic the theme needs.

Pure functions of ``#rrggbb`` strings, so the theme's colours can be checked without Qt:
`contrast_ratio` is the WCAG 2.x formula (relative luminance of sRGB, (L1 + 0.05) /
(L2 + 0.05)); body text needs 4.5:1 against its background (level AA).
"""

from __future__ import annotations

import colorsys

AA_BODY_TEXT = 4.5
"""WCAG 2 level AA for normal-size text (success criterion 1.4.3)."""


def _channels(colour: str) -> tuple[float, float, float]:
    raw = colour.removeprefix("#")
    if len(raw) != 6:
        raise ValueError(f"expected a colour as #rrggbb, received {colour!r}")
    return (int(raw[0:2], 16) / 255, int(raw[2:4], 16) / 255, int(raw[4:6], 16) / 255)


def _hex(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in (red, green, blue))


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of an sRGB colour: 0 for black, 1 for white."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def blend(foreground: str, background: str, alpha: float) -> str:
    """``foreground`` painted at opacity ``alpha`` (0..1) over an opaque ``background``."""
    top, bottom = _channels(foreground), _channels(background)
    red, green, blue = (alpha * f + (1 - alpha) * b for f, b in zip(top, bottom, strict=True))
    return _hex(red, green, blue)


def darkened_until_readable(colour: str, background: str, minimum: float = AA_BODY_TEXT) -> str:
    """``colour`` with its lightness lowered (hue kept) until it reads on ``background``.

    ``background`` must be light enough for black to reach ``minimum`` on it.
    """
    hue, lightness, saturation = colorsys.rgb_to_hls(*_channels(colour))
    while contrast_ratio(_hex(*colorsys.hls_to_rgb(hue, lightness, saturation)), background) < (
        minimum
    ):
        if lightness <= 0:
            raise ValueError(f"no shade of {colour} reaches {minimum}:1 on {background}")
        lightness = max(0.0, lightness - 0.02)
    return _hex(*colorsys.hls_to_rgb(hue, lightness, saturation))
