"""``python -m app screenshot``: a PNG of the real window over a scripted session."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.cli import main

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_the_screenshot_command_writes_a_png_of_the_window(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "window.png"
    assert main(["screenshot", "--out", str(out), "--swipes", "80", "--days", "2"]) == 0
    data = out.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 10_000
    assert "1200x780" in capsys.readouterr().out


def test_the_screenshot_command_refuses_a_path_that_is_not_a_png(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["screenshot", "--out", str(tmp_path / "window.jpg")]) == 2
    assert "must end in .png" in capsys.readouterr().err
