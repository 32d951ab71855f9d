"""``simulate --log all | head -2``: the reader goes away, the run finishes its file quietly."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from app.simulation.invariants import check_file
from store.catalog import load_catalog

SWIPES = 6000
"""Enough log (about 140 kB) to outgrow the pipe and stdout's buffers: the run must write
after the reader has gone."""


def test_a_simulation_whose_reader_goes_away_stops_printing_quietly_and_finishes_its_file(
    tmp_path: Path,
) -> None:
    db = tmp_path / "piped.sqlite3"
    command = [
        sys.executable, "-m", "app", "simulate", "--db", str(db), "--swipes", str(SWIPES),
        "--days", "3", "--tz", "Europe/Berlin", "--log", "all",
    ]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        first_lines = [process.stdout.readline() for _ in range(2)]  # what `head -2` reads
        process.stdout.close()
        errors = process.stderr.read().decode()
        status = process.wait(timeout=300)
    assert first_lines[0].startswith(b"database: ")
    assert errors == ""  # no logging traceback, no advice about the disk
    assert status == 0  # as `snapshots | head` ends
    with sqlite3.connect(db) as connection:
        (swipes,) = connection.execute("SELECT COUNT(*) FROM swipes").fetchone()
    connection.close()
    assert swipes == SWIPES  # the run went on to the end of the session it was asked for
    check = check_file(db, load_catalog(), timezone="Europe/Berlin")
    assert check.violations == []
