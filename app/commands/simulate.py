"""``python -m app simulate``: a reproducible synthetic session in virtual time."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.commands.arguments import (
    burst_size,
    db_path_argument,
    fraction,
    non_negative_int,
    positive_float,
    positive_int,
    session_plan_error,
    supported_instant,
    swipe_interval,
    zone_argument,
)
from middleware.clock import system_zone
from middleware.decision_log import LOGGER_NAME, JsonLinesFormatter, ReadableFormatter
from middleware.policy import SnapshotPolicy

QUIET_EVENTS = frozenset({"batch_coalesced", "swipes_flushed"})
DEFAULT_START = "2026-01-05T07:00:00Z"


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "simulate",
        help="drive the real store and snapshot job in virtual time with a synthetic user",
        description=(
            "Runs a synthetic user against the real store, RxPY pipeline and a real SQLite "
            "file, in virtual time, and prints the decision log and a summary."
        ),
    )
    parser.add_argument("--swipes", type=non_negative_int, default=2000, help="swipes in all")
    parser.add_argument("--days", type=positive_int, default=3, help="local days to spread over")
    parser.add_argument(
        "--tz", type=zone_argument, default=None, help="IANA zone (default: the system's)"
    )
    parser.add_argument(
        "--interval", type=swipe_interval, default=None, help="swipes per count snapshot (25)"
    )
    parser.add_argument(
        "--db",
        dest="sim_db",
        type=db_path_argument,
        default=None,
        help="database file (default: a new file in the user data directory, printed)",
    )
    parser.add_argument("--seed", type=non_negative_int, default=1, help="random seed")
    parser.add_argument(
        "--fail-rate", type=fraction, default=0.0, help="fraction of snapshot writes that fail"
    )
    parser.add_argument(
        "--start",
        type=supported_instant,
        default=supported_instant(DEFAULT_START),
        help=f"virtual start instant, ISO-8601 with offset (default {DEFAULT_START})",
    )
    parser.add_argument(
        "--burst-size", type=burst_size, default=20, help="mean swipes per burst"
    )
    parser.add_argument(
        "--pause", type=positive_float, default=120.0, help="mean seconds between bursts"
    )
    parser.add_argument("--json", action="store_true", help="JSON lines log and summary")
    parser.add_argument(
        "--log",
        choices=("decisions", "all", "none"),
        default="decisions",
        help="which log records to print: decisions (default), all (with batches), none",
    )
    parser.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="progress bar on stderr (auto: when stderr is a terminal and the run is long)",
    )
    parser.set_defaults(run=run)


class _EventFilter(logging.Filter):
    def __init__(self, hide: frozenset[str]) -> None:
        super().__init__()
        self._hide = hide

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "event", "") not in self._hide


@contextmanager
def _decision_log(mode: str, as_json: bool) -> Iterator[None]:
    logger = logging.getLogger(LOGGER_NAME)
    if mode == "none":
        yield
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonLinesFormatter() if as_json else ReadableFormatter())
    if mode == "decisions":
        handler.addFilter(_EventFilter(QUIET_EVENTS))
    previous_level, previous_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)
        logger.propagate = previous_propagate


def _new_simulation_path() -> Path:
    from app.bootstrap import ensure_default_data_dir
    from app.paths import default_db_path, user_data_dir

    folder = user_data_dir() / "simulations"
    ensure_default_data_dir(default_db_path())  # the data directory first: mkdir's parents
    ensure_default_data_dir(folder / "x")  # would get the umask's mode, not 0700
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    return folder / f"simulation-{stamp}.sqlite3"


def run(arguments: argparse.Namespace) -> int:
    from app.simulation.simulator import SimulationOptions, run_simulation
    from app.simulation.synthetic_user import PlanOutOfRangeError
    from middleware.persistence.errors import RepositoryError

    plan_error = session_plan_error(
        swipes=arguments.swipes, days=arguments.days, start=arguments.start
    )
    if plan_error is not None:
        print(f"python -m app simulate: error: {plan_error}", file=sys.stderr)
        return 2
    db_path: Path = arguments.sim_db or arguments.db or _new_simulation_path()
    zone = arguments.tz or system_zone()
    policy = SnapshotPolicy(
        **({"swipe_interval": arguments.interval} if arguments.interval else {})
    )
    options = SimulationOptions(
        db_path=db_path,
        swipes=arguments.swipes,
        days=arguments.days,
        zone=zone,
        start=arguments.start,
        seed=arguments.seed,
        fail_rate=arguments.fail_rate,
        burst_size=arguments.burst_size,
        pause_seconds=arguments.pause,
        policy=policy,
    )
    if not arguments.json:
        print(f"database: {db_path}")
        print(
            f"simulating {arguments.swipes} swipes over {arguments.days} day(s) in {zone.key}, "
            f"interval {policy.swipe_interval}, seed {arguments.seed}, "
            f"fail rate {arguments.fail_rate:.0%}"
        )
    show_progress = arguments.progress == "always" or (
        arguments.progress == "auto" and sys.stderr.isatty() and arguments.swipes >= 100_000
    )
    try:
        with (
            _decision_log(arguments.log, arguments.json),
            _progress(show_progress, arguments.swipes) as tick,
        ):
            report = run_simulation(options, on_swipe=tick)
    except RepositoryError as error:
        print(f"python -m app simulate: error: {error}", file=sys.stderr)
        return 2
    except PlanOutOfRangeError as error:
        print(
            f"python -m app simulate: error: {error}; use an earlier --start, or fewer "
            "--swipes a day (the swipes before it are in the database)",
            file=sys.stderr,
        )
        return 2
    if arguments.json:
        summary = {"event": "summary", "database": str(db_path), **asdict(report)}
        summary["write_amplification"] = round(report.write_amplification, 4)
        print(json.dumps(summary, sort_keys=True))
    else:
        print(_render_summary(report))
    return 0


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Any]:
    if not enabled:
        yield None
        return
    from tqdm import tqdm

    # The bar appears with the first swipe: a database refused at the start leaves stderr
    # with its one error line only.
    bars: list[Any] = []
    step = max(1, total // 200)

    def tick(count: int) -> None:
        if not bars:
            bars.append(tqdm(total=total, unit="swipe", unit_scale=True, file=sys.stderr))
        if count % step == 0 or count == total:
            bars[0].update(count - bars[0].n)

    try:
        yield tick
    finally:
        for bar in bars:
            bar.close()


def _render_summary(report: Any) -> str:
    def pairs(mapping: dict[str, int]) -> str:
        return ", ".join(f"{key} {value}" for key, value in mapping.items()) or "none"

    lines = [
        "",
        "summary",
        f"  swipes                {report.swipes} "
        f"({report.swipes_in_database} in the swipes table)",
        f"  local days active     {report.days_with_activity}",
        f"  batches               {report.batches} "
        f"(mean {report.swipes_coalesced / max(report.batches, 1):.1f} swipes)",
        f"  decisions: create     {pairs(report.scheduled_by_trigger)}",
        f"  decisions: skip       {pairs(report.skipped_by_reason)}",
        f"  rows written          {report.rows_written} ({pairs(report.rows_by_trigger)})",
        f"  duplicates suppressed {report.duplicates_suppressed}",
        f"  write failures        {report.failures} ({report.injected_failures} injected)",
        f"  retries               {report.retries}",
        f"  minimum rows          {report.minimum_rows}",
        f"  write amplification   {report.write_amplification:.2f}x the minimum",
        f"  virtual time          {report.virtual_seconds / 3600:.1f} h",
    ]
    return "\n".join(lines)
