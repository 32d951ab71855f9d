"""The person's settings: the swipe interval, the quiet period and the maximum wait.

They are the three snapshot tunables a person may change while the window runs (the rest
of `middleware.policy.SnapshotPolicy` is the app's). Their bounds are here, once: the
policy, the stored rows, the command line and the Settings dialog all check against them.

In the state they are `Settings`, a named tuple the reducer replaces as a whole on
`SettingsChanged`; at every boundary (an action, a stored row, a typed value) they pass
through `SettingsValues`, whose messages say what was wrong, what was received and what
to do. A check of the pipeline reads them from the state when it opens a window, so a
change takes effect at the next window, never in the middle of one.
"""

from __future__ import annotations

from typing import Annotated, Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

SNAPSHOT_SWIPE_INTERVAL = 25
"""A count-triggered snapshot every this many swipes."""

QUIET_PERIOD_SECONDS = 0.5
"""A burst of swipes is one batch until the user pauses this long."""

MAX_WAIT_SECONDS = 3.0
"""A batch never stays open longer than this, so a never-ending burst still checkpoints."""

MAX_SWIPE_INTERVAL = 1_000_000
"""The largest swipe interval accepted."""

MIN_SECONDS = 0.1
"""The shortest quiet period or maximum wait accepted. A batch closes after a pause this
long; a person swipes a few times a second at most, so below a tenth of a second every
swipe would be a batch of its own (a check and a transaction each) and the batching would
do nothing; at a microsecond its timer would be re-armed for every swipe for nothing."""

MAX_SECONDS = 3600.0
"""The longest quiet period or maximum wait accepted (an hour)."""


class Settings(NamedTuple):
    """The settings in force (in the state: replaced whole, by field name)."""

    swipe_interval: int = SNAPSHOT_SWIPE_INTERVAL
    quiet_period_seconds: float = QUIET_PERIOD_SECONDS
    max_wait_seconds: float = MAX_WAIT_SECONDS


DEFAULT_SETTINGS = Settings()

NAMES: tuple[str, ...] = Settings._fields
"""The settings' names, as stored and as the state's fields."""

LABELS: dict[str, str] = {
    "swipe_interval": "swipe interval",
    "quiet_period_seconds": "quiet period",
    "max_wait_seconds": "maximum wait",
}
"""How each setting is named to a person."""

RANGES: dict[str, str] = {
    "swipe_interval": f"a whole number of swipes from 1 to {MAX_SWIPE_INTERVAL:,}",
    "quiet_period_seconds": f"seconds, from {MIN_SECONDS:g} to {MAX_SECONDS:g}",
    "max_wait_seconds": f"seconds, from {MIN_SECONDS:g} to {MAX_SECONDS:g}",
}
"""What each setting accepts, in words."""


Interval = Annotated[int, Field(ge=1, le=MAX_SWIPE_INTERVAL)]
Seconds = Annotated[float, Field(ge=MIN_SECONDS, le=MAX_SECONDS, allow_inf_nan=False)]

_ONE: dict[str, TypeAdapter[Any]] = {
    "swipe_interval": TypeAdapter(Interval),
    "quiet_period_seconds": TypeAdapter(Seconds),
    "max_wait_seconds": TypeAdapter(Seconds),
}


class SettingsValues(BaseModel):
    """The three settings, checked: each in its bounds, the maximum wait not shorter than
    the quiet period (a batch would always be cut by the maximum wait)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    swipe_interval: Interval = SNAPSHOT_SWIPE_INTERVAL
    quiet_period_seconds: Seconds = QUIET_PERIOD_SECONDS
    max_wait_seconds: Seconds = MAX_WAIT_SECONDS

    @model_validator(mode="after")
    def _max_wait_not_shorter_than_quiet(self) -> SettingsValues:
        if self.max_wait_seconds < self.quiet_period_seconds:
            raise ValueError(
                f"the maximum wait ({self.max_wait_seconds:g} s) must be at least the quiet "
                f"period ({self.quiet_period_seconds:g} s); raise the maximum wait or lower "
                "the quiet period"
            )
        return self

    def as_settings(self) -> Settings:
        return Settings(
            swipe_interval=self.swipe_interval,
            quiet_period_seconds=self.quiet_period_seconds,
            max_wait_seconds=self.max_wait_seconds,
        )


class SettingsError(ValueError):
    """Settings that cannot be used; the message is one line saying what to do."""

    def __init__(self, message: str, *, name: str | None, received: object) -> None:
        super().__init__(message)
        self.name = name
        self.received = received


def check_settings(values: dict[str, object]) -> Settings:
    """``values`` (by name, from any boundary) as `Settings`, or `SettingsError`."""
    try:
        return SettingsValues.model_validate(values).as_settings()
    except ValidationError as exc:
        raise describe_error(exc, values) from None


def check_one(name: str, raw: object) -> object:
    """One setting's value checked on its own bounds (not against the others); the value
    as the settings hold it, or `SettingsError`."""
    if name not in NAMES:
        raise SettingsError(
            f"unknown setting {name!r}; the settings are {', '.join(NAMES)}",
            name=None,
            received=name,
        )
    try:
        return _ONE[name].validate_python(raw)
    except ValidationError:
        raise _field_error(name, raw) from None


def describe_error(exc: ValidationError, values: dict[str, object]) -> SettingsError:
    """The first problem of ``exc`` in one line: what, what was received, what to do."""
    first = exc.errors()[0]
    location = [str(part) for part in first["loc"]]
    if location and location[0] in NAMES:
        name = location[0]
        return _field_error(name, values.get(name))
    message = str(first["msg"]).removeprefix("Value error, ")
    return SettingsError(message, name=None, received=values)


def _field_error(name: str, received: object) -> SettingsError:
    """What is wrong (the range, in words), what was received, what to do."""
    return SettingsError(
        f"the {LABELS[name]} must be {RANGES[name]}, received {received!r}; "
        "enter a value in that range",
        name=name,
        received=received,
    )
