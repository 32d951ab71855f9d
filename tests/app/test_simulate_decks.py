"""``simulate --deck``: the synthetic user swipes the deck that learns, or the old shuffle."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.cli import main

START = ("--start", "2026-01-05T07:00:00Z")
"""A fixed start: without it a new file's history ends at the system clock's now."""


def simulate(db: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, object]:
    arguments = ["simulate", "--swipes", "600", "--days", "2", "--tz", "Europe/Berlin", *START]
    assert main([*arguments, "--db", str(db), "--json", "--log", "none", *extra]) == 0
    summary: dict[str, object] = json.loads(capsys.readouterr().out.splitlines()[-1])
    return summary


def every_row(db: Path) -> list[tuple[object, ...]]:
    """Every stored row of both tables, as SQLite returns them (their bytes, in order)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        swipes = connection.execute("SELECT * FROM swipes ORDER BY sequence").fetchall()
        snapshots = connection.execute("SELECT * FROM profile_snapshots ORDER BY id").fetchall()
    connection.close()
    return [*swipes, *snapshots]


def test_the_same_seed_on_the_deck_that_learns_gives_byte_identical_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert simulate(first, capsys, "--seed", "4")["deck"] == "adaptive"
    simulate(second, capsys, "--seed", "4", "--deck", "adaptive")
    rows = every_row(first)
    assert len(rows) > 600
    assert rows == every_row(second)


def test_a_user_on_the_deck_that_learns_likes_more_of_the_cards_than_on_the_shuffle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    adaptive = simulate(tmp_path / "a.sqlite3", capsys, "--seed", "2")
    shuffled = simulate(tmp_path / "s.sqlite3", capsys, "--seed", "2", "--deck", "shuffled")
    assert shuffled["deck"] == "shuffled"
    assert isinstance(adaptive["like_rate"], float) and isinstance(shuffled["like_rate"], float)
    assert adaptive["like_rate"] > shuffled["like_rate"]


def test_the_shuffled_deck_deals_every_card_once_a_round(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.sqlite3"
    simulate(db, capsys, "--deck", "shuffled")
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        cards = [
            row[0] for row in connection.execute("SELECT item_id FROM swipes ORDER BY sequence")
        ]
    connection.close()
    assert len(set(cards[:180])) == 180 and len(set(cards[180:360])) == 180


def test_an_unknown_deck_is_refused_in_one_line_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "x.sqlite3"
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate", "--swipes", "10", "--db", str(db), "--deck", "smart"])
    assert exit_info.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "--deck" in error[0] and "'smart'" in error[0]
    assert not db.exists()


def test_a_continued_history_deals_no_card_swiped_just_before_it_within_the_cooldown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from store.catalog import load_catalog
    from store.deck_index import DeckIndex

    db = tmp_path / "continued.sqlite3"
    simulate(db, capsys)
    arguments = ["simulate", "--swipes", "200", "--days", "1", "--tz", "Europe/Berlin"]
    assert main([*arguments, "--db", str(db), "--log", "none", "--json"]) == 0
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT item_id FROM swipes ORDER BY sequence").fetchall()
    cards = [row[0] for row in rows]
    connection.close()
    cooldown = DeckIndex.build(load_catalog().item_tags).recent_size
    assert len(cards) == 800
    # As within one run: each card dealt after the restart is none of the last swipes
    # before it, those of the history before the restart included.
    repeats = [
        (position, cards[position])
        for position in range(600, 600 + cooldown)
        if cards[position] in cards[position - cooldown : position]
    ]
    assert repeats == []
