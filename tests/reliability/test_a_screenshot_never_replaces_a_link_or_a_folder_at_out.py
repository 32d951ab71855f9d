"""``screenshot --out`` leaves a link, a folder or a pipe at its path as it was.

Before a fix, a symbolic link at ``--out`` (to a file, or dangling) was replaced by a regular
file and the command exited 0; a folder at ``--out`` ended in an error line with the wrong
prefix (``python -m app: error:``) that named an internal temporary file
(``.d.png.<random>.partial``). Now each is refused in one ``screenshot:`` line, exit 2,
before any window is built, and left exactly as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.command_lines import run_cli


def link_to_a_file(out: Path) -> None:
    (out.parent / "notes.png").write_bytes(b"someone's picture")
    out.symlink_to("notes.png")


def dangling_link(out: Path) -> None:
    out.symlink_to("nowhere.png")


def folder(out: Path) -> None:
    out.mkdir()
    (out / "inside.txt").write_text("kept")


def named_pipe(out: Path) -> None:
    os.mkfifo(out)


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "link": (link_to_a_file, "is a symbolic link (to 'notes.png')"),
    "dangling-link": (dangling_link, "is a symbolic link (to 'nowhere.png')"),
    "folder": (folder, "is a folder, not a file"),
    "pipe": (named_pipe, "is a named pipe, not a file"),
}


def state(folder_path: Path) -> dict[str, object]:
    found: dict[str, object] = {}
    for path in sorted(folder_path.rglob("*")):
        name = str(path.relative_to(folder_path))
        if path.is_symlink():
            found[name] = ("link", os.readlink(path))
        elif path.is_file():
            found[name] = ("file", path.read_bytes(), path.stat().st_mode & 0o777)
        else:
            found[name] = ("other", path.stat().st_mode)
    return found


@pytest.mark.parametrize("case", sorted(CASES))
def test_screenshot_refuses_the_out_path_in_one_line_and_leaves_it_as_it_was(
    tmp_path: Path, case: str
) -> None:
    make, saying = CASES[case]
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    out = pictures / "shot.png"
    make(out)
    before = state(pictures)
    outcome = run_cli(
        ["screenshot", "--out", str(out), "--swipes", "50", "--days", "1"], tmp_path
    )
    assert outcome.status == 2, outcome.stdout
    (line,) = outcome.stderr.strip().splitlines()
    assert line.startswith("python -m app screenshot: error: --out ")
    assert saying in line
    assert ".partial" not in line
    assert state(pictures) == before
