"""``python -m app`` (or ``python -m app gui``): the desktop app."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser("gui", help="start the desktop app (the default)")
    parser.set_defaults(run=run_gui)


def run_gui(arguments: argparse.Namespace) -> int:
    from app.desktop import run_desktop

    return run_desktop(db_path=arguments.db, demo_clock=arguments.demo_clock)
