"""The demo card catalog, shipped as package data and validated once on load."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from store.errors import CatalogError
from store.snapshot_input import MAX_TAG_LENGTH

# The catalog holds tags to a payload's limit, so every tag the store counts fits a payload
# and snapshots are built from the state without re-validation.

_TAG = re.compile(rf"[a-z][a-z-]{{0,{MAX_TAG_LENGTH - 1}}}")


class Card(BaseModel):
    """One card of the deck: something to eat, with 2 to 5 tags."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)
    title: str = Field(min_length=1, max_length=80)
    tags: tuple[str, ...] = Field(min_length=2, max_length=5)

    @field_validator("tags")
    @classmethod
    def _tags_are_distinct_words(cls, tags: tuple[str, ...]) -> tuple[str, ...]:
        for tag in tags:
            if not _TAG.fullmatch(tag):
                raise ValueError(
                    f"tag {tag!r} must be lowercase letters and dashes, "
                    f"at most {MAX_TAG_LENGTH} characters"
                )
        if len(set(tags)) != len(tags):
            raise ValueError(f"tags repeat: {list(tags)!r}")
        return tags


class Catalog(BaseModel):
    """All cards, in deck order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = Field(ge=1)
    cards: tuple[Card, ...] = Field(min_length=1)

    @field_validator("cards")
    @classmethod
    def _ids_are_unique(cls, cards: tuple[Card, ...]) -> tuple[Card, ...]:
        seen: set[str] = set()
        for card in cards:
            if card.id in seen:
                raise ValueError(f"card id {card.id!r} appears twice")
            seen.add(card.id)
        return cards

    @property
    def item_tags(self) -> Mapping[str, tuple[str, ...]]:
        """``{card id: tags}``: what the reducer needs to count a swipe."""
        return MappingProxyType({card.id: card.tags for card in self.cards})

    @property
    def item_ids(self) -> frozenset[str]:
        return frozenset(card.id for card in self.cards)

    @property
    def vocabulary(self) -> tuple[str, ...]:
        """Every tag used by some card, sorted."""
        return tuple(sorted({tag for card in self.cards for tag in card.tags}))

    def card(self, item_id: str) -> Card:
        for card in self.cards:
            if card.id == item_id:
                return card
        raise KeyError(item_id)


def parse_catalog(text: str | bytes, *, source: str = "catalog") -> Catalog:
    """Validate catalog JSON, or raise `CatalogError` saying what is wrong where."""
    try:
        return Catalog.model_validate(json.loads(text))
    except (ValueError, ValidationError) as exc:
        raise CatalogError(
            f"The card catalog {source} is not valid: {exc}. Restore the file from the "
            "package or fix the entry named above."
        ) from exc


@cache
def load_catalog() -> Catalog:
    """The catalog shipped with the package (read and validated once per process)."""
    text = resources.files("store").joinpath("data/catalog.json").read_text(encoding="utf-8")
    return parse_catalog(text, source="store/data/catalog.json")
