"""Failures that cannot hide: every exception the pipeline catches is counted, kept, told.

The pipeline isolates its failures, so that none reaches ``dispatch`` or stops a swipe from
being saved: the epic middleware, a snapshot check, the writer effect and the job's own
steps each catch what they run. Caught is not hidden: each of them calls `report`, which

- logs one ``pipeline_error`` record (stage, error) as before, and counts it;
- prints the first one of each stage once to the terminal (stderr), in a sentence;
- posts `PipelineFailed` to the store (through the sink the job installs), so the state
  keeps the count and the last message and the window shows them.

The sink is called later, never from inside the failing step: an error in the store itself
must not recurse. Listeners (`listen`) see every report; the test suite's fixture uses one
to fail any test in which a pipeline error happened that the test did not expect.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from middleware.decision_log import record_event


@dataclass(frozen=True, slots=True)
class PipelineError:
    """One caught exception: where it was caught and what it said."""

    stage: str
    error: str

    def sentence(self) -> str:
        return f"snapshots stopped at the {self.stage}: {self.error}"


Listener = Callable[[PipelineError], None]

_lock = threading.Lock()
_listeners: list[Listener] = []
_printed: set[str] = set()


def report(
    stage: str, error: BaseException, *, sink: Callable[[PipelineError], None] | None = None
) -> PipelineError:
    """Count, log, print once and hand on a caught exception; never raises."""
    caught = PipelineError(stage=stage, error=f"{type(error).__name__}: {error}")
    record_event("pipeline_error", level=logging.ERROR, stage=stage, error=repr(error))
    with _lock:
        first = stage not in _printed
        _printed.add(stage)
        listeners = list(_listeners)
    if first:
        print(
            f"TasteTrail: {caught.sentence()}. The swipe log is written apart from the "
            "snapshots; the window says whether your swipes are saved and counts the "
            "errors. Restart the app to take snapshots again, and report this error.",
            file=sys.stderr,
        )
    for listener in listeners:
        try:
            listener(caught)
        except Exception:  # a listener must not turn one failure into two
            logging.getLogger(__name__).exception("a pipeline-error listener failed")
    if sink is not None:
        try:
            sink(caught)
        except Exception:  # the store is unreachable: the log and the terminal still say it
            logging.getLogger(__name__).exception("could not post a pipeline error")
    return caught


@contextmanager
def listen(listener: Listener) -> Iterator[None]:
    """Call ``listener`` with every report made while the block runs."""
    with _lock:
        _listeners.append(listener)
    try:
        yield
    finally:
        with _lock:
            _listeners.remove(listener)
