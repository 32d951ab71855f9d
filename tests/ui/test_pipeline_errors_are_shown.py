"""A failure in the snapshot pipeline never stops a swipe, and never hides: it is counted,
kept in the state, shown in the window and printed once in the terminal."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from middleware.pipeline_errors import PipelineError
from tests.harness import VirtualSession
from ui.banner import StatusBanner


def test_a_check_that_raises_is_counted_kept_shown_and_printed_once_while_swipes_are_saved(
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    pipeline_errors: list[PipelineError],
    qapp: object,
) -> None:
    session = VirtualSession(db_path)

    def broken_decide(*_args: object, **_kwargs: object) -> list[object]:
        raise KeyError("open_days")  # a bug in the policy, say

    epic_module = importlib.import_module("middleware.snapshot_epic")
    monkeypatch.setattr(epic_module, "decide", broken_decide)
    session.swipe(30, every=0.1)
    session.settle()
    session.swipe(30, every=0.1)
    session.settle()

    state = session.store.get_state()
    assert state.profile.sequence == 60  # every swipe was taken
    assert session.swipes_in_db() == 60  # and saved
    assert session.rows() == []  # but no snapshot: the checks failed
    assert state.snapshots.pipeline_errors == len(pipeline_errors) == 2
    assert state.snapshots.last_pipeline_error == "batch check: KeyError: 'open_days'"
    printed = capsys.readouterr().err
    assert printed.count("snapshots stopped at the batch check") == 1  # once, not per error
    banner = StatusBanner()
    banner.update_state(state)
    assert banner.text.startswith(
        "⚠  Snapshots stopped: batch check: KeyError: 'open_days' (2 errors); "
        "your swipes are still saved."
    )
    session.close()


def test_the_count_in_the_state_survives_a_store_that_cannot_take_it(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, pipeline_errors: list[PipelineError]
) -> None:
    # The failure is in dispatch itself: posting the failure would fail again. The errors
    # are still reported (log, terminal, listeners), and the posts stop instead of looping.
    session = VirtualSession(db_path)
    job = session.session.job
    original = job._epics.api.dispatch

    def failing_dispatch(action: object) -> object:
        if type(action).__name__ == "PipelineFailed":
            raise RuntimeError("the reducer is broken")
        return original(action)

    monkeypatch.setattr(job._inbox, "_dispatch", failing_dispatch, raising=False)
    job.report_error("test stage", ValueError("first"))
    session.settle()
    assert pipeline_errors and pipeline_errors[0].stage == "test stage"
    assert len(pipeline_errors) < 20  # bounded: no loop of its own errors
    session.close()
