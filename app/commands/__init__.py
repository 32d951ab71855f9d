"""The subcommands of ``python -m app``; each module registers one."""

from __future__ import annotations

import argparse
from typing import Any


def register_all(commands: argparse._SubParsersAction[Any]) -> None:
    from app.commands import (
        desktop_entry,
        gui,
        policy,
        restore,
        screenshot,
        settings,
        simulate,
        snapshots,
        trend,
    )

    for module in (
        gui,
        policy,
        simulate,
        snapshots,
        trend,
        settings,
        restore,
        screenshot,
        desktop_entry,
    ):
        module.register(commands)
