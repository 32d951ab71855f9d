"""``python -m app settings``: shows a database's settings, sets them for the next window,
and refuses bad input, a file in use, a link and another program's file, changing nothing."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.writer_lock import WriterLock
from middleware.policy import SnapshotPolicy
from store.settings import DEFAULT_SETTINGS, Settings
from tests.harness import VirtualSession
from tests.reliability.command_lines import Outcome, run_cli


def settings(db: Path, *more: str) -> list[str]:
    return ["settings", "--db", str(db), *more]


def folder_state(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def one_line_refusal(outcome: Outcome) -> str:
    lines = outcome.stderr.strip().splitlines()
    assert (outcome.status, len(lines), outcome.stdout) == (2, 1, ""), outcome.stderr
    assert "Traceback" not in outcome.stderr and "internal error" not in lines[0]
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "profile.sqlite3"
    with SnapshotRepository.open(path):
        pass
    return path


def test_a_new_database_shows_the_defaults_as_text_and_as_json(db: Path) -> None:
    shown = run_cli(settings(db), db.parent)
    assert shown.status == 0, shown.stderr
    assert "swipe interval  25 swipes" in shown.stdout
    assert shown.stdout.count("(default)") == 3
    as_json = run_cli(settings(db, "--json"), db.parent)
    assert json.loads(as_json.stdout)["settings"] == {
        "maxWaitSeconds": 3.0,
        "quietPeriodSeconds": 0.5,
        "swipeInterval": 25,
    }


def test_a_value_set_is_shown_afterwards_and_the_next_window_starts_with_it(db: Path) -> None:
    outcome = run_cli(settings(db, "--swipe-interval", "40", "--max-wait", "6"), db.parent)
    assert outcome.status == 0, outcome.stderr
    assert "swipe interval 40 swipes (was 25)" in outcome.stdout
    body = json.loads(run_cli(settings(db, "--json"), db.parent).stdout)
    assert body["settings"]["swipeInterval"] == 40
    assert body["stored"] == ["maxWaitSeconds", "swipeInterval"]
    window = VirtualSession(db)
    try:
        assert window.store.get_state().settings == Settings(
            swipe_interval=40, quiet_period_seconds=0.5, max_wait_seconds=6.0
        )
        window.swipe(40)
        window.settle(5)
    finally:
        window.close()
    assert "swipes:000040" in [row.window_key for row in window.rows()]


def test_a_policy_given_by_the_caller_is_not_overridden_by_the_stored_settings(
    db: Path,
) -> None:
    assert run_cli(settings(db, "--swipe-interval", "40"), db.parent).status == 0
    window = VirtualSession(db, policy=SnapshotPolicy(swipe_interval=10))
    try:
        assert window.store.get_state().settings.swipe_interval == 10
    finally:
        window.close()


@pytest.mark.parametrize(
    ("argv", "saying"),
    [
        (["--swipe-interval", "0"], "the swipe interval must be a whole number"),
        (["--swipe-interval", "ten"], "received 'ten'"),
        (["--quiet-period", "-1"], "the quiet period must be seconds"),
        (["--max-wait", "nan"], "the maximum wait must be seconds"),
        (["--quiet-period", "5"], "must be at least the quiet period (5 s)"),
        (["--quiet-period", "0.000001"], "from 0.1 to 3600, received '0.000001'"),
        (["--quiet-period", "0.09"], "from 0.1 to 3600, received '0.09'"),
        (["--max-wait", "0.01"], "the maximum wait must be seconds, from 0.1 to 3600"),
        (["--quiet-period", "9", "--max-wait", "2"], "raise the maximum wait"),
    ],
)
def test_invalid_input_exits_2_with_one_line_and_the_file_unchanged(
    db: Path, argv: list[str], saying: str
) -> None:
    with SnapshotRepository.open(db) as repository:
        repository.save_settings(Settings(swipe_interval=12), at=datetime.now(UTC))
    before = folder_state(db.parent)
    line = one_line_refusal(run_cli(settings(db, *argv), db.parent))
    assert saying in line
    assert folder_state(db.parent) == before


def test_setting_is_refused_in_one_line_while_a_window_holds_the_file(db: Path) -> None:
    with WriterLock(db):  # what a running window holds
        before = folder_state(db.parent)
        line = one_line_refusal(run_cli(settings(db, "--swipe-interval", "40"), db.parent))
        assert "in use" in line
        assert folder_state(db.parent) == before


def test_a_link_and_another_programs_database_are_refused_unchanged(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs.sqlite3"
    with sqlite3.connect(theirs) as connection:
        connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, note TEXT)")
    link = tmp_path / "link.sqlite3"
    link.symlink_to(theirs)
    before = folder_state(tmp_path)
    for path in (theirs, link):
        line = one_line_refusal(run_cli(settings(path, "--swipe-interval", "40"), tmp_path))
        assert str(path.name) in line or "link" in line
    assert folder_state(tmp_path) == before


def test_damaged_stored_settings_are_shown_as_skipped(db: Path) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute(
            "INSERT INTO settings (name, value, changed_at) VALUES ('swipe_interval', '-4', 'x')"
        )
    shown = run_cli(settings(db), db.parent)
    assert shown.status == 0
    assert "swipe interval  25 swipes" in shown.stdout
    assert "skipped as damaged (swipe interval '-4')" in shown.stdout
    start = datetime(2026, 1, 20, 9, 0, tzinfo=UTC) + timedelta(days=1)
    window = VirtualSession(db, start=start)
    try:
        assert window.store.get_state().settings == DEFAULT_SETTINGS
        assert any("swipe interval '-4'" in warning for warning in window.session.warnings)
    finally:
        window.close()


def test_simulate_says_it_counts_with_the_interval_the_file_holds(db: Path) -> None:
    assert run_cli(settings(db, "--swipe-interval", "40"), db.parent).status == 0
    start = "2026-01-20T09:00:00Z"
    run = run_cli(
        ["simulate", "--db", str(db), "--swipes", "100", "--days", "1", "--start", start],
        db.parent,
    )
    assert run.status == 0, run.stderr
    assert "interval 40 (the file's setting)" in run.stdout
    with SnapshotRepository.open(db, read_only=True) as repository:
        keys = [row.window_key for row in repository.list_snapshots()]
    assert "swipes:000040" in keys and "swipes:000025" not in keys


def test_setting_on_a_missing_file_is_refused_and_creates_nothing(tmp_path: Path) -> None:
    outcome = run_cli(settings(tmp_path / "typo.sqlite3", "--swipe-interval", "5"), tmp_path)
    line = one_line_refusal(outcome)
    assert "no database at" in line and "nothing was changed" in line
    assert not [path.name for path in tmp_path.iterdir() if path.name.startswith("typo")]
