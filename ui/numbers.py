"""How a number reads on screen: one rule for the tiles, the table, the hover and the axes.

A count of swipes or rows is written with thousands separators (``300,000``) wherever the
window shows it, so the tile and the table cannot seem to disagree.
"""

from __future__ import annotations


def count_text(count: int | float) -> str:
    """``1,250``: a whole count with thousands separators."""
    return f"{round(count):,}"


def score_text(score: float) -> str:
    """``+0.42``: a tag's score, signed, two decimals."""
    return f"{score:+.2f}"
