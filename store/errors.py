"""The store's error types: one flat hierarchy, one sentence each.

Every message says what was wrong, what was received and what to do, in the style of
Redux's own guard-rail errors.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base class for every error raised by the store package."""


class InvalidActionError(StoreError, ValueError):
    """Something that is not a valid action was dispatched; nothing changed."""

    def __init__(self, message: str, *, field: str | None = None, received: object = None) -> None:
        super().__init__(message)
        self.field = field
        self.received = received


class InternalActionError(InvalidActionError):
    """An action only the snapshot pipeline may dispatch came from outside it; nothing changed."""


class DispatchInReducerError(StoreError):
    """`dispatch` was called while a reducer was running."""


class GetStateInReducerError(StoreError):
    """`get_state` was called while a reducer was running."""


class MiddlewareConstructionError(StoreError):
    """`dispatch` was called while middleware was still being constructed."""


class WrongThreadError(StoreError):
    """The store was used from a thread other than the one that owns it."""


class CatalogError(StoreError):
    """The card catalog is missing, malformed or inconsistent."""
