"""The one way to hand an action to the store from another thread.

A worker thread (the SQLite writer, say) calls `ActionInbox.post`; the store's owner thread
calls `drain`, which dispatches everything posted so far in order. ``wake`` is called (on
the posting thread) when the inbox goes from empty to non-empty, so the owner thread can be
told to drain: in the Qt app a queued signal, in tests whatever the test waits on.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

from store.errors import WrongThreadError


class ActionInbox:
    """A thread-safe queue of actions that only the store's owner thread empties."""

    def __init__(
        self,
        dispatch: Callable[[object], object],
        *,
        owner_thread_ident: int,
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self._dispatch = dispatch
        self._owner_ident = owner_thread_ident
        self._wake = wake
        self._pending: deque[object] = deque()
        self._lock = threading.Lock()

    def post(self, action: object) -> None:
        """Queue ``action`` for the owner thread; safe to call from any thread."""
        with self._lock:
            was_empty = not self._pending
            self._pending.append(action)
        if was_empty:
            self._wake()

    def drain(self) -> int:
        """Dispatch every queued action on the owner thread; return how many there were."""
        if threading.get_ident() != self._owner_ident:
            raise WrongThreadError(
                "ActionInbox.drain() must run on the store's owner thread; it was called from "
                f"thread id {threading.get_ident()}. Post a wake-up to the owner thread and "
                "drain there."
            )
        dispatched = 0
        while True:
            with self._lock:
                if not self._pending:
                    return dispatched
                action = self._pending.popleft()
            self._dispatch(action)
            dispatched += 1
