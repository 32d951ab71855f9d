"""Actions: frozen pydantic models, told apart by their ``type`` literal.

Actions that come from outside the store (the UI, the command line, a worker thread) are
validated here, at the boundary: `parse_action` turns anything into a valid action or raises
`InvalidActionError` naming the field and the value received. Every timestamp must be
timezone-aware and is normalised to UTC, so the reducer never mixes naive and aware times.

Some actions report what the snapshot pipeline did (`INTERNAL_ACTION_TYPES`: a batch closed,
a window claimed, a write recorded, failed or retried, swipes persisted). Only the pipeline
may dispatch them, through the dispatch its middleware is given; from any other caller they
are refused (`InternalActionError`), so nobody can claim tomorrow's rollover, write a
made-up snapshot or say that swipes were saved when they were not.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from store.effects import parse_effect_id
from store.errors import InternalActionError, InvalidActionError
from store.instants import require_supported_instant

# Re-exported: the vocabularies are part of what an action is.
from store.kinds import Direction as Direction
from store.kinds import TriggerType as TriggerType
from store.settings import NAMES as SETTING_NAMES
from store.settings import Interval, Seconds, check_settings
from store.snapshot_rows import NewSnapshot
from store.triggers import entry_for


def check_window_key(trigger_type: TriggerType, window_key: str) -> None:
    """Raise ValueError unless ``window_key`` has the shape its trigger type uses."""
    entry_for(trigger_type).parse_key(window_key)


def _to_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError(
            f"{value.isoformat()} cannot be expressed in UTC (it is outside the range of "
            "datetime); send an instant between the years 1 and 9999"
        ) from None


def _supported_instant(value: datetime) -> datetime:
    # A swipe is stored with its local date: refuse what no zone can date (store.instants).
    return require_supported_instant(value, "the swipe's instant")


def _check_zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(
            f"unknown IANA time zone {value!r}; use a name such as 'Europe/Berlin'"
        ) from exc
    return value


class _Action(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Swiped(_Action):
    """The user swiped card ``item_id`` in ``direction`` at instant ``at``."""

    type: Literal["Swiped"] = "Swiped"
    item_id: str = Field(min_length=1, max_length=64)
    direction: Direction
    at: AwareDatetime

    _supported = field_validator("at")(_supported_instant)


class Unswiped(_Action):
    """The user took back swipe number ``undoes`` (card ``item_id``, ``direction``) at ``at``.

    An event of its own in the swipe log, which stays append-only: the swipe it names stays
    stored, and the profile counts it no more.
    """

    type: Literal["Unswiped"] = "Unswiped"
    undoes: int = Field(ge=1)
    item_id: str = Field(min_length=1, max_length=64)
    direction: Direction
    at: AwareDatetime

    _supported = field_validator("at")(_supported_instant)


class AppStarted(_Action):
    """The app started at ``at`` in the user's time zone ``timezone``."""

    type: Literal["AppStarted"] = "AppStarted"
    at: AwareDatetime
    timezone: str = "UTC"

    _utc = field_validator("at")(_to_utc)
    _zone = field_validator("timezone")(_check_zone)


class TimezoneChanged(_Action):
    """The user's IANA zone changed to ``timezone`` (noticed at ``at``)."""

    type: Literal["TimezoneChanged"] = "TimezoneChanged"
    at: AwareDatetime
    timezone: str

    _utc = field_validator("at")(_to_utc)
    _zone = field_validator("timezone")(_check_zone)


class SnapshotRequested(_Action):
    """The user asked for a snapshot now (the MANUAL trigger)."""

    type: Literal["SnapshotRequested"] = "SnapshotRequested"
    at: AwareDatetime

    _utc = field_validator("at")(_to_utc)


class ClockChanged(_Action):
    """The wall clock was moved (noticed at ``at``): the day boundaries are re-read from it."""

    type: Literal["ClockChanged"] = "ClockChanged"
    at: AwareDatetime

    _utc = field_validator("at")(_to_utc)


class AppClosing(_Action):
    """The app is closing: the open batch of swipes is checked now, then the job stops."""

    type: Literal["AppClosing"] = "AppClosing"
    at: AwareDatetime

    _utc = field_validator("at")(_to_utc)


class BatchCoalesced(_Action):
    """The snapshot job closed a batch of ``size`` swipes and checked the policy once."""

    type: Literal["BatchCoalesced"] = "BatchCoalesced"
    size: int = Field(ge=1)
    at: AwareDatetime

    _utc = field_validator("at")(_to_utc)


class SnapshotScheduled(_Action):
    """The policy decided to create ``snapshot``; its window is claimed, its write pending.

    The row itself travels in the action, so the state holds the pending write (and its
    retries read it from there) until `SnapshotRecorded` says it landed.
    """

    type: Literal["SnapshotScheduled"] = "SnapshotScheduled"
    snapshot: NewSnapshot
    reason: str
    at: AwareDatetime

    _utc = field_validator("at")(_to_utc)

    @model_validator(mode="after")
    def _key_fits_trigger(self) -> SnapshotScheduled:
        check_window_key(self.snapshot.trigger_type, self.snapshot.window_key)
        return self

    @property
    def trigger_type(self) -> TriggerType:
        return self.snapshot.trigger_type

    @property
    def window_key(self) -> str:
        return self.snapshot.window_key

    @property
    def profile_version(self) -> int:
        return self.snapshot.profile_version

    @property
    def snapshot_date_local(self) -> date:
        return self.snapshot.snapshot_date_local


class SnapshotSkipped(_Action):
    """The policy decided not to snapshot, for ``reason`` (``detail`` says it with numbers)."""

    type: Literal["SnapshotSkipped"] = "SnapshotSkipped"
    reason: str
    detail: str = ""
    at: AwareDatetime

    _utc = field_validator("at")(_to_utc)


class SnapshotRecorded(_Action):
    """A snapshot write finished: ``created`` is False when the row already existed."""

    type: Literal["SnapshotRecorded"] = "SnapshotRecorded"
    trigger_type: TriggerType
    window_key: str
    profile_version: int = Field(ge=0)
    created: bool
    created_at: AwareDatetime
    attempts: int = Field(default=1, ge=1)

    _utc = field_validator("created_at")(_to_utc)

    @model_validator(mode="after")
    def _key_fits_trigger(self) -> SnapshotRecorded:
        check_window_key(self.trigger_type, self.window_key)
        return self


def _an_effect_id(value: str) -> str:
    parse_effect_id(value)  # ValueError naming the formats
    return value


class WriteFailed(_Action):
    """The write ``effect_id`` (`store.effects`) failed on attempt ``attempt``;
    ``retry_in_seconds`` is None when it is not retried (the app is closing)."""

    type: Literal["WriteFailed"] = "WriteFailed"
    effect_id: str
    error: str
    attempt: int = Field(ge=1)
    retry_in_seconds: float | None = Field(default=None, ge=0)
    at: AwareDatetime

    _utc = field_validator("at")(_to_utc)
    _effect = field_validator("effect_id")(_an_effect_id)


class WriteRetried(_Action):
    """The failed write ``effect_id`` is being tried again (attempt number ``attempt``)."""

    type: Literal["WriteRetried"] = "WriteRetried"
    effect_id: str
    attempt: int = Field(ge=2)
    at: AwareDatetime

    _utc = field_validator("at")(_to_utc)
    _effect = field_validator("effect_id")(_an_effect_id)


class SwipesPersisted(_Action):
    """Swipes up to ``sequence`` are committed to the database (``count`` in this write)."""

    type: Literal["SwipesPersisted"] = "SwipesPersisted"
    sequence: int = Field(ge=0)
    count: int = Field(ge=0)


class SettingsChanged(_Action):
    """The person set the settings (`store.settings`) at ``at``; each check reads them from
    the next window on, and the writer saves them, in order with the swipes."""

    type: Literal["SettingsChanged"] = "SettingsChanged"
    swipe_interval: Interval
    quiet_period_seconds: Seconds
    max_wait_seconds: Seconds
    at: AwareDatetime

    _utc = field_validator("at")(_to_utc)

    @model_validator(mode="after")
    def _max_wait_not_shorter_than_quiet(self) -> SettingsChanged:
        check_settings(self.values())
        return self

    def values(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in SETTING_NAMES}


class SettingsSaved(_Action):
    """The writer committed the settings write ``effect_id`` (``save-settings:<revision>``)."""

    type: Literal["SettingsSaved"] = "SettingsSaved"
    effect_id: str

    _effect = field_validator("effect_id")(_an_effect_id)


class SettingsNotSaved(_Action):
    """The settings write ``effect_id`` failed: the settings apply to this window all the
    same, and the window says they are not saved (saving again is the person's choice)."""

    type: Literal["SettingsNotSaved"] = "SettingsNotSaved"
    effect_id: str
    error: str = Field(max_length=2000)

    _effect = field_validator("effect_id")(_an_effect_id)


class PipelineFailed(_Action):
    """The snapshot pipeline caught an exception at ``stage`` (isolated: dispatch and the
    swipe went on); the state counts it and the window shows it."""

    type: Literal["PipelineFailed"] = "PipelineFailed"
    stage: str = Field(min_length=1, max_length=80)
    error: str = Field(max_length=2000)
    at: AwareDatetime

    _utc = field_validator("at")(_to_utc)


Action = Annotated[
    Swiped
    | Unswiped
    | AppStarted
    | TimezoneChanged
    | SnapshotRequested
    | ClockChanged
    | AppClosing
    | BatchCoalesced
    | SnapshotScheduled
    | SnapshotSkipped
    | SnapshotRecorded
    | WriteFailed
    | WriteRetried
    | SwipesPersisted
    | SettingsChanged
    | SettingsSaved
    | SettingsNotSaved
    | PipelineFailed,
    Field(discriminator="type"),
]

ACTION_TYPES: tuple[type[BaseModel], ...] = (
    Swiped,
    Unswiped,
    AppStarted,
    TimezoneChanged,
    SnapshotRequested,
    ClockChanged,
    AppClosing,
    BatchCoalesced,
    SnapshotScheduled,
    SnapshotSkipped,
    SnapshotRecorded,
    WriteFailed,
    WriteRetried,
    SwipesPersisted,
    SettingsChanged,
    SettingsSaved,
    SettingsNotSaved,
    PipelineFailed,
)

INTERNAL_ACTION_TYPES: frozenset[type[BaseModel]] = frozenset(
    {
        BatchCoalesced,
        SnapshotScheduled,
        SnapshotSkipped,
        SnapshotRecorded,
        WriteFailed,
        WriteRetried,
        SwipesPersisted,
        SettingsSaved,
        SettingsNotSaved,
        PipelineFailed,
    }
)
"""The actions only the snapshot pipeline dispatches: what it decided and what the writer did."""
_PUBLIC_NAMES = ", ".join(
    model.__name__ for model in ACTION_TYPES if model not in INTERNAL_ACTION_TYPES
)

_ACTION_ADAPTER: TypeAdapter[Action] = TypeAdapter(Action)
_ACTION_NAMES = frozenset(model.__name__ for model in ACTION_TYPES)


def _describe_validation_error(exc: ValidationError, raw: object) -> InvalidActionError:
    first = exc.errors()[0]
    location = [str(part) for part in first["loc"]]
    if location and location[0] in _ACTION_NAMES:
        location = location[1:]  # the union tag; the message names the model already
    field = ".".join(location) or "type"
    received = first.get("input", raw)
    names = ", ".join(sorted(model.__name__ for model in ACTION_TYPES))
    hint = (
        f"Send one of: {names}, with a 'type' field naming it."
        if field == "type" or "discriminator" in first["type"] or "union_tag" in first["type"]
        else "Fix that field and dispatch again."
    )
    return InvalidActionError(
        f"Invalid action: field '{field}': {first['msg']} (received {received!r}). {hint}",
        field=field,
        received=received,
    )


def parse_action(
    raw: object, *, known_item_ids: frozenset[str] | None = None, internal: bool = False
) -> Action:
    """Return ``raw`` as a valid action, or raise `InvalidActionError`.

    ``raw`` may already be an action model, or a mapping such as ``{"type": "Swiped", ...}``.
    With ``known_item_ids``, a `Swiped` action for a card not in the catalog is refused.
    Unless ``internal`` (the pipeline's own dispatch), an action of `INTERNAL_ACTION_TYPES`
    is refused with `InternalActionError`.
    """
    if isinstance(raw, ACTION_TYPES):
        action: Action = raw  # type: ignore[assignment]
    elif raw is None:
        raise InvalidActionError(
            "Invalid action: received None. Dispatch an action model such as "
            "Swiped(item_id=..., direction=..., at=...).",
            field="action",
            received=None,
        )
    elif isinstance(raw, dict):
        try:
            action = _ACTION_ADAPTER.validate_python(raw)
        except ValidationError as exc:
            raise _describe_validation_error(exc, raw) from None
    else:
        raise InvalidActionError(
            f"Invalid action: expected an action model or a mapping with a 'type' field, "
            f"received {type(raw).__name__} {raw!r}. Dispatch an action model such as "
            "Swiped(item_id=..., direction=..., at=...).",
            field="action",
            received=raw,
        )
    if isinstance(action, Swiped) or type(action) is Unswiped:  # the hot path (figure 1)
        if known_item_ids is not None and action.item_id not in known_item_ids:
            raise InvalidActionError(
                f"Invalid action: field 'item_id': unknown card (received {action.item_id!r}). "
                "Swipe a card from the catalog.",
                field="item_id",
                received=action.item_id,
            )
    elif not internal and type(action) in INTERNAL_ACTION_TYPES:
        name = type(action).__name__
        raise InternalActionError(
            f"Invalid action: {name} is dispatched by the snapshot pipeline only: it reports "
            f"what the pipeline decided or stored (received {action!r}). Dispatch one of "
            f"{_PUBLIC_NAMES}; the pipeline answers with its own actions.",
            field="type",
            received=name,
        )
    return action
