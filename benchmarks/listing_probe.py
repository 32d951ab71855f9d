"""Run ``python -m app snapshots --json`` in this process, then print its peak memory.

``python -m benchmarks.listing_probe --db PATH`` is the subject of figure 8's listing rows:
a fresh interpreter lists every row of the database as the JSON row contract (to a sink that
only counts it) and prints one JSON object: ``peak_mb``, the peak resident set of the whole run,
and ``bytes``, how much JSON was written.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from app.cli import main as app_main
from benchmarks.memory_probe import resident_mb


class _CountingSink:
    """A text stream that keeps only the count of what was written to it."""

    def __init__(self) -> None:
        self.written = 0

    def write(self, text: str) -> int:
        self.written += len(text)
        return len(text)

    def flush(self) -> None:
        pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.listing_probe")
    parser.add_argument("--db", type=Path, required=True)
    arguments = parser.parse_args(argv)
    sink = _CountingSink()
    with contextlib.redirect_stdout(sink):
        status = app_main(["snapshots", "--db", str(arguments.db), "--json"])
    if status != 0:
        return status
    print(json.dumps({"peak_mb": resident_mb()[1], "bytes": sink.written}))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
