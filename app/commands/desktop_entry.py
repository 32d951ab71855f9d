"""``tastetrail desktop-entry install|remove``: the app in the desktop's menu, or not."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.program_name import error_line


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "desktop-entry",
        help="add the app to the desktop's menu (install) or take it out (remove)",
        description=(
            "Writes, or removes, a freedesktop .desktop file and the app's icon under the XDG "
            "data directory ($XDG_DATA_HOME, default ~/.local/share): applications/ and "
            "icons/hicolor/. The entry starts the command this was run with. A symbolic link "
            "at any of those paths is refused, never followed."
        ),
    )
    parser.add_argument(
        "action", choices=("install", "remove"), help="install or remove the entry and icon"
    )
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    from app.desktop_entry import DesktopEntryError, data_home, install, remove

    home = data_home()
    try:
        if arguments.action == "install":
            for placed in install(home):
                print(f"{'wrote' if placed.changed else 'unchanged'}: {placed.path}")
            print("TasteTrail is in the desktop's menu (some desktops show it after a re-login)")
        else:
            removed = remove(home)
            for path in removed:
                print(f"removed: {path}")
            if not removed:
                print(f"nothing to remove under {home}")
    except DesktopEntryError as error:
        print(error_line(str(error), "desktop-entry"), file=sys.stderr)
        return 2
    return 0
