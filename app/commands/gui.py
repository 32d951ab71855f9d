"""``python -m app`` (or ``python -m app gui``): the desktop app.

Everything that can refuse to start is checked before Qt is imported or started, so each
refusal is one line and status 2, never Qt's abort: which database (``--demo-clock`` never
runs on the default one), whether that file is usable, and whether Qt can open a window.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

USAGE_ERROR = 2


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser("gui", help="start the desktop app (the default)")
    parser.set_defaults(run=run_gui)


def desktop_database(db_path: Path | None, *, demo_clock: bool) -> Path:
    """The file the desktop app opens: ``--db``, else the demo or the default database."""
    from app.demo_clock import demo_database
    from app.paths import default_db_path

    if demo_clock:
        return demo_database(db_path)
    return default_db_path() if db_path is None else db_path


def run_gui(arguments: argparse.Namespace) -> int:
    from app.database_check import check_database
    from app.demo_clock import DemoClockRefusedError
    from app.qt_platform import missing_libraries_line, missing_library, platform_problem
    from middleware.persistence.errors import RepositoryError

    try:
        db_path = desktop_database(arguments.db, demo_clock=arguments.demo_clock)
        check_database(db_path)
    except (DemoClockRefusedError, RepositoryError) as error:
        print(f"TasteTrail cannot start: {error}", file=sys.stderr)
        return USAGE_ERROR
    problem = platform_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return USAGE_ERROR
    try:
        from app.desktop import run_desktop
    except ImportError as error:  # QtGui itself needs libEGL, libGL, libfontconfig ...
        soname = missing_library(str(error))
        if soname is None:
            raise
        print(missing_libraries_line([soname]), file=sys.stderr)
        return USAGE_ERROR
    return run_desktop(db_path=db_path, demo_clock=arguments.demo_clock)
