"""Wrap a store's dispatch in a chain of middleware, as Redux's `applyMiddleware` does."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from store.compose import compose
from store.errors import MiddlewareConstructionError
from store.middleware_api import Dispatch, Middleware, MiddlewareAPI


def apply_middleware(
    middleware: Sequence[Middleware],
    get_state: Callable[[], Any],
    dispatch: Dispatch,
    base_dispatch: Dispatch,
) -> Dispatch:
    """Return ``base_dispatch`` wrapped by ``middleware``; the first one listed runs first.

    ``dispatch`` is the store's public entry point, which middleware reaches through
    ``api.dispatch`` so that an action it dispatches goes through the whole chain again.
    Calling it while the chain is still being built would skip middleware that is not yet
    in place, so it is refused until construction has finished.
    """
    constructing = True

    def dispatch_through_chain(action: Any) -> Any:
        if constructing:
            raise MiddlewareConstructionError(
                "Dispatching while constructing your middleware is not allowed: other "
                f"middleware would not see the action (received {action!r}). Dispatch from "
                "inside the function your middleware returns, not while it is being built."
            )
        return dispatch(action)

    api = MiddlewareAPI(get_state=get_state, dispatch=dispatch_through_chain)
    chain = [factory(api) for factory in middleware]
    wrapped: Dispatch = compose(*chain)(base_dispatch)
    constructing = False
    return wrapped
