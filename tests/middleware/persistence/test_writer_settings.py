"""The one writer saves the settings as a command, in order with the swipes before it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from middleware.persistence.errors import RepositoryError
from middleware.persistence.inline_writer import InlineWriter
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.write_commands import (
    CommitSwipes,
    NotWritten,
    SaveSettings,
    Write,
    WriteOutcome,
    Written,
)
from middleware.persistence.writer import SnapshotWriter
from store.actions import Direction, SettingsChanged
from store.effects import settings_effect
from store.settings import Settings
from store.snapshot_rows import SwipeRecord
from tests.harness import VirtualSession

AT = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)
FORTY = Settings(swipe_interval=40)
SAVE_ONE = settings_effect(1)


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


def opener(db_path: Path, fail: str = "") -> Callable[[], SnapshotRepository]:
    return lambda: SnapshotRepository.open(db_path, fault_injector=FailOn(fail) if fail else None)


def test_the_settings_write_is_keyed_by_its_revision() -> None:
    write = Write.settings(FORTY, revision=3, at=AT)
    assert write.effect_id == settings_effect(3) == "save-settings:3"
    assert write.payload == SaveSettings(FORTY, AT)


def test_the_settings_are_committed_with_the_swipes_queued_before_them(db_path: Path) -> None:
    outcomes: list[WriteOutcome] = []
    writer = SnapshotWriter(opener(db_path), report=outcomes.append)
    writer.append_swipe(swipe(1))
    writer.append_swipe(swipe(2))
    writer.write(Write.settings(FORTY, revision=1, at=AT))
    assert writer.close()
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        assert repository.max_swipe_sequence() == 2
        assert repository.stored_settings(Settings()).values == {"swipe_interval": 40}
    saved = [o for o in outcomes if isinstance(o, Written) and o.write.effect_id == SAVE_ONE]
    assert len(saved) == 1
    last_swipes = max(o.swipes.sequence for o in outcomes if isinstance(o, Written) and o.swipes)
    assert last_swipes == 2, "no swipe before the settings is left out"


def test_a_failed_settings_write_is_reported_and_the_writer_still_saves_swipes(
    db_path: Path,
) -> None:
    outcomes: list[WriteOutcome] = []
    writer = SnapshotWriter(opener(db_path, fail="save_settings"), report=outcomes.append)
    writer.append_swipe(swipe(1))
    writer.write(Write.settings(FORTY, revision=1, at=AT))
    writer.append_swipe(swipe(2))
    writer.flush()
    assert writer.close()
    failed = [o for o in outcomes if isinstance(o, NotWritten) and o.write.effect_id == SAVE_ONE]
    assert len(failed) == 1
    assert isinstance(failed[0].error, RepositoryError)
    assert "full" in str(failed[0].error)
    assert writer.unsaved_swipes == 0, "the swipes of the failed transaction were saved later"
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        assert repository.stored_settings(Settings()).values == {}
        assert repository.max_swipe_sequence() == 2


def test_a_failed_settings_write_with_swipes_in_it_reports_those_swipes_too(
    db_path: Path,
) -> None:
    outcomes: list[WriteOutcome] = []
    writer = InlineWriter(
        opener(db_path, fail="save_settings"),
        report=outcomes.append,
        defer=lambda _work: None,  # no wake-up runs: the swipe waits for the settings write
    )
    writer.append_swipe(swipe(1))
    writer.write(Write.settings(FORTY, revision=1, at=AT))
    failed = [o for o in outcomes if isinstance(o, NotWritten)]
    assert [(type(o.write.payload), o.queued_swipes) for o in failed] == [
        (CommitSwipes, 1),
        (SaveSettings, 1),
    ]
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
