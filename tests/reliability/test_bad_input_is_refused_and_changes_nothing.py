"""Bad input everywhere: refused with a clear message, and nothing changes or appears.

`tests/store/test_actions.py` fuzzes a bare store. Here the fuzzed input goes to a live
session (store, snapshot job, writer and a real file with history): every refused action
raises `InvalidActionError` and leaves both the state and the database files byte for byte
as they were. On the command line, every bad argument exits with status 2 and one line
on stderr, and creates no file, neither beside the path given nor in the data directory.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings

from app.cli import main
from middleware.persistence.errors import InvalidDatabasePathError
from middleware.persistence.repository import SnapshotRepository
from store import InvalidActionError, parse_action
from tests.harness import VirtualSession
from tests.store.test_actions import anything


def database_files(db_path: Path) -> dict[str, bytes]:
    return {
        path.name: path.read_bytes()
        for path in sorted(db_path.parent.iterdir())
        if path.name.startswith(db_path.name)
    }


def test_fuzzed_actions_sent_to_a_live_session_change_neither_state_nor_database(
    db_path: Path,
) -> None:
    session = VirtualSession(db_path)
    session.swipe(40, every=0.1)
    session.settle()
    known = session.catalog.item_ids
    refused = 0

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(raw=anything())
    def dispatch_one(raw: object) -> None:
        nonlocal refused
        try:
            parse_action(raw, known_item_ids=known)
        except InvalidActionError:
            pass
        else:
            assume(False)  # a valid action: not this test's concern
        state = session.store.get_state()
        files = database_files(db_path)
        with pytest.raises(InvalidActionError) as error:
            session.store.dispatch(raw)
        assert error.value.field
        assert session.store.get_state() is state
        assert database_files(db_path) == files
        refused += 1

    dispatch_one()
    assert refused >= 100
    session.swipe(10, every=0.1)  # the session still works
    session.settle()
    session.close()
    assert session.keys() == ["swipes:000025", "swipes:000050"]
    assert session.swipes_in_db() == 50


BAD_ARGUMENTS = {
    "db-is-a-directory": ["snapshots", "--db", "{tmp}"],
    "db-is-a-uri": ["snapshots", "--db", "file:{tmp}/t.sqlite3?mode=rwc"],
    "db-in-a-missing-folder": ["snapshots", "--db", "{tmp}/missing/t.sqlite3"],
    "db-is-empty": ["snapshots", "--db", ""],
    "db-does-not-exist": ["snapshots", "--db", "{tmp}/absent.sqlite3"],
    "global-db-is-a-uri": ["--db", "file:{tmp}/t.sqlite3", "snapshots"],
    "snapshots-bad-since": ["snapshots", "--db", "{tmp}/t.sqlite3", "--since", "yesterday"],
    "snapshots-zero-limit": ["snapshots", "--db", "{tmp}/t.sqlite3", "--limit", "0"],
    "simulate-db-is-a-directory": ["simulate", "--db", "{tmp}"],
    "simulate-db-is-a-uri": ["simulate", "--db", "file:{tmp}/t.sqlite3"],
    "simulate-db-in-a-missing-folder": ["simulate", "--db", "{tmp}/missing/t.sqlite3"],
    "simulate-unknown-zone": ["simulate", "--db", "{tmp}/t.sqlite3", "--tz", "Mars/Olympus"],
    "simulate-zone-is-a-folder": ["simulate", "--db", "{tmp}/t.sqlite3", "--tz", "Europe"],
    "simulate-negative-swipes": ["simulate", "--db", "{tmp}/t.sqlite3", "--swipes", "-5"],
    "simulate-fail-rate-above-1": ["simulate", "--db", "{tmp}/t.sqlite3", "--fail-rate", "1.5"],
    "simulate-fail-rate-nan": ["simulate", "--db", "{tmp}/t.sqlite3", "--fail-rate", "nan"],
    "simulate-naive-start": [
        "simulate",
        "--db",
        "{tmp}/t.sqlite3",
        "--start",
        "2026-01-20T08:00:00",
    ],
    "simulate-zero-days": ["simulate", "--db", "{tmp}/t.sqlite3", "--days", "0"],
    "simulate-more-days-than-swipes": [
        "simulate",
        "--db",
        "{tmp}/t.sqlite3",
        "--swipes",
        "3",
        "--days",
        "5",
    ],
    "simulate-negative-pause": ["simulate", "--db", "{tmp}/t.sqlite3", "--pause", "-1"],
    "unknown-command": ["teleport"],
}


@pytest.mark.parametrize("arguments", BAD_ARGUMENTS.values(), ids=BAD_ARGUMENTS.keys())
def test_bad_arguments_exit_2_with_one_line_and_create_nothing(
    arguments: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data_home = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    status: object
    try:
        status = main([part.format(tmp=tmp_path) for part in arguments])
    except SystemExit as exit_:
        status = exit_.code
    captured = capsys.readouterr()
    assert status == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "error" in lines[0], captured.err
    assert sorted(tmp_path.rglob("*")) == before
    assert not data_home.exists()


def test_a_device_as_the_database_is_refused_in_a_lower_case_line_that_says_what_to_do() -> None:
    with pytest.raises(InvalidDatabasePathError) as refused:
        SnapshotRepository.open(Path(os.devnull))
    assert str(refused.value) == (
        f"the database path {os.devnull!r} is a character device, not a regular file; it was "
        "left as it is. Pass the path of a database file with --db, e.g. ./profile.sqlite3"
    )
