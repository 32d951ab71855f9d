"""``python -m app [command]``: the desktop app (default) and its headless commands.

Bad arguments exit with status 2 and one line that says what to do; nothing is created.
A command's own errors end the same way: `RepositoryError` (the database cannot be used)
and `OSError` (the system refused a file) are translated here into one line and status 2,
wherever in the command they arose. Anything else is a bug: one line naming it, a request
to report it, and status 1; ``TASTETRAIL_TRACEBACK=1`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from app.commands import register_all
from app.commands.arguments import USAGE_ERROR, OneLineParser, name_placeholders
from app.commands.gui import add_desktop_options
from app.commands.help_and_version import VersionAction
from app.commands.stdout_reader import let_go_of_stdout
from app.program_name import error_line, program_name
from app.standard_output import StdoutFailed, guarded_standard_streams
from app.version import app_version
from middleware.persistence.errors import RepositoryError


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=program_name(),
        description=(
            "TasteTrail: a swipe app whose taste profile is snapshotted over time. "
            "With no command it opens the window."
        ),
    )
    parser.add_argument(
        "--version", action=VersionAction, version=f"%(prog)s {app_version()}",
        help="print the version and exit",
    )
    add_desktop_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="command", parser_class=OneLineParser)
    register_all(commands)
    name_placeholders(parser)
    return parser


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse ``argv``; an unknown option is refused by the command it was given to, so the
    line points to that command's ``--help`` (``tastetrail policy --help``)."""
    arguments, unknown = parser.parse_known_args(argv)
    if unknown:
        subparsers = next(
            action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
        )
        command: str | None = getattr(arguments, "command", None)
        owner = subparsers.choices.get(command, parser) if command else parser
        owner.error(f"unrecognized arguments: {' '.join(unknown)}")
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; its output failing is said here, once, for every command.

    A reader that went away (``| head -1``) ends it quietly with status 0; a closed or
    refusing standard output (``>&-``, ``>/dev/full``) with one line and status 2, also
    for ``--help`` and ``--version``.
    """
    command: list[str | None] = [None]
    with guarded_standard_streams():
        try:
            try:
                return _main(argv, command)
            finally:
                sys.stdout.flush()
        except BrokenPipeError:
            let_go_of_stdout()
            return 0
        except StdoutFailed as error:
            return _fail(error_line(error.line, command[0]), USAGE_ERROR)


def _main(argv: Sequence[str] | None, command: list[str | None]) -> int:
    parser = build_parser()
    arguments = parse(parser, argv)
    command[0] = getattr(arguments, "command", None)
    run: Callable[[argparse.Namespace], int] | None = getattr(arguments, "run", None)
    if run is None:
        from app.commands.gui import run_gui

        run = run_gui
    try:
        return run(arguments)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (BrokenPipeError, StdoutFailed):
        raise  # the output's own failures: said by `main`
    except RepositoryError as error:
        return _fail(error_line(str(error)), USAGE_ERROR)
    except OSError as error:
        return _fail(error_line(_describe_os_error(error)), USAGE_ERROR)
    except Exception as error:  # the last resort: a bug, said in one line, not hidden
        if os.environ.get("TASTETRAIL_TRACEBACK"):
            raise
        return _fail(
            f"{program_name()}: internal error: {type(error).__name__}: {error}. This is a "
            "bug in TasteTrail; "
            "please report it with the command line (TASTETRAIL_TRACEBACK=1 shows the "
            "traceback)",
            1,
        )


def _fail(line: str, status: int) -> int:
    print(" ".join(line.split()), file=sys.stderr)
    return status


def _describe_os_error(error: OSError) -> str:
    """An `OSError` as what the system refused and on which file, from its parts."""
    what = error.strerror or str(error) or type(error).__name__
    files = [repr(str(name)) for name in (error.filename, error.filename2) if name is not None]
    on = f" on {' and '.join(files)}" if files else ""
    return f"the system refused a file operation{on}: {what}; check the path and the disk"
