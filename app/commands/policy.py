"""``python -m app policy``: print the trigger test matrix (inputs -> decision)."""

from __future__ import annotations

import argparse
from typing import Any

from middleware.policy_matrix import render_matrix


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "policy",
        help="print the snapshot trigger matrix the tests check (default policy)",
        description=(
            "Prints, for each case the tests check (swipes, last swipe, now, zone, what is "
            "already recorded), the decision the default snapshot policy takes."
        ),
    )
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    print(render_matrix())
    return 0
