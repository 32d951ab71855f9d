"""A command whose output cannot be written: a reader gone is quiet, a closed or full
standard output is one line on stderr and status 2, for every command and ``--version``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = [
    ["policy"],
    ["snapshots", "--db", "{db}"],
    ["trend", "--db", "{db}"],
    ["restore", "--db", "{db}", "--list"],
    ["--version"],
    ["--help"],
]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("history") / "h.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "app", "simulate", "--db", str(db), "--swipes", "60",
         "--days", "2", "--log", "none"],
        check=True, capture_output=True,
    )  # fmt: skip
    return db


def _run(arguments: list[str], db: Path, stdout: int | None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "app", *(a.format(db=db) for a in arguments)]
    return subprocess.run(
        command, stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("arguments", COMMANDS, ids=lambda a: " ".join(a))
def test_a_command_whose_reader_has_already_gone_stops_quietly(
    arguments: list[str], history: Path
) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader went away before the first line was written
    try:
        finished = _run(arguments, history, write_end)
    finally:
        os.close(write_end)
    assert finished.stderr == ""
    assert finished.returncode == 0


@pytest.mark.parametrize("arguments", COMMANDS, ids=lambda a: " ".join(a))
def test_a_command_with_standard_output_closed_says_so_in_one_line(
    arguments: list[str], history: Path
) -> None:
    command = [sys.executable, "-m", "app", *(a.format(db=history) for a in arguments)]
    finished = subprocess.run(
        command, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
        preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    lines = finished.stderr.splitlines()
    assert len(lines) == 1, finished.stderr
    assert "cannot write the output: standard output is closed" in lines[0]
    assert "internal error" not in lines[0]
    assert finished.returncode == 2


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("arguments", COMMANDS, ids=lambda a: " ".join(a))
def test_a_command_whose_output_device_is_full_names_the_command_and_standard_output(
    arguments: list[str], history: Path
) -> None:
    with open("/dev/full", "w") as full:
        finished = _run(arguments, history, full.fileno())
    lines = finished.stderr.splitlines()
    assert len(lines) == 1, finished.stderr
    command = arguments[0] if not arguments[0].startswith("-") else None
    prefix = f"python -m app {command}: error:" if command else "python -m app: error:"
    assert lines[0].startswith(prefix)
    assert "no space left on the device standard output goes to" in lines[0]
    assert finished.returncode == 2


def test_a_command_with_standard_error_closed_still_ends_with_its_status(
    history: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.txt"
    with out.open("w") as stream:
        finished = subprocess.run(
            [sys.executable, "-m", "app", "snapshots", "--db", str(tmp_path / "none.sqlite3")],
            stdout=stream, timeout=120, check=False, preexec_fn=lambda: os.close(2),
        )  # fmt: skip
    assert finished.returncode == 2
    assert out.read_text() == ""  # the error line does not land in the output instead
