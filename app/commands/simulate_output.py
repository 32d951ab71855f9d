"""What ``python -m app simulate`` prints: the decision log, a progress bar, the summary."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from middleware.decision_log import LOGGER_NAME, JsonLinesFormatter, ReadableFormatter

QUIET_EVENTS = frozenset({"batch_coalesced", "swipes_flushed"})
"""Records ``--log decisions`` leaves out (``--log all`` prints them)."""


class EventFilter(logging.Filter):
    """Drops the log records whose ``event`` is one of ``hide``."""

    def __init__(self, hide: frozenset[str]) -> None:
        super().__init__()
        self._hide = hide

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "event", "") not in self._hide


@contextmanager
def decision_log(mode: str, as_json: bool) -> Iterator[None]:
    logger = logging.getLogger(LOGGER_NAME)
    if mode == "none":
        yield
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonLinesFormatter() if as_json else ReadableFormatter())
    if mode == "decisions":
        handler.addFilter(EventFilter(QUIET_EVENTS))
    previous_level, previous_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)
        logger.propagate = previous_propagate


@contextmanager
def progress(enabled: bool, total: int) -> Iterator[Any]:
    if not enabled:
        yield None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="swipe", unit_scale=True, file=sys.stderr) as bar:
        step = max(1, total // 200)

        def tick(count: int) -> None:
            if count % step == 0 or count == total:
                bar.update(count - bar.n)

        yield tick


def render_summary(report: Any, violations: list[str]) -> str:
    def pairs(mapping: dict[str, int]) -> str:
        return ", ".join(f"{key} {value}" for key, value in mapping.items()) or "none"

    lines = [
        "",
        "summary",
        f"  swipes                {report.swipes} "
        f"({report.swipes_in_database} in the swipes table)",
        f"  local days active     {report.days_with_activity}",
        f"  batches               {report.batches} "
        f"(mean {report.swipes_coalesced / max(report.batches, 1):.1f} swipes)",
        f"  decisions: create     {pairs(report.scheduled_by_trigger)}",
        f"  decisions: skip       {pairs(report.skipped_by_reason)}",
        f"  rows written          {report.rows_written} ({pairs(report.rows_by_trigger)})",
        f"  duplicates suppressed {report.duplicates_suppressed}",
        f"  write failures        {report.failures} ({report.injected_failures} injected)",
        f"  retries               {report.retries}",
        f"  minimum rows          {report.minimum_rows}",
        f"  write amplification   {report.write_amplification:.2f}x the minimum",
        f"  virtual time          {report.virtual_seconds / 3600:.1f} h",
        f"  invariants            {'ok' if not violations else 'FAILED'}",
        *(f"    {violation}" for violation in violations),
    ]
    return "\n".join(lines)
