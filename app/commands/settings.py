"""``python -m app settings``: show the settings of a database, or set them.

Without a value option it shows the settings the next window over the file starts with
(each stored one, or its default), as text or ``--json``; the file is only read. With
``--swipe-interval``, ``--quiet-period`` or ``--max-wait`` it sets them: each value is
checked while the command line is parsed, then the pair (the maximum wait not shorter than
the quiet period) against what the file holds, all before anything is written; a bad
value is one line and status 2, with the file untouched. Writing takes the database's
writer lock as every writing command does: while a window holds the file, one line says
so and nothing changes (a running window keeps its own settings; set them there with
Ctrl+,). A link, or another program's database, is refused as by the other commands.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from app.commands.arguments import PATH, db_path_argument
from app.program_name import error_line
from store.settings import (
    DEFAULT_SETTINGS,
    LABELS,
    NAMES,
    RANGES,
    Settings,
    SettingsError,
    check_one,
    check_settings,
)

OPTIONS: dict[str, str] = {
    "swipe_interval": "--swipe-interval",
    "quiet_period_seconds": "--quiet-period",
    "max_wait_seconds": "--max-wait",
}
"""Each setting's option."""

UNITS = {"swipe_interval": "swipes", "quiet_period_seconds": "s", "max_wait_seconds": "s"}
CONTRACT = {
    "swipe_interval": "swipeInterval",
    "quiet_period_seconds": "quietPeriodSeconds",
    "max_wait_seconds": "maxWaitSeconds",
}
"""Each setting's key in ``--json`` (camelCase, as the row contract's keys)."""


class SettingValue:
    """The argument type of one setting: its own bounds, one line when it is out of them."""

    __name__ = "setting_value"

    def __init__(self, name: str) -> None:
        self.name = name
        self.range_text = RANGES[name]

    def __call__(self, raw: str) -> object:
        try:
            return check_one(self.name, raw)
        except SettingsError as error:
            raise argparse.ArgumentTypeError(str(error)) from None


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "settings",
        help="show the settings of a database, or set them for the next window",
        description=(
            "Shows the swipe interval, quiet period and maximum wait a window over the "
            "database starts with; with a value option, sets them (not while a window has "
            "the file open)."
        ),
    )
    parser.add_argument(
        "--db",
        dest="settings_db",
        metavar=PATH,
        type=db_path_argument,
        default=None,
        help="database file (default: the app's database, or the --db given before the command)",
    )
    metavars = {"swipe_interval": "N", "quiet_period_seconds": "SECONDS"}
    for name in NAMES:
        parser.add_argument(
            OPTIONS[name],
            dest=name,
            type=SettingValue(name),
            default=None,
            metavar=metavars.get(name, "SECONDS"),
            help=(
                f"set the {LABELS[name]} (default: leave it as it is; "
                f"a new file has {getattr(DEFAULT_SETTINGS, name):g})"
            ),
        )
    parser.add_argument(
        "--json", action="store_true", help="show the settings as JSON (camelCase keys)"
    )
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    from app.paths import default_db_path

    db_path: Path = arguments.settings_db or arguments.db or default_db_path()
    changes = {name: getattr(arguments, name) for name in NAMES}
    changes = {name: value for name, value in changes.items() if value is not None}
    if changes:
        return _set(db_path, changes)
    return _show(db_path, as_json=arguments.json)


def _show(db_path: Path, *, as_json: bool) -> int:
    from app.commands.output import open_to_read, printable, write_stdout
    from middleware.persistence.quick_check import refuse_damaged_file

    def produce(out: TextIO) -> None:
        source = f"the database {str(db_path)!r}"
        # Settings shown from a damaged file would look fine and might not be true; the
        # check reads the file as stored, so a refusal leaves nothing beside it.
        checked = db_path.is_file() and refuse_damaged_file(db_path, source=source)
        with open_to_read(db_path) as repository:
            if not checked:
                repository.refuse_if_damaged(source=source, path=db_path)
            stored = repository.stored_settings(DEFAULT_SETTINGS)
        settings = stored.over(DEFAULT_SETTINGS)
        if as_json:
            body = {
                "database": str(db_path),
                "settings": {CONTRACT[name]: getattr(settings, name) for name in NAMES},
                "stored": sorted(CONTRACT[name] for name in stored.values),
                "damaged": list(stored.damaged),
            }
            out.write(json.dumps(body, indent=2, sort_keys=True) + "\n")
            return
        out.write(f"settings of {printable(db_path)}:\n")
        for name in NAMES:
            value = f"{_number(getattr(settings, name))} {UNITS[name]}"
            origin = "set" if name in stored.values else "default"
            out.write(f"  {LABELS[name]:<15} {value:<14} ({origin})\n")
        if stored.damaged:
            out.write(printable(stored.describe_damage()) + "\n")

    return write_stdout("settings", produce)


def _set(db_path: Path, changes: dict[str, object]) -> int:
    """Check ``changes`` against the file, then write them under the writer lock."""
    from app.commands.output import empty_file_line
    from middleware.persistence.errors import RepositoryError
    from middleware.persistence.file_checks import check_database_path
    from middleware.persistence.repository import SnapshotRepository
    from middleware.persistence.writer_lock import WriterLock

    if not db_path.exists():  # a mistyped path must not become a new, empty profile
        print(
            error_line(
                f"no database at {str(db_path)!r}; pass --db PATH to an existing file (run "
                "the app or 'simulate' first); nothing was changed",
                "settings",
            ),
            file=sys.stderr,
        )
        return 2
    empty = empty_file_line(db_path)
    if empty is not None:  # somebody's empty file must not become a TasteTrail database
        print(error_line(empty, "settings"), file=sys.stderr)
        return 2
    try:
        check_database_path(db_path)
        # While a window (or another command) writes the file, one line says so before
        # anything is opened. Then the pair is checked against what the file holds, read
        # without a trace (no -wal is left, an older file is not migrated), and only then
        # is it written, under the lock, checked once more against what it holds by then.
        with WriterLock(db_path):
            pass
        before = _current(db_path)
        after = _combined(before, changes)
        with WriterLock(db_path), SnapshotRepository.open(db_path) as repository:
            before = repository.stored_settings(DEFAULT_SETTINGS).over(DEFAULT_SETTINGS)
            after = _combined(before, changes)
            repository.save_settings(after, at=datetime.now(UTC))
    except SettingsError as error:
        print(error_line(f"{error} (nothing was changed)", "settings"), file=sys.stderr)
        return 2
    except RepositoryError as error:
        print(error_line(str(error).split("\n", 1)[0], "settings"), file=sys.stderr)
        return 2
    said = ", ".join(
        f"{LABELS[name]} {_number(getattr(after, name))} {UNITS[name]}"
        + (
            ""
            if getattr(before, name) == getattr(after, name)
            else f" (was {_number(getattr(before, name))})"
        )
        for name in NAMES
        if name in changes
    )
    print(f"saved in {db_path}: {said}; the next window over it starts with them")
    return 0


def _current(db_path: Path) -> Settings:
    """The settings the file holds now (the defaults for a file not made yet)."""
    from middleware.persistence.repository import SnapshotRepository

    if not db_path.exists() or db_path.stat().st_size == 0:
        return DEFAULT_SETTINGS
    with SnapshotRepository.open(db_path, read_only=True, leave_untouched=True) as repository:
        return repository.stored_settings(DEFAULT_SETTINGS).over(DEFAULT_SETTINGS)


def _combined(current: Settings, changes: dict[str, object]) -> Settings:
    return check_settings({**current._asdict(), **changes})


def _number(value: float) -> str:
    """As the window writes it: 1,000,000 swipes, 0.5 s (never 1e+06)."""
    return f"{value:,}" if isinstance(value, int) else f"{value:,.6f}".rstrip("0").rstrip(".")
