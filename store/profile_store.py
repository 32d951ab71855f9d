"""Build the TasteTrail store: the root reducer, the catalog check and the given middleware.

`ProfileStore.dispatch` refuses the pipeline's own actions (`INTERNAL_ACTION_TYPES`); the
middleware's ``api.dispatch`` accepts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from store.actions import parse_action
from store.catalog import Catalog, load_catalog
from store.create_store import Store, create_store
from store.middleware_api import Middleware
from store.reducer import create_reducer
from store.state import AppState

ProfileStore = Store[AppState, Any]


def create_profile_store(
    *,
    catalog: Catalog | None = None,
    initial_state: AppState | None = None,
    middleware: Sequence[Middleware] = (),
) -> ProfileStore:
    """A store over ``catalog`` (the shipped one by default) that refuses invalid actions."""
    catalog = catalog or load_catalog()
    return create_store(
        create_reducer(catalog.item_tags),
        initial_state if initial_state is not None else AppState(),
        middleware=middleware,
        validate_action=partial(parse_action, known_item_ids=catalog.item_ids),
        validate_internal_action=partial(
            parse_action, known_item_ids=catalog.item_ids, internal=True
        ),
    )
