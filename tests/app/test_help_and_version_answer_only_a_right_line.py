"""``--version`` stands alone and ``--help`` answers only a line that is right apart from
it: anything else on the line is refused in one line with status 2, as it would be without
them, never answered with a help text or a version and status 0."""

from __future__ import annotations

import pytest

from app.cli import main
from app.version import app_version


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2, out
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("python -m app") and ": error: " in lines[0]
    return lines[0]


def answered(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    assert exit_info.value.code == 0, err
    assert err == ""
    return out


@pytest.mark.parametrize(
    "argv",
    [
        ["--version", "extra"],
        ["extra", "--version"],
        ["--version", "--db", "x.sqlite3"],
        ["--log", "all", "--version"],
        ["--vers", "extra"],
    ],
)
def test_the_version_with_anything_beside_it_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    line = refused(capsys, *argv)
    assert "takes no other arguments, received" in line or "invalid choice: 'extra'" in line


def test_the_version_alone_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert answered(capsys, "--version") == f"python -m app {app_version()}\n"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--help", "junk"], "invalid choice: 'junk'"),
        (["policy", "--help", "junk"], "unrecognized arguments: junk"),
        (["policy", "junk", "--help"], "unrecognized arguments: junk"),
        (["simulate", "--swipes", "-1", "--help"], "argument --swipes"),
        (["trend", "--help", "--range", "decade"], "unknown range 'decade'"),
        (["--help", "--version"], "cannot be asked for together"),
        (["snapshots", "--version"], "unrecognized arguments: --version"),
    ],
)
def test_help_on_a_line_that_is_wrong_apart_from_it_is_refused_as_without_it(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    assert said in refused(capsys, *argv)


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (["--help"], "usage: python -m app [-h]"),
        (["policy", "-h"], "usage: python -m app policy [-h]"),
        (["simulate", "--swipes", "10", "--help"], "usage: python -m app simulate [-h]"),
        (["screenshot", "--help"], "usage: python -m app screenshot [-h] --out PATH"),
    ],
)
def test_help_with_the_commands_own_options_or_without_a_required_one_is_shown(
    capsys: pytest.CaptureFixture[str], argv: list[str], usage: str
) -> None:
    assert answered(capsys, *argv).startswith(usage)
