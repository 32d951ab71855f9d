"""What crosses the database boundary: snapshot rows, their meta, and swipe records.

`NewSnapshot` is a row about to be inserted, `SnapshotRow` a row read back and validated
(`parse_stored_row`, which upcasts old payloads and refuses rows it cannot trust),
`SwipeRecord` one line of the swipe log. Snapshot rows are few and pass through pydantic;
swipe records are many (a million in the benchmarks) and are plain named tuples, built
without validation from `Swiped` actions that were validated when they were dispatched.

Instants are stored as fixed-width UTC text, so text order is time order and ``created_at``
ranges can use the index. A snapshot's ``created_at`` has millisecond precision, as the row
contract says (``2026-01-20T23:00:00.123Z``, `format_utc_millis`); swipe instants keep
microseconds (``2026-01-20T23:00:00.123456Z``, `format_utc_micros`). Files written before
schema version 3 hold ``created_at`` with microseconds; `parse_utc` reads both forms.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)

from store.instants import require_aware_utc
from store.kinds import Direction, TriggerType
from store.payload_upcasts import UnknownPayloadVersionError, upcast_payload
from store.snapshot_input import SNAPSHOT_SCHEMA_VERSION, SnapshotInput, canonical_dumps
from store.triggers import entry_for

SELECTOR_VERSION = 1
"""Version of `build_current_profile_snapshot_input`'s semantics, recorded in every meta.

Bump it when the selector starts computing the payload differently from the same state
(another score formula, other tags kept), so rows written before and after can be told apart.
"""


_MICROS = "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ"


def format_utc_micros(value: datetime) -> str:
    """``value`` in UTC as fixed-width text with microseconds: ``2026-01-20T23:00:00.000000Z``.

    On the swipe-append hot path: ``%`` formatting is measured faster than ``isoformat``
    with a ``timespec`` plus the ``replace`` needed to drop the offset.
    """
    if value.tzinfo is not UTC:
        value = require_aware_utc(value, "format_utc_micros")
    return _MICROS % (
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
    )


def format_utc_millis(value: datetime) -> str:
    """``value`` in UTC, truncated to milliseconds: ``2026-01-20T23:00:00.000Z``."""
    value = require_aware_utc(value, "format_utc_millis")
    return value.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def truncate_to_millis(value: datetime) -> datetime:
    """``value`` in UTC with its microseconds cut to whole milliseconds.

    Truncated, not rounded: rounding 23:59:59.9996 up would move the instant into the next
    second and, at midnight, into the next local day, so a rollover row could be dated
    after the clock that wrote it. Truncation never moves an instant past its second.
    """
    value = require_aware_utc(value, "truncate_to_millis")
    return value.replace(microsecond=value.microsecond - value.microsecond % 1000)


def parse_utc(text: str) -> datetime:
    """Read an instant written by `format_utc_micros` or `format_utc_millis` (or any aware
    ISO-8601 text) as UTC."""
    return require_aware_utc(datetime.fromisoformat(text), "a stored instant")


def snapshot_id(trigger_type: TriggerType, window_key: str, profile_version: int) -> str:
    """The row id: a hash of the unique key, so the same window always gets the same id."""
    key = f"{trigger_type.value}|{window_key}|{profile_version}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _optional_utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


class SnapshotMeta(BaseModel):
    """Order-dependent facts about a snapshot, kept out of the payload (``meta_json``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    swipe_count: StrictInt = Field(ge=0)
    sequence: StrictInt = Field(ge=0)
    """The sequence number of the last swipe the snapshot covers."""
    last_swipe_at: AwareDatetime | None
    timezone: StrictStr
    reason: StrictStr
    schema_version: StrictInt = Field(ge=0)
    selector_version: StrictInt = Field(ge=0)

    _utc = field_validator("last_swipe_at")(_optional_utc)

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "last_swipe_at": (
                None if self.last_swipe_at is None else format_utc_micros(self.last_swipe_at)
            ),
            "reason": self.reason,
            "schema_version": self.schema_version,
            "selector_version": self.selector_version,
            "sequence": self.sequence,
            "swipe_count": self.swipe_count,
            "timezone": self.timezone,
        }

    def canonical_json(self) -> str:
        """The meta's canonical text: `canonical_dumps` of `to_jsonable`.

        (Written out by hand it took 2.4 instead of 6.3 us, 7% of figure 4's snapshot row:
        under the 10% a micro-optimisation has to be worth, so the plain form it is.)
        """
        return canonical_dumps(self.to_jsonable())


class NewSnapshot(BaseModel):
    """A snapshot row to insert; its identity is (window_key, trigger_type, profile_version)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    created_at: AwareDatetime
    snapshot_date_local: date
    trigger_type: TriggerType
    window_key: str = Field(min_length=1, max_length=64)
    profile_version: int = Field(ge=0)
    """The profile's swipe sequence number this snapshot covers."""
    payload_json: str
    meta_json: str

    # Truncated here, where the row is built, so the time the store is told it was taken
    # (`SnapshotRecorded.created_at`) is the time stored, and a restart reads back the same.
    _utc = field_validator("created_at")(truncate_to_millis)

    @model_validator(mode="after")
    def _key_matches_trigger(self) -> NewSnapshot:
        entry_for(self.trigger_type).parse_key(self.window_key)
        return self

    @property
    def id(self) -> str:
        return snapshot_id(self.trigger_type, self.window_key, self.profile_version)


class SnapshotRow(BaseModel):
    """A snapshot row read back from the database, with its payload validated."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    created_at: AwareDatetime
    snapshot_date_local: date
    trigger_type: TriggerType
    window_key: str
    profile_version: int = Field(ge=0)
    payload: SnapshotInput
    meta: SnapshotMeta | None = None

    _utc = field_validator("created_at")(_to_utc)

    def to_contract(self) -> dict[str, Any]:
        """The row as the outside world sees it: camelCase keys, JSON as canonical strings."""
        return {
            "id": self.id,
            "createdAt": format_utc_millis(self.created_at),
            "snapshotDateLocal": self.snapshot_date_local.isoformat(),
            "triggerType": self.trigger_type.value,
            "windowKey": self.window_key,
            "profileVersion": self.profile_version,
            "payloadJson": self.payload.canonical_json(),
            "metaJson": None if self.meta is None else self.meta.canonical_json(),
        }


MAX_PAYLOAD_BYTES = 1024 * 1024
"""A stored payload or meta larger than this (1 MiB) is treated as corrupt and not read."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"contains {name}, which is not valid JSON")


def _bounded_bytes(stored: object, column: str) -> bytes:
    if not isinstance(stored, bytes):
        raise TypeError(f"{column} is stored as {type(stored).__name__}, not text")
    if len(stored) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"{column} is {len(stored)} bytes, over the {MAX_PAYLOAD_BYTES} limit")
    return stored


def _load_json(data: bytes, column: str) -> dict[str, Any]:
    value = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    if not isinstance(value, dict):
        raise TypeError(f"{column} is a JSON {type(value).__name__}, not an object")
    return value


def _parse_payload(stored: object) -> SnapshotInput:
    data = _bounded_bytes(stored, "payload_json")
    try:
        # The common case, a current payload, is parsed and validated in one pass (NaN and
        # infinities cannot pass: every number is a count or a score checked to be finite).
        return SnapshotInput.model_validate_json(data)
    except ValidationError:
        pass  # an older version, or corrupt: the careful path below upcasts or says why
    payload = upcast_payload(_load_json(data, "payload_json"))
    tags = payload.get("tags")
    if isinstance(tags, list):  # JSON arrays are lists; the strict model wants a tuple
        payload = {**payload, "tags": tuple(tags)}
    return SnapshotInput.model_validate(payload)


def _parse_meta(stored: object) -> SnapshotMeta:
    meta = SnapshotMeta.model_validate_json(_bounded_bytes(stored, "meta_json"))
    if meta.schema_version > SNAPSHOT_SCHEMA_VERSION:
        raise UnknownPayloadVersionError(
            f"meta schema_version {meta.schema_version} is newer than this app's "
            f"{SNAPSHOT_SCHEMA_VERSION}"
        )
    return meta


def parse_stored_row(columns: tuple[Any, ...]) -> SnapshotRow:
    """A stored row as a `SnapshotRow`, upcasting an old payload; raises ValueError or
    TypeError (a pydantic ValidationError is a ValueError) when the row cannot be trusted.

    ``columns`` are the table's columns in order, with ``payload_json`` and ``meta_json``
    read as bytes (``CAST(... AS BLOB)``) so that size and encoding are checked here.
    """
    row_id, created_at, day, trigger_type, window_key, version, payload_blob, meta_blob = columns
    if not isinstance(created_at, str) or not isinstance(day, str):
        raise TypeError("created_at and snapshot_date_local must be text")
    payload = _parse_payload(payload_blob)
    meta = None if meta_blob is None else _parse_meta(meta_blob)
    if payload.swipe_count != version or (meta is not None and meta.sequence != version):
        raise ValueError(
            f"profile_version {version!r} disagrees with the payload's swipe_count "
            f"{payload.swipe_count} or the meta's sequence"
        )
    if not isinstance(row_id, str) or not isinstance(window_key, str):
        raise TypeError("id and window_key must be text")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise TypeError(f"profile_version must be a whole number >= 0, found {version!r}")
    # Every field is checked above, so the row is assembled without validating again:
    # pydantic would re-run the payload's own validators on it, doubling the cost of a read.
    return SnapshotRow.model_construct(
        id=row_id,
        created_at=parse_utc(created_at),
        snapshot_date_local=date.fromisoformat(day),
        trigger_type=TriggerType(trigger_type),
        window_key=window_key,
        profile_version=version,
        payload=payload,
        meta=meta,
    )


class SwipeRecord(NamedTuple):
    """One swipe as the ``swipes`` table stores it; built without validation."""

    sequence: int
    item_id: str
    direction: Direction
    """A `Direction`, which is a ``str`` equal to its value (``"LEFT"``...)."""
    at: datetime
    """Aware, UTC."""
    local_date: date
    """The swipe's date in the user's zone at the time, computed by whoever builds the record."""
    undoes: int | None = None
    """For an undo: the sequence of the swipe it takes back (``item_id`` and ``direction``
    are that swipe's); None for a swipe."""


__all__ = [
    "MAX_PAYLOAD_BYTES",
    "SELECTOR_VERSION",
    "NewSnapshot",
    "SnapshotMeta",
    "SnapshotRow",
    "SwipeRecord",
    "format_utc_micros",
    "format_utc_millis",
    "parse_stored_row",
    "parse_utc",
    "snapshot_id",
    "truncate_to_millis",
]
