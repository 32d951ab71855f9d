"""The real-window test's own rules: CI cannot skip it, and its stderr check is strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.app_process import unexpected_stderr_lines
from tests.e2e.xserver import require_x_tools


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


def test_our_own_info_records_are_the_only_clean_stderr_lines() -> None:
    lines = [
        "INFO tastetrail.repository: rehydrated 0 swipes from snapshot version 0 plus 0 replayed",
        "INFO tastetrail.snapshots: snapshot_created",
        "",
        "WARNING tastetrail.snapshots: snapshot_failed",
        "ERROR tastetrail.snapshots: pipeline_error",
        "INFO some.library: not ours",
        "Traceback (most recent call last):",
        "Fatal Python error: Aborted",
        "qt.qpa.xcb: QXcbConnection: XCB error: 3 (BadWindow)",
        "QStandardPaths: XDG_RUNTIME_DIR not set, defaulting to '/tmp/runtime-root'",
        "Warning: Ignoring XDG_SESSION_TYPE=wayland on Gnome.",
    ]
    assert unexpected_stderr_lines(lines) == lines[3:]
