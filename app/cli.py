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
from app.commands.arguments import USAGE_ERROR, OneLineParser
from app.commands.gui import add_desktop_options
from middleware.persistence.errors import RepositoryError

PROG = "python -m app"


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=PROG,
        description="TasteTrail: a swipe app whose taste profile is snapshotted over time.",
    )
    add_desktop_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="command", parser_class=OneLineParser)
    register_all(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] | None = getattr(arguments, "run", None)
    if run is None:
        from app.commands.gui import run_gui

        run = run_gui
    try:
        return run(arguments)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except RepositoryError as error:
        return _fail(f"error: {error}", USAGE_ERROR)
    except OSError as error:
        return _fail(f"error: {_describe_os_error(error)}", USAGE_ERROR)
    except Exception as error:  # the last resort: a bug, said in one line, not hidden
        if os.environ.get("TASTETRAIL_TRACEBACK"):
            raise
        return _fail(
            f"internal error: {type(error).__name__}: {error}. This is a bug in TasteTrail; "
            "please report it with the command line (TASTETRAIL_TRACEBACK=1 shows the "
            "traceback)",
            1,
        )


def _fail(message: str, status: int) -> int:
    print(f"{PROG}: {' '.join(message.split())}", file=sys.stderr)
    return status


def _describe_os_error(error: OSError) -> str:
    """An `OSError` as what the system refused and on which file, from its parts."""
    what = error.strerror or str(error) or type(error).__name__
    files = [repr(str(name)) for name in (error.filename, error.filename2) if name is not None]
    on = f" on {' and '.join(files)}" if files else ""
    return f"the system refused a file operation{on}: {what}; check the path and the disk"
