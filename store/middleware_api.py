"""The types middleware is written against: Redux's `(api) -> (next) -> (action) -> result`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Dispatch = Callable[[Any], Any]
"""Hands an action to the next stage and returns what that stage returns."""


@dataclass(frozen=True, slots=True)
class MiddlewareAPI:
    """What a middleware may touch: reading the state and dispatching, nothing else."""

    get_state: Callable[[], Any]
    dispatch: Dispatch


Middleware = Callable[[MiddlewareAPI], Callable[[Dispatch], Dispatch]]
"""A curried triple: ``middleware(api)(next_dispatch)(action)``."""
