"""A refused argument names what is wrong with it: an empty path as empty, an instant out
of range as out of range (not as malformed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _refusal(*arguments: str) -> tuple[int, list[str]]:
    finished = subprocess.run(
        [sys.executable, "-m", "app", *arguments],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert finished.stdout == ""
    return finished.returncode, finished.stderr.splitlines()


@pytest.mark.parametrize(("command", "option"), [("restore", "--from"), ("screenshot", "--out")])
def test_an_empty_path_is_refused_as_empty_not_as_the_current_folder(
    command: str, option: str, tmp_path: Path
) -> None:
    before = sorted(tmp_path.iterdir())
    status, lines = _refusal(command, option, "", "--db", str(tmp_path / "d.sqlite3"))
    assert status == 2
    assert len(lines) == 1
    assert f"argument {option}: the path is empty" in lines[0]
    assert "'.'" not in lines[0] and "folder" not in lines[0]
    assert sorted(tmp_path.iterdir()) == before


def test_an_instant_past_the_last_utc_date_is_refused_for_its_range(tmp_path: Path) -> None:
    status, lines = _refusal(
        "snapshots", "--since", "9999-12-31T23:59:59-14:00", "--db", str(tmp_path / "d.sqlite3")
    )
    assert status == 2
    assert len(lines) == 1
    assert "outside the dates UTC can hold" in lines[0]
    assert "expected a date" not in lines[0]


def test_an_instant_without_an_offset_is_told_to_add_one(tmp_path: Path) -> None:
    status, lines = _refusal(
        "snapshots", "--since", "2026-01-01T00:00:00", "--db", str(tmp_path / "d.sqlite3")
    )
    assert status == 2
    assert "has no UTC offset" in lines[0]
