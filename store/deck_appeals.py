"""Every card's appeal (the mean of its tags' samples) at once, by one function per catalog.

The deck scores cards on every deal. A loop that sums each card's samples with ``sum(map(
...))`` costs about 0.25 us a card, most of it the interpreter's overhead per card; the
function built here is the catalog's cards written out as one list of sums, ``(s[3] + s[7]
+ s[9]) * 0.333...``, which Python compiles to plain indexing and additions: about 0.04 us a
card, so scoring all 180 cards of the shipped catalog costs less than a threshold walk that
scores half of them (a simulated year deals 300,000 cards). Built once per `DeckIndex`, from
the index's own numbers only (no text from outside goes into the source).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

Appeals = Callable[[Sequence[float]], list[float]]
"""``samples by tag -> appeal by card``, in catalog order."""


def appeals_function(
    card_tags: Sequence[Sequence[int]], inverse_lengths: Sequence[float]
) -> Appeals:
    """The function giving every card's appeal from the tags' samples, for these cards."""
    if not card_tags:
        return lambda samples: []
    terms = []
    for tags, inverse in zip(card_tags, inverse_lengths, strict=True):
        if not tags:
            raise ValueError("Every card needs at least one tag, received a card with none.")
        total = " + ".join(f"s{int(tag)}" for tag in tags)
        terms.append(f"({total}) * {float(inverse)!r}")
    count = 1 + max(int(tag) for tags in card_tags for tag in tags)
    # The samples unpacked into locals first: a local is read faster than a list item.
    names = "".join(f"s{tag}, " for tag in range(count))
    source = (
        f"def appeals(samples):\n    {names}= samples\n    return [\n        "
        + ",\n        ".join(terms)
        + ",\n    ]\n"
    )
    namespace: dict[str, object] = {}
    exec(compile(source, "<deck appeals>", "exec"), namespace)  # numbers only, see above
    function = namespace["appeals"]
    assert callable(function)
    return cast(Appeals, function)
