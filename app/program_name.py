"""The name the person typed to start the app, for usage lines, help hints and error lines.

``tastetrail`` (the installed command or the standalone bundle) or ``python -m app`` (a
checkout): a hint such as ``see 'tastetrail policy --help'`` names a command that exists on
this machine. Every error line of the command line and of the window starts the same way,
``<program>: error:`` (`error_line`).
"""

from __future__ import annotations

import sys
from pathlib import Path

COMMAND = "tastetrail"
MODULE_PROG = "python -m app"


def program_name(argv0: str | None = None) -> str:
    """``tastetrail`` when the started file is the installed command or the bundle, else
    ``python -m app`` (a module run, and in-process callers such as a test runner)."""
    name = Path(sys.argv[0] if argv0 is None else argv0).name
    return COMMAND if name == COMMAND else MODULE_PROG


def error_line(message: str, command: str | None = None) -> str:
    """``<program> [command]: error: <message>``, whitespace folded into one line."""
    prog = program_name() if command is None else f"{program_name()} {command}"
    return f"{prog}: error: {' '.join(message.split())}"
