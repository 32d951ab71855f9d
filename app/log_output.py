"""Which of the app's log records a command prints, and where: the ``--log`` option's meaning.

``simulate`` and the desktop app print the same log through the same formatter
(`middleware.decision_log.ReadableFormatter`, or JSON lines), chosen by one ``--log`` mode:

- ``decisions`` (the default): every snapshot scheduled, created, failed, retried or
  suppressed as a duplicate, failed swipe writes, time-zone changes, errors and the
  app's own sentences (the profile loaded at start, warnings);
- ``all``: that, plus the routine checks that decide nothing: each skipped check with
  its reason, and each coalesced batch of swipes;
- ``none``: nothing.

Either way, a failure that repeats on every attempt (a file that refuses every write) is
printed a few times per streak and then counted, not printed (`app.quiet_repeats`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from app.quiet_repeats import QuietRepeats
from middleware.decision_log import APP_LOGGER_NAME, JsonLinesFormatter, ReadableFormatter

LOG_MODES = ("decisions", "all", "none")
DEFAULT_LOG_MODE = "decisions"
ROUTINE_EVENTS = frozenset({"snapshot_skipped", "batch_coalesced"})
"""Printed only with ``--log all``: one or two for every pause in swiping, deciding nothing."""
LOG_HELP = (
    "which log records to print: decisions (what was written or failed), "
    "all (also every skipped check and batch of swipes), none"
)


class Lines(Protocol):
    """Where a printed log goes: stdout, or a stdout whose reader may go away."""

    def write(self, text: str, /) -> int: ...

    def flush(self) -> None: ...


class _HideEvents(logging.Filter):
    def __init__(self, hidden: frozenset[str]) -> None:
        super().__init__()
        self._hidden = hidden

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "event", "") not in self._hidden


@contextmanager
def printed_log(stream: Lines, mode: str, *, as_json: bool = False) -> Iterator[None]:
    """Print the app's log records to ``stream`` as ``mode`` says, until the block ends.

    The records stop at the app's logger (they do not reach the root logger's handlers), so a
    record is printed once; on exit the logger is as it was.
    """
    if mode not in LOG_MODES:
        raise ValueError(f"unknown log mode {mode!r}; use one of {', '.join(LOG_MODES)}")
    logger = logging.getLogger(APP_LOGGER_NAME)
    handler: logging.Handler
    if mode == "none":
        handler = logging.NullHandler()  # no handler at all would fall back to stderr
    else:
        printer = logging.StreamHandler(stream)
        printer.setFormatter(JsonLinesFormatter() if as_json else ReadableFormatter())
        if mode == "decisions":
            printer.addFilter(_HideEvents(ROUTINE_EVENTS))
        handler = QuietRepeats(printer)
    previous_level, previous_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    # With "none" no record is even built: a long simulation pays nothing for its log.
    logger.setLevel(logging.CRITICAL + 1 if mode == "none" else logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        handler.close()  # says how many repeats a streak still open left out
        logger.setLevel(previous_level)
        logger.propagate = previous_propagate
