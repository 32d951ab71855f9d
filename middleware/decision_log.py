"""Structured records of every snapshot decision and outcome, for people and for machines.

Every record goes to the ``tastetrail.snapshots`` logger with an ``event`` name and a dict of
``fields`` (trigger type, window key, swipe count, latency, reason, error, ...). Two
formatters render them: `ReadableFormatter` for a terminal, `JsonLinesFormatter` for tools.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

LOGGER_NAME = "tastetrail.snapshots"
log = logging.getLogger(LOGGER_NAME)

EVENTS = (
    "batch_coalesced",
    "snapshot_scheduled",
    "snapshot_skipped",
    "snapshot_created",
    "snapshot_duplicate",
    "snapshot_failed",
    "snapshot_retried",
    "swipes_flushed",
    "swipe_flush_failed",
    "timezone_changed",
    "pipeline_error",
)


def record_event(event: str, *, level: int = logging.INFO, **fields: Any) -> None:
    """Log one decision or outcome as a structured record."""
    if log.isEnabledFor(level):
        log.log(level, event, extra={"event": event, "fields": fields})


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, str | int | bool) or value is None:
        return value
    return str(value)


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per record: ``{"event": ..., "level": ..., <fields>}``."""

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = getattr(record, "fields", {})
        body = {
            "event": getattr(record, "event", record.getMessage()),
            "level": record.levelname.lower(),
        }
        body.update({key: _jsonable(value) for key, value in fields.items()})
        return json.dumps(body, sort_keys=True, separators=(",", ":"))


class ReadableFormatter(logging.Formatter):
    """``[virtual time] event  trigger window key=value ...`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = dict(getattr(record, "fields", {}))
        at = fields.pop("at", None)
        stamp = at.strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(at, datetime) else ""
        event = getattr(record, "event", record.getMessage())
        head = " ".join(
            str(fields.pop(key)) for key in ("trigger_type", "window_key") if key in fields
        )
        rest = " ".join(f"{key}={_jsonable(value)}" for key, value in fields.items())
        return " ".join(part for part in (stamp, f"{event:<19}", head, rest) if part)
