"""Say on stderr when each swipe was shown and when it was stored, for tests that kill the app.

Off unless ``TASTETRAIL_REPORT_SWIPES=1`` is in the environment. Then the app prints:

    swipe-shown <sequence> <t>     the store took swipe <sequence>: the deck shows the next
                                   card in the same turn of the event loop
    swipe-stored <sequence> <t>    the writer reported every swipe up to <sequence> committed

``<t>`` is ``time.monotonic()`` (CLOCK_MONOTONIC on Linux, the same clock in every process of
the machine), so a test that kills the app can tell which swipes were shown long enough
before the kill to be in the file, and compare with what the file holds afterwards.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

from store.profile_store import ProfileStore

ENVIRONMENT_VARIABLE = "TASTETRAIL_REPORT_SWIPES"


def swipes_reported() -> bool:
    """True when the environment asks for the swipe lines."""
    return os.environ.get(ENVIRONMENT_VARIABLE, "") == "1"


def report_swipes(store: ProfileStore, stream: TextIO = sys.stderr) -> Callable[[], None]:
    """Print a line for each swipe the store takes and each commit it learns of; returns
    the unsubscribe function."""
    state = store.get_state()
    last = {"shown": state.profile.sequence, "stored": state.snapshots.persisted_sequence}

    def say(event: str, sequence: int) -> None:
        stream.write(f"swipe-{event} {sequence} {time.monotonic():.6f}\n")
        stream.flush()

    def on_change() -> None:
        now = store.get_state()
        shown, stored = now.profile.sequence, now.snapshots.persisted_sequence
        for sequence in range(last["shown"] + 1, shown + 1):
            say("shown", sequence)
        if stored > last["stored"]:
            say("stored", stored)
        last["shown"] = max(last["shown"], shown)
        last["stored"] = max(last["stored"], stored)

    return store.subscribe(on_change)
