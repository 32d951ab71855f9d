"""Structured records of every snapshot decision and outcome, for people and for machines.

Every record goes to the ``tastetrail.snapshots`` logger with an ``event`` name and a dict of
``fields`` (trigger type, window key, swipe count, latency, reason, error, ...). Two
formatters render them: `ReadableFormatter` for a terminal, `JsonLinesFormatter` for tools.
Both also render the app's other records (a sentence such as "loaded a profile of ..."),
so one formatter serves every command that prints the log: ``simulate`` and the desktop app.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

LOGGER_NAME = "tastetrail.snapshots"
APP_LOGGER_NAME = "tastetrail"
"""The parent of every logger of the app (snapshots, repository, app): what a command prints."""
log = logging.getLogger(LOGGER_NAME)

EVENTS = (
    "batch_coalesced",
    "snapshot_scheduled",
    "snapshot_skipped",
    "snapshot_created",
    "snapshot_duplicate",
    "snapshot_failed",
    "write_retried",
    "swipe_flush_failed",
    "still_failing",
    "writes_healed",
    "timezone_changed",
    "pipeline_error",
    "settings_saved",
    "settings_not_saved",
)
STAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
EVENT_WIDTH = 19
"""The event column's width: the longest decision name, so the columns after it line up."""


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


def _is_decision(record: logging.LogRecord) -> bool:
    """A `record_event` record: its message is its event name, the meaning is in its fields."""
    return getattr(record, "event", None) == record.getMessage()


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per record: ``{"event": ..., "level": ..., <fields>}``.

    A sentence record keeps its sentence under ``message``, beside its event and fields.
    """

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = getattr(record, "fields", {})
        message = record.getMessage()
        body = {"event": getattr(record, "event", message), "level": record.levelname.lower()}
        if not _is_decision(record):
            body["message"] = message
        body.update({key: _jsonable(value) for key, value in fields.items()})
        return json.dumps(body, sort_keys=True, separators=(",", ":"))


class ReadableFormatter(logging.Formatter):
    """One line per record, for a person at a terminal.

    A decision reads ``[time] [WARNING] event  trigger window key=value ...``: the time is the
    clock the decision was taken on (virtual in ``simulate``), in UTC. Any other record reads
    ``[WARNING] sentence``. The level is written only from WARNING up, so it stands out.
    """

    def format(self, record: logging.LogRecord) -> str:
        level = record.levelname if record.levelno >= logging.WARNING else ""
        if not _is_decision(record):
            line = " ".join(part for part in (level, record.getMessage()) if part)
        else:
            line = self._decision(record, level)
        if record.exc_info:
            line = f"{line}\n{self.formatException(record.exc_info)}"
        return line

    @staticmethod
    def _decision(record: logging.LogRecord, level: str) -> str:
        fields: dict[str, Any] = dict(getattr(record, "fields", {}))
        at = fields.pop("at", None)
        stamp = at.astimezone(UTC).strftime(STAMP_FORMAT) if isinstance(at, datetime) else ""
        head = " ".join(
            str(fields.pop(key)) for key in ("trigger_type", "window_key") if key in fields
        )
        rest = " ".join(f"{key}={_jsonable(value)}" for key, value in fields.items())
        event = f"{record.getMessage():<{EVENT_WIDTH}}"
        return " ".join(part for part in (stamp, level, event, head, rest) if part).rstrip()
