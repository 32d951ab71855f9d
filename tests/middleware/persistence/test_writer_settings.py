"""The one writer saves the settings as a command, in order with the swipes before it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from middleware.persistence.errors import RepositoryError
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.writer import (
    SettingsWriteFailed,
    SettingsWritten,
    SnapshotWriter,
    SwipeFlushFailed,
    SwipesFlushed,
    WriteOutcome,
)
from store.actions import Direction, SettingsChanged
from store.settings import Settings
from store.snapshot_rows import SwipeRecord
from tests.harness import VirtualSession

AT = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)


def swipe(sequence: int) -> SwipeRecord:
    at = AT + timedelta(seconds=sequence)
    return SwipeRecord(sequence, "tiramisu", Direction.RIGHT, at, at.date())


class FailOn:
    """Fails every write transaction named ``operation``, as a full disk would."""

    def __init__(self, operation: str) -> None:
        self.operation = operation

    def __call__(self, operation: str) -> None:
        if operation == self.operation:
            raise sqlite3.OperationalError("database or disk is full")


def writer_on(db_path: Path, outcomes: list[WriteOutcome], fail: str = "") -> SnapshotWriter:
    return SnapshotWriter(
        lambda: SnapshotRepository.open(db_path, fault_injector=FailOn(fail) if fail else None),
        report=outcomes.append,
        threaded=True,
    )


def test_the_settings_are_committed_with_the_swipes_queued_before_them(db_path: Path) -> None:
    outcomes: list[WriteOutcome] = []
    writer = writer_on(db_path, outcomes)
    writer.append_swipe(swipe(1))
    writer.append_swipe(swipe(2))
    writer.save_settings(Settings(swipe_interval=40), at=AT)
    assert writer.close()
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        assert repository.max_swipe_sequence() == 2
        assert repository.stored_settings(Settings()).values == {"swipe_interval": 40}
    assert SettingsWritten(AT) in outcomes
    assert outcomes.index(SettingsWritten(AT)) == len(outcomes) - 1, "after the swipes before it"


def test_a_failed_settings_write_is_reported_and_the_writer_still_saves_swipes(
    db_path: Path,
) -> None:
    outcomes: list[WriteOutcome] = []
    writer = writer_on(db_path, outcomes, fail="save_settings")
    writer.append_swipe(swipe(1))
    writer.save_settings(Settings(swipe_interval=40), at=AT)
    writer.append_swipe(swipe(2))
    writer.flush()
    assert writer.close()
    failed = [outcome for outcome in outcomes if isinstance(outcome, SettingsWriteFailed)]
    assert len(failed) == 1
    assert isinstance(failed[0].error, RepositoryError)
    assert "full" in str(failed[0].error)
    assert writer.unsaved_swipes == 0, "the swipes of the failed transaction were saved later"
    assert any(isinstance(o, SwipesFlushed) and o.sequence == 2 for o in outcomes)
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        assert repository.stored_settings(Settings()).values == {}


def test_a_failed_settings_write_with_swipes_in_it_reports_those_swipes_too(
    db_path: Path,
) -> None:
    outcomes: list[WriteOutcome] = []
    writer = SnapshotWriter(
        lambda: SnapshotRepository.open(db_path, fault_injector=FailOn("save_settings")),
        report=outcomes.append,
        threaded=False,
        defer=lambda _work: None,  # no wake-up runs: the swipe waits for the settings write
    )
    writer.append_swipe(swipe(1))
    writer.save_settings(Settings(swipe_interval=40), at=AT)
    kinds = [type(outcome) for outcome in outcomes]
    assert kinds == [SwipeFlushFailed, SettingsWriteFailed]
    writer.flush()  # the retry of the swipes
    assert writer.unsaved_swipes == 0
    writer.close()


def test_a_failed_save_of_the_settings_in_a_session_is_kept_in_the_state(tmp_path: Path) -> None:
    session = VirtualSession(tmp_path / "full.sqlite3")
    nine = Settings(swipe_interval=9)._asdict()
    session.faults.fail_writes(True)
    session.store.dispatch(SettingsChanged(**nine, at=session.now))
    session.settle(1)
    state = session.store.get_state()
    assert state.settings.swipe_interval == 9, "the change applies in this window all the same"
    assert state.settings_not_saved is not None
    session.faults.fail_writes(False)
    session.store.dispatch(SettingsChanged(**nine, at=session.now))
    session.settle(1)
    assert session.store.get_state().settings_not_saved is None
    session.close()
