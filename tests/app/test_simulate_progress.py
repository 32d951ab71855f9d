"""``simulate`` shows how far a long run is: a bar on a terminal, a few lines elsewhere."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from app.cli import main
from app.commands.simulate_output import progress_style

ROOT = Path(__file__).resolve().parents[2]


def test_a_long_run_shows_a_bar_on_a_terminal_and_lines_elsewhere_and_a_short_run_nothing() -> (
    None
):
    assert progress_style("auto", swipes=300_000, terminal=True) == "bar"
    assert progress_style("auto", swipes=300_000, terminal=False) == "lines"
    assert progress_style("auto", swipes=2_000, terminal=True) == "none"
    assert progress_style("always", swipes=2_000, terminal=False) == "lines"
    assert progress_style("never", swipes=300_000, terminal=True) == "none"


def test_without_a_terminal_progress_is_four_lines_on_stderr_and_stdout_is_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.sqlite3"
    argv = ["simulate", "--db", str(db), "--swipes", "400", "--days", "2", "--tz", "UTC"]
    assert main([*argv, "--progress", "always"]) == 0
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert [line.split(", ")[0] for line in lines] == [
        "simulate: 100 of 400 swipes (25%)",
        "simulate: 200 of 400 swipes (50%)",
        "simulate: 300 of 400 swipes (75%)",
        "simulate: 400 of 400 swipes (100%)",
    ]
    assert "invariants            ok" in captured.out
    assert "simulate:" not in captured.out


def test_on_a_terminal_a_long_run_draws_a_progress_bar_on_stderr(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    # A terminal of 24 rows of 100 columns (a new pty has 0 x 0, and tqdm draws nothing there).
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    db = tmp_path / "bar.sqlite3"
    argv = ["simulate", "--db", str(db), "--swipes", "3000", "--days", "2", "--tz", "UTC"]
    with subprocess.Popen(
        [sys.executable, "-m", "app", *argv, "--progress", "always"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=follower,
    ) as process:
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        assert process.wait(timeout=120) == 0
    os.close(leader)
    text = seen.decode(errors="replace")
    assert "3.00k/3.00k" in text and "swipe" in text
