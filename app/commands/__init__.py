"""The subcommands of ``python -m app``; each module registers one."""

from __future__ import annotations

import argparse
from typing import Any


def register_all(commands: argparse._SubParsersAction[Any]) -> None:
    from app.commands import gui, policy, screenshot, simulate, snapshots

    for module in (gui, policy, simulate, snapshots, screenshot):
        module.register(commands)
