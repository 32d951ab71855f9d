"""The real-window test's own rules: CI cannot skip it, and its stderr check is strict."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from middleware.decision_log import ReadableFormatter
from tests.e2e.app_process import decisions, unexpected_stderr_lines
from tests.e2e.xserver import require_x_tools

AT = datetime(2026, 1, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
def no_x_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))


@pytest.mark.usefixtures("no_x_tools")
def test_without_the_x_tools_a_developer_gets_a_skip_that_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"Xvfb, xdotool, import.*apt-get install"):
        require_x_tools()


@pytest.mark.parametrize("value", ["true", "1", "yes"])
@pytest.mark.usefixtures("no_x_tools")
def test_without_the_x_tools_ci_fails_instead_of_skipping(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="CI is set, so this is a failure"):
        require_x_tools()


def printed(level: int, message: str, **extra: object) -> str:
    """``message`` as the desktop app prints it on stderr: through the real formatter."""
    record = logging.LogRecord("tastetrail.snapshots", level, __file__, 1, message, None, None)
    record.__dict__.update(extra)
    return ReadableFormatter().format(record)


def decision(level: int, event: str, **fields: object) -> str:
    return printed(level, event, event=event, fields={"at": AT, **fields})


def test_our_own_info_records_are_the_only_clean_stderr_lines() -> None:
    lines = [
        printed(logging.INFO, "loaded a profile of 0 swipes: 0 from the latest snapshot, ..."),
        decision(logging.INFO, "snapshot_created", trigger_type="MANUAL", window_key="manual:1"),
        decision(logging.INFO, "write_retried"),
        "",
        decision(logging.WARNING, "snapshot_failed", error="disk I/O error"),
        decision(logging.ERROR, "pipeline_error", stage="stream"),
        printed(logging.WARNING, "database is read-only; snapshots will not be persisted"),
        "INFO another.package: not ours",
        "Traceback (most recent call last):",
        "Fatal Python error: Aborted",
        "qt.qpa.xcb: QXcbConnection: XCB error: 3 (BadWindow)",
        "QStandardPaths: XDG_RUNTIME_DIR not set, defaulting to '/tmp/runtime-root'",
        "Warning: Ignoring XDG_SESSION_TYPE=wayland on Gnome.",
    ]
    assert unexpected_stderr_lines(lines) == lines[4:]


def test_decisions_are_read_back_with_their_trigger_window_and_fields() -> None:
    lines = [
        decision(logging.INFO, "snapshot_created", trigger_type="MANUAL", window_key="manual:1"),
        decision(logging.WARNING, "snapshot_created", trigger_type="MANUAL", window_key="m:2"),
    ]
    assert decisions(lines, "snapshot_created") == ["MANUAL manual:1"]
