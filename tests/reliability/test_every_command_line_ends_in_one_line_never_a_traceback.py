"""Every command line exits 0, or 2 with one line on stderr: never a traceback.

The named cases are the ones that ended in a traceback (status 1): values at the ends of
``datetime``'s range, an interval the policy refuses, a file name longer than the file
system allows, a database without its snapshot table. The fuzz builds argv from the real
parser's options (every subcommand but the desktop app, ``trend`` and ``restore`` too)
with hostile values and runs
``app.cli.main`` in-process, inside a temporary folder it cannot write outside of.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import available_timezones

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.cli import build_parser
from tests.reliability.command_lines import (
    HISTORY,
    NO_SNAPSHOT_TABLE,
    NOT_A_DATABASE,
    make_template_databases,
    one_line_outcome_problems,
    prepare_databases,
    run_cli,
)

LONG_NAME = "n" * 300 + ".sqlite3"

NAMED_CASES = {
    "simulate-interval-above-the-policy-limit": ["simulate", "--interval", "2000000"],
    "simulate-start-in-year-9999": ["simulate", "--start", "9999-12-31T00:00:00Z"],
    "simulate-start-in-local-year-0": [
        "simulate",
        "--start",
        "0001-01-01T00:00:00Z",
        "--tz",
        "America/New_York",
    ],
    "simulate-days-past-year-9998": [
        "simulate",
        "--start",
        "9998-12-20T00:00:00Z",
        "--swipes",
        "40",
        "--days",
        "20",
    ],
    "restore-from-a-backup-without-its-snapshot-table": ["restore", "--from", NO_SNAPSHOT_TABLE],
    "snapshots-since-past-the-last-utc-instant": [
        "snapshots",
        "--db",
        HISTORY,
        "--since",
        "9999-12-31T23:59:59-01:00",
    ],
    "screenshot-start-in-year-9999": [
        "screenshot",
        "--out",
        "shot.png",
        "--start",
        "9999-12-31T00:00:00Z",
    ],
    "screenshot-more-days-than-swipes": [
        "screenshot",
        "--out",
        "shot.png",
        "--swipes",
        "3",
        "--days",
        "10000000000",
    ],
    "snapshots-db-name-too-long": ["snapshots", "--db", LONG_NAME],
    "simulate-db-name-too-long": ["simulate", "--db", LONG_NAME],
    "global-db-name-too-long": ["--db", LONG_NAME, "snapshots"],
    "snapshots-without-the-snapshot-table": ["snapshots", "--db", NO_SNAPSHOT_TABLE],
    "snapshots-json-without-the-snapshot-table": ["snapshots", "--db", NO_SNAPSHOT_TABLE, "--json"],
    # Numbers past every option's range: refused while parsing, before any work starts.
    "snapshots-limit-past-a-64-bit-size": ["snapshots", "--db", HISTORY, "--limit", str(2**63)],
    "trend-now-on-the-last-day-of-year-9999": [
        "trend", "--db", HISTORY, "--now", "9999-12-31T23:59:59Z",
    ],
    "trend-now-on-the-first-instant-of-year-1": [
        "trend", "--db", HISTORY, "--now", "0001-01-01T00:00:00+00:00",
    ],
    "simulate-a-hundred-million-swipes-and-days": [
        "simulate", "--swipes", "100000000", "--days", "100000000",
    ],
    "simulate-a-million-days-near-the-end-of-the-range": [
        "simulate", "--swipes", "1000000", "--days", "1000000", "--start", "9000-01-01T00:00:00Z",
    ],
    "simulate-a-million-days-from-the-default-start": [
        "simulate", "--swipes", "1000000", "--days", "1000000",
    ],
    "simulate-a-seed-past-32-bits": ["simulate", "--swipes", "3", "--seed", str(2**32)],
    "simulate-a-pause-of-a-googol-seconds": ["simulate", "--swipes", "3", "--pause", "1e100"],
    "trend-a-million-points": ["trend", "--db", HISTORY, "--points", "1000000"],
    "screenshot-a-window-of-100000x100000": [
        "screenshot", "--out", "shot.png", "--size", "100000x100000",
    ],
    "screenshot-a-window-of-20000x20000": [
        "screenshot", "--out", "shot.png", "--size", "20000x20000",
    ],
    "screenshot-a-hundred-million-swipes": [
        "screenshot", "--out", "shot.png", "--swipes", "100000000",
    ],
}


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template_databases(tmp_path_factory.mktemp("templates"))


@pytest.mark.parametrize("argv", NAMED_CASES.values(), ids=NAMED_CASES.keys())
def test_a_hostile_command_line_exits_2_with_one_line(
    argv: list[str], templates: Path, tmp_path: Path
) -> None:
    prepare_databases(templates, tmp_path)
    outcome = run_cli(argv, tmp_path)
    assert one_line_outcome_problems(outcome) == []
    assert outcome.status == 2


# --- the fuzz --------------------------------------------------------------------------

HOSTILE = [
    "", " ", "-1", "0", "1", "3", "nan", "inf", "-inf", "1e309", "1e-300", "0.5", "1.5",
    "2000000", "99999999999999999999", "1" + "0" * 400, "9" * 5000, "\x00", "\t", "é",
    "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-01:00",
    "9999-12-31T00:00:00Z", "9998-12-31T23:00:00Z", "1970-01-01T00:00:00Z", "2026-01-05",
    "2026-01-05T07:00:00Z", "2026-01-05T07:00:00", "9999-12-31", "0001-01-01", "yesterday",
    "UTC", "Europe", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati", "Etc/GMT+12",
    HISTORY, NO_SNAPSHOT_TABLE, NOT_A_DATABASE, "new.sqlite3", LONG_NAME, "..", ".", "~",
    "~/x.sqlite3", "file:x.sqlite3?mode=rwc", "missing/x.sqlite3", "shot.png", "shot.jpg",
    "--db", "-h",
]
# No '/' or '\\': a generated value is a name inside the temporary folder, never elsewhere.
RANDOM_TEXT = st.text(
    alphabet=st.characters(blacklist_characters="/\\", blacklist_categories=("Cs",)), max_size=12
)
hostile = st.one_of(st.sampled_from(HOSTILE), RANDOM_TEXT)
# Hostile values for counts of work: anything but a large number, which would only be slow.
hostile_counts = st.one_of(
    st.sampled_from([value for value in HOSTILE if not value.isdigit() or len(value) < 3]),
    RANDOM_TEXT.filter(lambda text: not text.strip().isdigit()),
)
offsets = st.integers(-23 * 60 + 1, 23 * 60 - 1).map(
    lambda m: f"{'+' if m >= 0 else '-'}{abs(m) // 60:02d}:{abs(m) % 60:02d}"
)

def iso_instants(low: datetime, high: datetime) -> st.SearchStrategy[str]:
    return st.builds(
        lambda moment, offset: moment.isoformat(timespec="seconds") + offset,
        st.datetimes(min_value=low, max_value=high),
        st.one_of(st.just("Z"), offsets),
    )


instants = st.one_of(
    iso_instants(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59)),
    iso_instants(datetime(2000, 1, 1), datetime(2100, 1, 1)),
    st.dates().map(str),
)
# Values of the right kind for each argument type, so most command lines get past the
# parser and run; counts of work stay small (each simulation runs for real).
PLAUSIBLE: dict[str, st.SearchStrategy[str]] = {
    "whole_number": st.one_of(
        st.integers(0, 40), st.integers(-3, 10**30), st.sampled_from([2**63, 2**63 - 1])
    ).map(str),
    "positive_seconds": st.floats(min_value=1e-300, max_value=1e300).map(repr),
    "fraction": st.floats(min_value=0.0, max_value=0.99).map(repr),
    "setting_value": st.one_of(
        st.integers(-3, 60).map(str), st.floats(allow_nan=True, allow_infinity=True).map(repr)
    ),
    "aware_datetime": instants,
    "supported_instant": instants,
    "_instant": instants,
    "date_or_instant": instants,
    "zone_change_argument": st.builds(
        lambda at, zone: f"{at}={zone}", instants, st.sampled_from(sorted(available_timezones()))
    ),
    "clock_jump_argument": st.builds(
        lambda at, sign, amount, unit: f"{at}={sign}{amount}{unit}",
        instants,
        st.sampled_from("+-"),
        st.one_of(st.integers(0, 48), st.integers(0, 10**30)),
        st.sampled_from("smhd"),
    ),
    "_trend_range": st.sampled_from(["today", "7d", "30d", "1y", "all", "week"]),
    "_tags": st.one_of(st.sampled_from(["ramen", "ramen,spicy", "spicy,,ramen"]), RANDOM_TEXT),
    "window_size": st.sampled_from(
        ["1200x780", "400x300", "399x300", "7681x4320", "20000x20000", "99999999x99999999"]
    ),
    "zone_argument": st.sampled_from(sorted(available_timezones())),
    "db_path_argument": st.sampled_from(
        [HISTORY, HISTORY, "new.sqlite3", "new.sqlite3", NO_SNAPSHOT_TABLE, NOT_A_DATABASE]
    ),
    "Path": st.sampled_from(["shot.png", "shot.png", "n" * 300 + ".png", "missing/shot.png"]),
}
# ``restore --from``: a backup that is a database, one that is not, and one that is missing.
BACKUPS = st.sampled_from(
    [HISTORY, NO_SNAPSHOT_TABLE, NOT_A_DATABASE, "missing.sqlite3", LONG_NAME]
)
SMALL_WORK = {
    "swipes": st.one_of(st.integers(3, 40), st.integers(0, 3)).map(str),
    "days": st.integers(1, 40).map(str),
}


def value_for(action: argparse.Action) -> st.SearchStrategy[str]:
    """One value in five is hostile; the others are of the option's kind."""
    bad = hostile
    if action.choices:
        plausible: st.SearchStrategy[str] = st.sampled_from(sorted(action.choices))
    elif action.dest == "backup":
        plausible = BACKUPS
    elif action.dest in SMALL_WORK:
        plausible, bad = SMALL_WORK[action.dest], hostile_counts
    else:
        plausible = PLAUSIBLE[getattr(action.type, "__name__", "")]
    return st.integers(0, 4).flatmap(lambda roll: bad if roll == 0 else plausible)


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    [subparsers] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {name: sub for name, sub in subparsers.choices.items() if name != "gui"}


SUBCOMMANDS = _subcommands()
[GLOBAL_DB] = [a for a in build_parser()._actions if "--db" in a.option_strings]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    name = draw(st.sampled_from(sorted(SUBCOMMANDS)))
    argv: list[str] = []
    if draw(st.integers(0, 3)) == 0:
        argv += ["--db", draw(value_for(GLOBAL_DB))]
    argv.append(name)
    options = [
        action
        for action in SUBCOMMANDS[name]._actions
        if action.option_strings and not isinstance(action, argparse._HelpAction)
    ]
    chosen = draw(st.lists(st.sampled_from(options), unique_by=id, max_size=4)) if options else []
    # Required options always, and each simulation runs for real: a small swipe count always
    # (the default is thousands).
    always = [a for a in options if a.required or a.dest == "swipes"]
    chosen = [action for action in chosen if action not in always] + always
    for action in chosen:
        flag = action.option_strings[0]
        argv.append(flag)
        if action.nargs == 0:
            continue
        argv.append(draw(value_for(action)))
    return argv


def one_command_line_ends_in_one_line(argv: list[str], templates: Path) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        prepare_databases(templates, folder)
        outcome = run_cli(argv, folder)
    command = next(part for part in argv if part in SUBCOMMANDS)
    event(f"{command}: status {outcome.status} {outcome.stderr[:90]}")
    assert one_line_outcome_problems(outcome) == [], (argv, outcome.stderr[-2000:])


UNHEALTHY = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=UNHEALTHY)
@given(argv=command_lines())
def test_fuzzed_command_lines_exit_0_or_2_with_one_line_and_no_traceback(
    argv: list[str], templates: Path
) -> None:
    """The same 150 command lines on every run, so the suite passes or fails the same way."""
    one_command_line_ends_in_one_line(argv, templates)


@pytest.mark.slow
@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1500")),
    derandomize=False,
    deadline=None,
    suppress_health_check=UNHEALTHY,
)
@given(argv=command_lines())
def test_many_random_command_lines_exit_0_or_2_with_one_line_and_no_traceback(
    argv: list[str], templates: Path
) -> None:
    """New random command lines on every run (``--run-slow``): a search for new cases."""
    one_command_line_ends_in_one_line(argv, templates)
