"""The ``settings`` table: the person's settings, read checked and written whole.

One row a setting (``name``, ``value`` as text, ``changed_at``); a setting at its default
has no row, so it follows the app's default. Reading checks every row at the boundary
(`store.settings`): a row whose value does not parse or is out of range, or a pair that
disagrees (a maximum wait below the quiet period), is skipped and named in
`StoredSettings.damaged`, never trusted and never a crash; the setting then has its
default. A file from before the table (schema version 8 or older, opened read-only) has no
stored settings. Unknown names (a newer app's) are left alone.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from store.settings import LABELS, NAMES, Settings, SettingsError, check_one, check_settings
from store.snapshot_rows import format_utc_micros

_MAX_SHOWN = 60
"""How much of a damaged value a message quotes."""


@dataclass(frozen=True, slots=True)
class StoredSettings:
    """What the file holds: the valid stored values by name, and what was skipped, why."""

    values: dict[str, object] = field(default_factory=dict)
    damaged: tuple[str, ...] = ()

    def over(self, defaults: Settings) -> Settings:
        """``defaults`` with the stored values in place of theirs."""
        return defaults._replace(**self.values)  # type: ignore[arg-type]  # checked on reading

    def describe_damage(self) -> str:
        """One sentence naming every skipped row ("" when none was)."""
        if not self.damaged:
            return ""
        return (
            "stored settings were skipped as damaged ("
            + "; ".join(self.damaged)
            + "); their defaults apply until you set them again in Settings"
        )


def has_settings_table(connection: sqlite3.Connection) -> bool:
    row = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'"
    ).fetchone()
    return row is not None


def read_settings(connection: sqlite3.Connection, defaults: Settings) -> StoredSettings:
    """The stored settings, each checked; damaged rows skipped and named."""
    if not has_settings_table(connection):
        return StoredSettings()
    rows = connection.execute(
        "SELECT name, value FROM settings WHERE name IN (?, ?, ?) ORDER BY name", NAMES
    ).fetchall()
    values: dict[str, object] = {}
    damaged: list[str] = []
    for name, raw in rows:
        try:
            values[str(name)] = check_one(str(name), raw if isinstance(raw, str) else object())
        except SettingsError:
            damaged.append(f"{LABELS[str(name)]} {_quoted(raw)}")
    try:
        check_settings({**defaults._asdict(), **values})
    except SettingsError as error:  # each is in range, but the pair disagrees
        pair = ("quiet_period_seconds", "max_wait_seconds")
        damaged.append(
            f"{LABELS[pair[0]]} and {LABELS[pair[1]]} "
            f"({', '.join(_quoted(values.get(name)) for name in pair)}): {error}"
        )
        values = {name: value for name, value in values.items() if name not in pair}
    return StoredSettings(values=values, damaged=tuple(damaged))


def write_settings(
    connection: sqlite3.Connection, settings: Settings, *, at: datetime, defaults: Settings
) -> None:
    """Store ``settings`` (checked), inside the caller's transaction: a row for each value
    that is not its default, and none for the others (so a setting left at its default
    follows the app's default)."""
    checked = check_settings(settings._asdict())
    changed_at = format_utc_micros(at)
    differ = [name for name in NAMES if getattr(checked, name) != getattr(defaults, name)]
    connection.executemany(
        "INSERT INTO settings (name, value, changed_at) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
        "changed_at = excluded.changed_at",
        [(name, repr(getattr(checked, name)), changed_at) for name in differ],
    )
    connection.executemany(
        "DELETE FROM settings WHERE name = ?", [(name,) for name in NAMES if name not in differ]
    )


def _quoted(raw: object) -> str:
    text = repr(raw)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."
