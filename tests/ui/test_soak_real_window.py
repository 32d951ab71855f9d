"""Hundreds of animated swipes through the real window, in a child process, end in a clean exit.

The app runs as `tastetrail` runs it (`run_desktop` over a real database file), and every
frame of every card animation is painted, so every paint path of the window runs hundreds
of times. A Qt binding that leaks or drops references in those paths (PySide6 6.12.0 drops
one reference to None per void call, and the interpreter aborts after about a dozen swipes)
fails here instead of in a person's hands. It runs in a child because such a binding kills
the interpreter outright.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

CHILD = Path(__file__).with_name("soak_child.py")
SWIPES = 500


def run_soak(db_path: Path, home: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, int]]:
    """Run the soak child on ``db_path``; its report lines as {name: number}."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_DATA_HOME": str(home / "data"),  # whatever happens, the user's real data is
        "XDG_CONFIG_HOME": str(home / "config"),  # never touched
    }
    result = subprocess.run(
        [sys.executable, str(CHILD), str(db_path), str(SWIPES)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    report: dict[str, int] = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition(" ")
        if value.lstrip("-").isdigit():
            report[name] = int(value)
    return result, report


def table_count(db_path: Path, table: str) -> int:
    with sqlite3.connect(db_path) as connection:
        (count,) = connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    return int(count)


def test_five_hundred_animated_swipes_in_the_real_window_end_in_a_clean_exit(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "tastetrail.sqlite3"
    result, report = run_soak(db_path, tmp_path)

    problems = [line for line in result.stderr.splitlines() if not line.startswith("INFO ")]
    said = "\n".join(["stdout:", result.stdout, "stderr (without INFO lines):", *problems[-40:]])
    crashes = [line for line in problems if "Fatal Python error" in line or "Traceback" in line]
    assert not crashes, said
    assert result.returncode == 0, said
    assert report.get("exit") == 0, said
    assert report.get("swiped") == SWIPES, said
    # The flown-out cards were deleted, not piled up on the stage behind the current one.
    assert report.get("cards_on_stage") == 1, said
    # Where None is immortal (3.12+) its count is a constant, so only a fall is a failure.
    assert report["none_refcount_after"] >= report["none_refcount_before"], said
    # The swipes really went through the store and its writer into the file, and snapshots
    # were taken (how many depends on how the bursts fell on the wall clock; at least one).
    assert table_count(db_path, "swipes") == SWIPES
    assert table_count(db_path, "profile_snapshots") >= 1
