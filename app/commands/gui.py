"""``python -m app`` (or ``python -m app gui``): the desktop app.

Everything that can refuse to start is checked before Qt is imported or started, so each
refusal is one line and status 2, never Qt's abort: which database (``--demo`` and
``--demo-clock`` never run on the default one), whether that file is usable, and whether
Qt can open a window (a display with a server behind it, the xcb libraries).
A damaged database is the one exception: it is moved aside (``--move-aside``) or asked
about once Qt runs, and refused here only when nobody can be asked (`app.damaged_database`).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

USAGE_ERROR = 2


def add_desktop_options(parser: argparse.ArgumentParser, *, on_subcommand: bool = False) -> None:
    """``--db``, ``--demo``, ``--demo-clock``, ``--move-aside`` and ``--log``: on
    ``python -m app`` and on ``gui`` alike.

    On the subcommand they default to nothing at all (argparse's SUPPRESS), so that
    ``python -m app --db x gui`` keeps the ``x`` given before the command name.
    """
    from app.commands.arguments import PATH, add_log_option, db_path_argument
    from app.log_output import DEFAULT_LOG_MODE
    from app.paths import default_db_path, demo_db_path

    def default(value: object) -> Any:
        return argparse.SUPPRESS if on_subcommand else value

    parser.add_argument(
        "--db",
        metavar=PATH,
        type=db_path_argument,
        default=default(None),
        help=f"SQLite database file (default: {default_db_path()})",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=default(False),
        help=(
            "show the demo controls (a burst of made-up swipes, failing writes, snapshot "
            f"now); runs on the demo database ({demo_db_path()}) unless --db names another, "
            "never the default"
        ),
    )
    parser.add_argument(
        "--demo-clock",
        action="store_true",
        default=default(False),
        help=(
            "--demo, plus a 'Jump to 23:59:50' control that moves the app's clock; on the "
            "same database as --demo, and with --db only on a file that holds no swipes yet "
            "(its swipes get the moved clock's dates: keep that file for the demo)"
        ),
    )
    parser.add_argument(
        "--move-aside",
        action="store_true",
        default=default(False),
        help=(
            "if the database is damaged, move it aside as NAME.corrupt-<UTC time> (its bytes "
            "kept) and start a new one, instead of asking"
        ),
    )
    add_log_option(parser, default=default(DEFAULT_LOG_MODE))


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "gui",
        help="start the desktop app (the default)",
        description="Opens the TasteTrail window; the same as python -m app with no command.",
    )
    add_desktop_options(parser, on_subcommand=True)
    parser.set_defaults(run=run_gui)


def desktop_database(db_path: Path | None, *, demo_clock: bool, demo: bool = False) -> Path:
    """The file the desktop app opens: ``--db``, else the demo or the default database."""
    from app.demo_clock import demo_database
    from app.paths import default_db_path

    if demo_clock or demo:
        return demo_database(db_path, "--demo-clock" if demo_clock else "--demo")
    return default_db_path() if db_path is None else db_path


def run_gui(arguments: argparse.Namespace) -> int:
    from app.damaged_database import choose, interactive, refusal_line
    from app.database_check import check_database
    from app.demo_clock import DemoClockRefusedError
    from app.display_server import unreachable_display
    from app.program_name import error_line
    from app.qt_platform import missing_libraries_line, missing_library, platform_problem
    from middleware.persistence.errors import DamagedDatabaseError, RepositoryError

    move_aside: bool = arguments.move_aside
    try:
        db_path = desktop_database(
            arguments.db, demo_clock=arguments.demo_clock, demo=arguments.demo
        )
        check_database(db_path)
    except DamagedDatabaseError as error:
        # Moved aside, or asked about, once Qt runs; with nobody to ask, refused here.
        can_ask = interactive(os.environ.get("QT_QPA_PLATFORM", ""))
        if choose(move_aside_requested=move_aside, can_ask=can_ask) == "refuse":
            print(refusal_line(error, db_path), file=sys.stderr)
            return USAGE_ERROR
    except (DemoClockRefusedError, RepositoryError) as error:
        print(error_line(f"cannot start: {error}"), file=sys.stderr)
        return USAGE_ERROR
    problem = platform_problem() or unreachable_display()
    if problem is not None:
        print(error_line(problem), file=sys.stderr)
        return USAGE_ERROR
    try:
        from app.desktop import run_desktop
    except ImportError as error:  # QtGui itself needs libEGL, libGL, libfontconfig ...
        soname = missing_library(str(error))
        if soname is None:
            raise
        print(error_line(missing_libraries_line([soname])), file=sys.stderr)
        return USAGE_ERROR
    return run_desktop(
        db_path=db_path,
        demo_clock=arguments.demo_clock,
        demo=arguments.demo,
        log_mode=arguments.log,
        move_aside=move_aside,
    )
