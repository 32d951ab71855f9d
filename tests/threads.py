"""Run a piece of work on another thread and bring back what it raised."""

from __future__ import annotations

import threading
from collections.abc import Callable


def run_in_thread(work: Callable[[], object], name: str = "worker") -> BaseException | None:
    """Run ``work`` on a new named thread, wait for it, return what it raised (if anything).

    The thread name matters: the store's wrong-thread errors name both threads, and the tests
    check those names.
    """
    raised: list[BaseException] = []

    def target() -> None:
        try:
            work()
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=target, name=name)
    thread.start()
    thread.join()
    return raised[0] if raised else None
