"""A tag name in a received database is data: printed escaped, shown as plain text.

A database can come from anyone (a backup, a colleague's file). If one of its snapshot rows
names a tag with an ESC or a BEL in it, ``snapshots`` and ``trend`` must not hand those bytes
to the terminal, which would obey them (colours, a new window title, worse); and the window
must draw a tag named ``<b>...</b>`` as those characters, not as markup.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.cli import main
from middleware.persistence.trend_queries import TrendRange

HOSTILE_TAG = "<b>coffee</b>\x1b]0;owned\x07\x1b[31m"
ESCAPED_TAG = "<b>coffee</b>\\x1b]0;owned\\x07\\x1b[31m"


@pytest.fixture
def received(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Two days of swipes whose snapshot rows were edited to name the tag `HOSTILE_TAG`."""
    db_path = tmp_path / "received.sqlite3"
    arguments = ["simulate", "--db", str(db_path), "--swipes", "60", "--days", "2"]
    arguments += ["--tz", "UTC", "--start", "2026-01-05T07:00:00Z"]
    assert main([*arguments, "--log", "none"]) == 0
    capsys.readouterr()
    connection = sqlite3.connect(db_path)
    with connection:
        for row_id, payload_json in connection.execute(
            "SELECT id, payload_json FROM profile_snapshots"
        ).fetchall():
            payload = json.loads(payload_json)
            payload["tags"][0]["tag"] = HOSTILE_TAG  # the row's top tag
            connection.execute(
                "UPDATE profile_snapshots SET payload_json = ? WHERE id = ?",
                (json.dumps(payload), row_id),
            )
    connection.close()
    return db_path


def printed(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    captured = capsys.readouterr()
    return captured.out + captured.err


@pytest.mark.parametrize(
    "argv",
    [
        ["snapshots"],
        ["trend", "--range", "all", "--tz", "UTC", "--now", "2026-01-07T12:00:00Z"],
    ],
    ids=["snapshots", "trend"],
)
def test_a_tag_with_terminal_escapes_is_printed_as_visible_escapes(
    received: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    text = printed(capsys, argv[0], "--db", str(received), *argv[1:])
    assert "\x1b" not in text and "\x07" not in text
    assert ESCAPED_TAG in text  # the tag is still there, readable


def test_the_json_of_both_commands_keeps_the_tag_exact_and_the_terminal_safe(
    received: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = printed(capsys, "snapshots", "--db", str(received), "--json")
    trend = printed(capsys, "trend", "--db", str(received), "--range", "all", "--json")
    for text in (rows, trend):
        assert "\x1b" not in text and "\x07" not in text
    payloads = [json.loads(row["payloadJson"]) for row in json.loads(rows)]
    assert HOSTILE_TAG in {tag["tag"] for payload in payloads for tag in payload["tags"]}


def test_the_window_shows_a_tag_named_like_markup_as_its_characters(
    received: Path, qtbot: QtBot
) -> None:
    from app.read_only_window import open_read_only_window

    window, _ = open_read_only_window(
        received, trend_range=TrendRange.ALL, fallback_zone=ZoneInfo("UTC")
    )
    qtbot.addWidget(window)
    window.show()
    trend = window.trend
    qtbot.waitUntil(
        lambda: trend.frame is not None and not trend.busy and not trend.model.fetching,
        timeout=20_000,
    )
    assert trend.frame is not None
    [series] = [series for series in trend.frame.view.series if series.tag == HOSTILE_TAG]
    trend.chart.point_hovered.emit((series.tag, series.points[-1]))  # the pointer on it
    showing = [label for label in window.findChildren(QLabel) if HOSTILE_TAG in label.text()]
    assert showing, "the hovered point's read-out names the tag"
    assert {label.textFormat() for label in showing} == {Qt.TextFormat.PlainText}
    trend.close_loader()
    window.close()
