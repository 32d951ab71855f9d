"""Every command of ``python -m app`` takes and describes its options the same way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.cli import build_parser, main


def refusal(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The one line a refused command line prints, after checking it exits with status 2."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    assert exit_info.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def help_text(capsys: pytest.CaptureFixture[str], *command: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def test_gui_takes_the_same_options_as_the_default_command() -> None:
    parser = build_parser()
    for command in ([], ["gui"]):
        given = parser.parse_args(
            [*command, "--db", "a.sqlite3", "--demo-clock", "--log", "all", "--move-aside"]
        )
        assert (given.db, given.demo_clock, given.log, given.move_aside) == (
            Path("a.sqlite3"),
            True,
            "all",
            True,
        )
        left_out = parser.parse_args(command)
        assert (left_out.db, left_out.demo_clock, left_out.log, left_out.move_aside) == (
            None,
            False,
            "decisions",
            False,
        )


def test_options_given_before_gui_are_kept_and_options_after_it_win() -> None:
    parser = build_parser()
    assert parser.parse_args(["--db", "a.sqlite3", "--log", "none", "gui"]).db == Path("a.sqlite3")
    assert parser.parse_args(["--log", "none", "gui"]).log == "none"
    assert parser.parse_args(["--db", "a.sqlite3", "gui", "--db", "b.sqlite3"]).db == Path(
        "b.sqlite3"
    )


def test_gui_with_db_opens_that_file_and_refuses_a_text_file_before_any_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("buy basil\n")
    assert main(["gui", "--db", str(notes)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"python -m app: error: cannot start: {str(notes)!r} is not a SQLite database"
    )
    assert notes.read_text() == "buy basil\n"


def test_gui_help_lists_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_text(capsys, "gui")
    for option in ("--db PATH", "--demo-clock", "--move-aside", "--log {decisions,all,none}"):
        assert option in text


@pytest.mark.parametrize("command", [[], ["gui"], ["simulate"], ["snapshots"], ["restore"]])
def test_every_command_calls_the_database_file_path(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    text = help_text(capsys, *command)
    assert "--db PATH" in text
    assert "--db DB" not in text and "SIM_DB" not in text and "ROWS_DB" not in text


def test_screenshot_calls_its_output_file_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert "--out PATH" in help_text(capsys, "screenshot")


def test_restore_calls_the_backup_it_restores_a_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert "--from PATH" in help_text(capsys, "restore")


def test_simulate_help_shows_the_default_of_every_option_that_has_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = " ".join(help_text(capsys, "simulate").split())
    for shown in (
        "swipes in all (range: 0 to 10,000,000 swipes) (default: 2000)",
        "local days to spread over (range: 1 to 1,000,000 days) (default: 3)",
        "IANA zone (default: the system's)",
        "swipes per count snapshot (range: 1 to 1,000,000 swipes per snapshot) (default: the "
        "file's setting, see 'settings'; 25 for a new file)",
        "random seed (range: 0 to 4,294,967,295) (default: 1)",
        "fraction of snapshot writes that fail (range: 0 up to (not including) 1) "
        "(default: 0.0)",
        "virtual start instant, ISO-8601 with offset (range: from 1971-01-01T00:00:00Z up to "
        "(not including) 9999-01-01T00:00:00Z)",
        "or --days days before now for a new database)",
        "mean swipes per burst (range: 1 to 1,000,000 swipes per burst) (default: 20)",
        "mean seconds between bursts (range: above 0, at most 86,400 seconds) (default: 120.0)",
        "none (default: none)",
        "(default: auto)",
        "(default: adaptive)",
    ):
        assert shown in text
    blocks = re.split(r"\n  (?=-)", help_text(capsys, "simulate").split("options:", 1)[1])
    flags = {"-h, --help", "--json", "--allow-future"}
    valued = [
        " ".join(block.split())
        for block in blocks
        if block.strip() and block.split("  ")[0].strip() not in flags
    ]
    assert len(valued) == 15
    assert [block for block in valued if "(default: " not in block] == []


@pytest.mark.parametrize(
    ("argv", "received", "range_text"),
    [
        (["snapshots", "--limit", "-1"], "-1", "1 to 1,000,000,000 rows"),
        (["snapshots", "--limit", "0"], "0", "1 to 1,000,000,000 rows"),
        (["snapshots", "--limit", "two"], "'two'", "1 to 1,000,000,000 rows"),
        (["simulate", "--days", "0"], "0", "1 to 1,000,000 days"),
        (["screenshot", "--out", "x.png", "--days", "-2"], "-2", "1 to 3,650 days"),
    ],
)
def test_positive_whole_number_options_refuse_zero_and_negatives_with_one_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], received: str, range_text: str
) -> None:
    command = f"python -m app {argv[0]}"
    assert refusal(capsys, *argv) == (
        f"{command}: error: argument {argv[-2]}: must be a whole number from {range_text}, "
        f"received {received} (see '{command} --help')"
    )


@pytest.mark.parametrize(
    ("argv", "range_text"),
    [
        (["simulate", "--swipes", "-1"], "0 to 10,000,000 swipes"),
        (["screenshot", "--out", "x.png", "--seed", "-1"], "0 to 4,294,967,295"),
    ],
)
def test_options_that_may_be_zero_refuse_negatives_with_the_same_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], range_text: str
) -> None:
    command = f"python -m app {argv[0]}"
    assert refusal(capsys, *argv) == (
        f"{command}: error: argument {argv[-2]}: must be a whole number from {range_text}, "
        f"received -1 (see '{command} --help')"
    )


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_a_bad_since_or_until_says_a_plain_date_is_accepted(
    capsys: pytest.CaptureFixture[str], option: str
) -> None:
    assert refusal(capsys, "snapshots", option, "yesterday") == (
        f"python -m app snapshots: error: argument {option}: expected a date (2026-01-20) or an "
        "ISO-8601 instant with offset (2026-01-20T08:00:00Z), received 'yesterday' "
        "(see 'python -m app snapshots --help')"
    )


def test_a_plain_date_and_an_instant_are_both_accepted_by_since() -> None:
    parser = build_parser()
    day = parser.parse_args(["snapshots", "--since", "2026-01-20"]).since
    instant = parser.parse_args(["snapshots", "--since", "2026-01-20T00:00:00+00:00"]).since
    assert day == instant


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            "{tmp}/missing/t.sqlite3",
            "the folder '{tmp}/missing' does not exist (in '{tmp}/missing/t.sqlite3'); "
            "create it first or choose another path",
        ),
        (
            "{tmp}",
            "'{tmp}' is a directory; pass a file path inside it, e.g. '{tmp}/tastetrail.sqlite3'",
        ),
        (
            "file:{tmp}/t.sqlite3",
            "expected a plain file path, not a URI, received 'file:{tmp}/t.sqlite3'; "
            "drop the 'file:' prefix and any '?...' options",
        ),
        ("", "the path is empty; pass a file path such as ./profile.sqlite3"),
        (
            "/dev/null",
            "'/dev/null' is a character device, not a regular file; pass the path of a "
            "database file, e.g. ./profile.sqlite3",
        ),
    ],
)
@pytest.mark.parametrize("command", [[], ["gui"], ["simulate"], ["snapshots"], ["restore"]])
def test_a_bad_db_names_the_option_once_and_says_what_to_do(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    command: list[str],
    raw: str,
    message: str,
) -> None:
    prog = " ".join(["python -m app", *command])
    line = refusal(capsys, *command, "--db", raw.format(tmp=tmp_path))
    assert line == (
        f"{prog}: error: argument --db: {message.format(tmp=tmp_path)} (see '{prog} --help')"
    )
