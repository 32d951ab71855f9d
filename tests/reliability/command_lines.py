"""Running ``python -m app`` in-process inside a private folder, and the files it is given.

`run_cli` calls `app.cli.main` with the home, data and working directories inside a
temporary folder, so nothing a command line names (a default database, a new simulation
file, a relative path) can land outside it; stdout and stderr are captured as text.
`prepare_databases` puts the files a hostile command line may point at into that folder: a
real database with history, one whose ``profile_snapshots`` table is gone, and a text file.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli import main
from app.paths import default_db_path

HISTORY = "history.sqlite3"
NO_SNAPSHOT_TABLE = "no-snapshot-table.sqlite3"
NOT_A_DATABASE = "notes.sqlite3"


@dataclass(frozen=True)
class Outcome:
    status: object
    stdout: str
    stderr: str


def run_cli(argv: list[str], folder: Path) -> Outcome:
    """``main(argv)`` with HOME, XDG_DATA_HOME and the working directory inside ``folder``."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(folder / "home"))
        patch.setenv("XDG_DATA_HOME", str(folder / "data-home"))
        patch.chdir(folder)
        status: object
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                status = main(argv)
            except SystemExit as exit_:
                status = exit_.code
    return Outcome(status, stdout.getvalue(), stderr.getvalue())


def make_template_databases(folder: Path) -> Path:
    """Build the files once (a simulation takes a moment); `prepare_databases` copies them."""
    folder.mkdir(parents=True, exist_ok=True)
    history = folder / HISTORY
    outcome = run_cli(
        ["simulate", "--db", str(history), "--swipes", "60", "--days", "2", "--log", "none"],
        folder,
    )
    assert outcome.status == 0, outcome.stderr
    shutil.copyfile(history, folder / NO_SNAPSHOT_TABLE)
    connection = sqlite3.connect(folder / NO_SNAPSHOT_TABLE)
    with connection:
        connection.execute("DROP TABLE profile_snapshots")
    connection.close()
    (folder / NOT_A_DATABASE).write_text("shopping: rice, miso, nori\n")
    return folder


def prepare_databases(templates: Path, folder: Path) -> None:
    """The files beside the working directory, and a history at the default database path."""
    for name in (HISTORY, NO_SNAPSHOT_TABLE, NOT_A_DATABASE):
        shutil.copyfile(templates / name, folder / name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(folder / "data-home"))
        default = default_db_path()
    default.parent.mkdir(mode=0o700, parents=True)
    shutil.copyfile(templates / HISTORY, default)


def one_line_outcome_problems(outcome: Outcome) -> list[str]:
    """What is wrong with an outcome: a status other than 0 or 2, a traceback, a long error."""
    problems = []
    if outcome.status not in (0, 2):
        problems.append(f"status {outcome.status!r}")
    if "Traceback" in outcome.stderr or "Traceback" in outcome.stdout:
        problems.append("a traceback")
    if outcome.status == 2:
        lines = outcome.stderr.strip().splitlines()
        if len(lines) != 1 or "error" not in lines[0]:
            problems.append(f"stderr is not one error line: {outcome.stderr!r}")
    return problems
