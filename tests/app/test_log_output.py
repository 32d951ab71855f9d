"""The terminal log: one readable line per decision, the same in ``simulate`` and the app."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from app.cli import build_parser
from app.log_output import printed_log
from tests.harness import VirtualSession

STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


def session_log(db_path: Path, mode: str, *, as_json: bool = False, fail: bool = False) -> str:
    """What the app prints while a session starts, takes 30 swipes and a pause, and stops."""
    stream = io.StringIO()
    with printed_log(stream, mode, as_json=as_json):
        session = VirtualSession(db_path)
        try:
            session.faults.fail_writes(fail)
            session.swipe(30)
            session.advance(10)
        finally:
            session.close()
    return stream.getvalue()


def test_the_app_prints_each_decision_on_one_line_with_its_trigger_window_and_fields(
    db_path: Path,
) -> None:
    lines = session_log(db_path, "decisions").splitlines()
    assert lines[0] == (
        "loaded a profile of 0 swipes: 0 from the latest snapshot, 0 replayed from the swipe log"
    )
    assert any(
        re.fullmatch(
            rf"{STAMP} snapshot_created    SWIPE_THRESHOLD swipes:000025 swipes=30 attempt=1 "
            r"latency_ms=[\d.]+",
            line,
        )
        for line in lines
    ), lines


def test_skipped_checks_and_batches_print_only_with_log_all(db_path: Path) -> None:
    decisions = session_log(db_path, "decisions")
    everything = session_log(db_path.with_name("all.sqlite3"), "all")
    for routine in ("snapshot_skipped", "batch_coalesced"):
        assert routine not in decisions
        assert routine in everything
    assert re.search(rf"^{STAMP} snapshot_skipped    reason=no_activity ", everything, re.M)


def test_a_failing_write_is_marked_warning_and_says_the_error_and_the_retry(
    db_path: Path,
) -> None:
    lines = session_log(db_path, "decisions", fail=True).splitlines()
    failed = [line for line in lines if re.search(" (swipe_flush|snapshot)_failed ", line)]
    assert failed, lines
    assert re.fullmatch(
        rf"{STAMP} WARNING (swipe_flush_failed +swipes=\d+ effect_id=commit-swipes:\d+ "
        r"error=.+ attempt=1|snapshot_failed +effect_id=insert-snapshot:\S+ .+ attempt=1 "
        r"error=.+) retry_in=[\d.]+",
        failed[0],
    ), failed[0]


def test_log_none_prints_nothing_not_even_warnings(db_path: Path) -> None:
    assert session_log(db_path, "none", fail=True) == ""


def test_the_json_log_keeps_the_sentence_and_the_fields_of_the_loaded_profile(
    db_path: Path,
) -> None:
    first = json.loads(session_log(db_path, "decisions", as_json=True).splitlines()[0])
    assert first == {
        "event": "profile_loaded",
        "level": "info",
        "message": "loaded a profile of 0 swipes: 0 from the latest snapshot, "
        "0 replayed from the swipe log",
        "swipes": 0,
        "events": 0,
        "from_snapshot": 0,
        "replayed": 0,
    }


def test_the_desktop_command_takes_the_same_log_option_as_simulate() -> None:
    assert build_parser().parse_args(["--log", "all"]).log == "all"
    assert build_parser().parse_args([]).log == "decisions"
    simulate = ["simulate", "--log", "all"]
    assert build_parser().parse_args(simulate).log == "all"
