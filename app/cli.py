"""``python -m app [command]``: the desktop app (default) and its headless commands.

Bad arguments exit with status 2 and one line that says what to do; nothing is created.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from app.commands import register_all
from app.commands.arguments import OneLineParser, db_path_argument
from app.paths import default_db_path, demo_db_path


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="python -m app",
        description="TasteTrail: a swipe app whose taste profile is snapshotted over time.",
    )
    parser.add_argument(
        "--db",
        type=db_path_argument,
        default=None,
        help=f"SQLite database file (default: {default_db_path()})",
    )
    parser.add_argument(
        "--demo-clock",
        action="store_true",
        help=(
            "add a 'Jump to 23:59:50' demo control that moves the app's clock; runs on the "
            f"demo database ({demo_db_path()}) unless --db names another, never the default"
        ),
    )
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
