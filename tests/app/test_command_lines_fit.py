"""Every command line describes itself the same way: a description, its defaults, one
placeholder per kind of value, ``--version``, and one error prefix for the window and the
command line, naming the program the person ran."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

from app.cli import build_parser, main
from app.commands.arguments import PLACEHOLDERS
from app.version import app_version


def commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def helps() -> dict[str, str]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: choice.help or "" for choice in action._choices_actions}


def test_every_command_has_a_one_line_summary_and_a_description() -> None:
    summaries = helps()
    for name, parser in commands().items():
        assert summaries[name] and "\n" not in summaries[name], name
        assert parser.description, f"'{name} --help' has no description"


def test_every_option_that_takes_a_value_shows_its_default_or_is_required() -> None:
    for name, parser in [("(top level)", build_parser()), *commands().items()]:
        for action in parser._actions:
            if not action.option_strings or action.nargs == 0 or action.required:
                continue
            if isinstance(action, argparse._HelpAction | argparse._VersionAction):
                continue
            text = parser.formatter_class(prog="x")._get_help_string(action) or ""
            assert "default" in text, f"{name} {action.option_strings[0]}: {text!r}"


def test_a_value_is_named_by_its_kind_never_by_the_options_inner_name() -> None:
    kinds = set(PLACEHOLDERS.values())
    for name, parser in commands().items():
        for action in parser._actions:
            if not action.option_strings or action.nargs == 0 or action.choices is not None:
                continue
            assert action.metavar is not None, f"{name} {action.option_strings[0]}"
            assert "_" not in action.metavar, f"{name} {action.option_strings[0]}"  # TREND_DB
            if action.type in PLACEHOLDERS:
                assert action.metavar in kinds, f"{name} {action.option_strings[0]}"


def test_trend_calls_its_database_a_path_and_says_which_one_it_reads(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["trend", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--db PATH" in text and "TREND_DB" not in text
    assert "database file (default: the app's database" in text


def test_version_is_the_installed_packages_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"python -m app {app_version()}\n"


def test_an_unknown_option_points_to_the_help_of_the_command_it_was_given_to(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["policy", "--json"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == (
        "python -m app policy: error: unrecognized arguments: --json "
        "(see 'python -m app policy --help')\n"
    )


def test_started_as_tastetrail_every_line_names_tastetrail(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["/home/someone/.local/bin/tastetrail"])
    with pytest.raises(SystemExit):
        main(["policy", "--json"])
    assert capsys.readouterr().err.startswith(
        "tastetrail policy: error: unrecognized arguments: --json (see 'tastetrail policy --help')"
    )
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out == f"tastetrail {app_version()}\n"


def test_the_window_and_the_command_line_refuse_a_text_file_with_the_same_prefix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("buy basil\n")
    assert main(["--db", str(notes)]) == 2
    window = capsys.readouterr().err
    assert main(["snapshots", "--db", str(notes)]) == 2
    command_line = capsys.readouterr().err
    assert window.startswith("python -m app: error: cannot start: ")
    assert command_line.startswith("python -m app snapshots: error: ")
    assert notes.read_text() == "buy basil\n"
