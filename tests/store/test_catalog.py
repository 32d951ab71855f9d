"""The shipped card catalog, and `parse_catalog` refusing broken ones."""

from __future__ import annotations

import json
from typing import Any

import pytest

from store import Catalog, CatalogError, load_catalog
from store.catalog import parse_catalog


def test_shipped_catalog_has_at_least_150_cards(catalog: Catalog) -> None:
    assert len(catalog.cards) >= 150


def test_every_shipped_card_has_two_to_five_tags(catalog: Catalog) -> None:
    assert all(2 <= len(card.tags) <= 5 for card in catalog.cards)


def test_shipped_catalog_has_a_vocabulary_of_at_least_20_tags(catalog: Catalog) -> None:
    assert len(catalog.vocabulary) >= 20
    assert list(catalog.vocabulary) == sorted(set(catalog.vocabulary))


def test_shipped_card_ids_are_unique(catalog: Catalog) -> None:
    ids = [card.id for card in catalog.cards]
    assert len(set(ids)) == len(ids)
    assert catalog.item_ids == frozenset(ids)


def test_item_tags_maps_each_card_to_its_tags(catalog: Catalog) -> None:
    tiramisu = catalog.card("tiramisu")
    assert catalog.item_tags["tiramisu"] == tiramisu.tags
    assert len(catalog.item_tags) == len(catalog.cards)


def test_item_tags_cannot_be_changed(catalog: Catalog) -> None:
    with pytest.raises(TypeError):
        catalog.item_tags["tiramisu"] = ("changed",)  # type: ignore[index]


def test_asking_for_an_unknown_card_raises_key_error(catalog: Catalog) -> None:
    with pytest.raises(KeyError, match="no-such-card"):
        catalog.card("no-such-card")


def test_shipped_catalog_is_loaded_once() -> None:
    assert load_catalog() is load_catalog()


def catalog_text(*cards: dict[str, Any], version: int = 1) -> str:
    return json.dumps({"version": version, "cards": list(cards)})


def card(card_id: str, *tags: str, title: str = "A dish") -> dict[str, Any]:
    return {"id": card_id, "title": title, "tags": list(tags)}


def test_well_formed_catalog_is_parsed() -> None:
    parsed = parse_catalog(catalog_text(card("ramen", "japanese", "noodles")))
    assert parsed.item_tags == {"ramen": ("japanese", "noodles")}


def test_a_tag_as_long_as_a_payload_allows_is_accepted() -> None:
    parsed = parse_catalog(catalog_text(card("ramen", "n" * 64, "soup")))
    assert parsed.item_tags == {"ramen": ("n" * 64, "soup")}


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        (
            catalog_text(card("ramen", "japanese", "noodles"), card("ramen", "soup", "hot")),
            "card id 'ramen' appears twice",
        ),
        (catalog_text(card("ramen", "Japanese", "noodles")), "lowercase letters and dashes"),
        (catalog_text(card("ramen", "noodles2", "soup")), "lowercase letters and dashes"),
        (catalog_text(card("ramen", "n" * 65, "soup")), "at most 64 characters"),
        (catalog_text(card("ramen", "soup", "soup")), "tags repeat"),
        (catalog_text(card("ramen", "noodles")), "at least 2 items"),
        (catalog_text(card("ramen", "a", "b", "c", "d", "e", "f")), "at most 5 items"),
        (catalog_text(card("Ramen!", "soup", "hot")), "id"),
        (catalog_text(card("ramen", "soup", "hot", title="")), "title"),
        (catalog_text(), "cards"),
        (catalog_text(card("ramen", "soup", "hot"), version=0), "version"),
        ("{not json", "not valid"),
    ],
)
def test_broken_catalog_is_refused_saying_what_is_wrong(text: str, complaint: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, source="test.json")
    message = str(caught.value)
    assert complaint in message
    assert "The card catalog test.json is not valid" in message
    assert "fix the entry named above" in message
