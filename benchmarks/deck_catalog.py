"""A generated catalog of any size, for the deck's cost at catalogs larger than the shipped one.

Its cards draw 2 to 5 tags from the shipped catalog's vocabulary with a seeded
`random.Random`, so a size and a seed always give the same catalog, validated like the
shipped one.
"""

from __future__ import annotations

import random

from store.catalog import Card, Catalog, load_catalog


def generated_catalog(count: int, *, seed: int = 1) -> Catalog:
    """``count`` cards whose tags come from the shipped vocabulary."""
    vocabulary = load_catalog().vocabulary
    rng = random.Random(seed)
    cards = [
        Card(
            id=f"card-{number:05d}",
            title=f"Card {number}",
            tags=tuple(rng.sample(vocabulary, rng.randint(2, 5))),
        )
        for number in range(1, count + 1)
    ]
    return Catalog(version=1, cards=tuple(cards))
