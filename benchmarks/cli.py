"""``python -m benchmarks``: benchmarks against peers and limits, printed side by side.

Timings never fail the command: it exits 0 whether targets are met or not, and the table
says which. Progress goes to stderr, the machine's facts and the table to stdout. Bad
arguments exit with status 2 and one line, like the app's own commands.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from app.commands.arguments import OneLineParser, WholeNumber, benchmark_rounds

BENCH_PACKAGES = ("redux", "orjson")
"""Imported by the benchmarks and installed by the ``bench`` extra."""
LAST_FIGURE = 15
"""The figures are numbered 1 to this (`benchmarks.figures.FIGURES`, which imports the
bench packages, so it is not imported to check an argument)."""


def _json_path(raw: str) -> Path:
    path = Path(raw)
    if not raw.strip() or path.is_dir():
        raise argparse.ArgumentTypeError(f"expected a file path for the JSON, received {raw!r}")
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(
            f"the folder of {raw!r} does not exist; create it first or choose another path"
        )
    return path


def _figure_number(raw: str) -> int:
    number = WholeNumber(1, sys.maxsize)(raw)
    if number > LAST_FIGURE:
        raise argparse.ArgumentTypeError(
            f"figures are numbered 1 to {LAST_FIGURE}, received {number}"
        )
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="python -m benchmarks",
        description=(
            "Runs every figure's contenders interleaved, several rounds after a warm-up, and "
            "prints median, min, max and the paired ratio against each baseline, with the "
            "target and whether it was met. Never fails on timing."
        ),
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes and few rounds (about half a minute); the names carry the sizes",
    )
    parser.add_argument(
        "--json",
        dest="json_path",
        type=_json_path,
        default=None,
        metavar="PATH",
        help="also write the figures to PATH as a JSON list of objects",
    )
    parser.add_argument(
        "--rounds",
        type=benchmark_rounds,
        default=None,
        help="rounds per figure, overriding the defaults (9 and 3 full, 3 and 1 quick)",
    )
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="print the table in Markdown (as in docs/performance.md) instead of plain text",
    )
    parser.add_argument(
        "--results",
        dest="results_path",
        type=_json_path,
        default=None,
        metavar="PATH",
        help="also write the run as a Markdown page to PATH (make bench writes docs/)",
    )
    parser.add_argument(
        "--headless",
        action="store_true",
        help=(
            "skip the figures that run the real window on a virtual X server (10, 11, 12 "
            "and 14), as the test suite's quick run does"
        ),
    )
    parser.add_argument(
        "--figure",
        dest="figures",
        type=_figure_number,
        action="append",
        default=None,
        metavar="N",
        help="run only figure N (repeat for several; default: all of them)",
    )
    return parser


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    missing = [name for name in BENCH_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        print(
            f"python -m benchmarks: error: {', '.join(missing)} not installed; install the "
            "bench extra: pip install -e '.[bench]' (make bench does it for you)",
            file=sys.stderr,
        )
        return 2
    from benchmarks import (
        BenchConfig,
        machine_facts,
        render_facts,
        render_markdown,
        render_results_page,
        render_table,
        run_figures,
        write_json,
    )

    facts = machine_facts()
    with tempfile.TemporaryDirectory(prefix="tastetrail-bench-") as workdir:
        config = BenchConfig.create(Path(workdir), quick=arguments.quick, rounds=arguments.rounds)
        mode = "quick (sizes scaled down)" if config.quick else "full"
        mode += f", {config.rounds} rounds ({config.heavy_rounds} for the long sessions)"
        print(f"TasteTrail benchmarks: {mode}, each after a warm-up")
        print(render_facts(facts))
        print(flush=True)
        rows = run_figures(
            config, arguments.figures, headless=arguments.headless, progress=_progress
        )
    print(render_markdown(rows) if arguments.markdown else render_table(rows))
    if arguments.json_path is not None:
        write_json(arguments.json_path, rows)
        print(f"\nwrote {len(rows)} figures to {arguments.json_path}")
    if arguments.results_path is not None:
        command = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
        page = render_results_page(rows, facts, mode=mode, command=command.strip())
        arguments.results_path.write_text(page, encoding="utf-8")
        print(f"wrote the results page to {arguments.results_path}")
    return 0
