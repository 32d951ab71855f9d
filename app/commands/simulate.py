"""``python -m app simulate``: a reproducible synthetic session in virtual time."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from app.commands.arguments import (
    PATH,
    add_log_option,
    burst_size,
    clock_jump_argument,
    db_path_argument,
    fraction,
    pause_seconds,
    seed_number,
    session_plan_error,
    simulated_days,
    simulated_swipes,
    supported_instant,
    swipe_interval,
    zone_argument,
    zone_change_argument,
)
from app.commands.simulate_output import progress, progress_style, render_summary
from app.commands.stdout_reader import StdoutMayClose
from app.log_output import printed_log
from app.program_name import error_line, program_name
from app.simulation.time_faults import MAX_JUMP_DAYS, TimeFault
from middleware.clock import SystemClock, system_zone
from middleware.policy import SnapshotPolicy


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "simulate",
        help="drive the real store and snapshot job in virtual time with a synthetic user",
        description=(
            "Runs a synthetic user against the real store, RxPY pipeline and a real SQLite "
            "file, in virtual time, and prints a summary (--log decisions adds the decision log)."
        ),
    )
    parser.add_argument("--swipes", type=simulated_swipes, default=2000, help="swipes in all")
    parser.add_argument("--days", type=simulated_days, default=3, help="local days to spread over")
    parser.add_argument(
        "--tz", type=zone_argument, default=None, help="IANA zone (default: the system's)"
    )
    parser.add_argument(
        "--interval",
        type=swipe_interval,
        default=None,
        help=(
            "swipes per count snapshot (default: the file's setting, see 'settings'; "
            f"{SnapshotPolicy().swipe_interval} for a new file)"
        ),
    )
    parser.add_argument(
        "--db",
        dest="sim_db",
        metavar=PATH,
        type=db_path_argument,
        default=None,
        help="database file (default: a new file in the user data directory, printed)",
    )
    parser.add_argument("--seed", type=seed_number, default=1, help="random seed")
    parser.add_argument(
        "--deck",
        choices=("adaptive", "shuffled"),
        default="adaptive",
        help=(
            "the deck the synthetic user swipes: adaptive learns from the profile, as the "
            "window's deck does; shuffled deals a seeded shuffle round after round "
            "(default: adaptive)"
        ),
    )
    parser.add_argument(
        "--fail-rate", type=fraction, default=0.0, help="fraction of snapshot writes that fail"
    )
    parser.add_argument(
        "--start",
        type=supported_instant,
        default=None,
        help=(
            "virtual start instant, ISO-8601 with offset (default: the local midnight after "
            "the database's last swipe, or --days days before now for a new database)"
        ),
    )
    parser.add_argument(
        "--allow-future",
        action="store_true",
        help="let the run swipe after the system clock (default: refused before writing)",
    )
    parser.add_argument(
        "--zone-change",
        dest="time_faults",
        action="append",
        type=zone_change_argument,
        default=[],
        metavar="AT=ZONE",
        help=(
            "from instant AT (ISO-8601 with offset) the user's zone is ZONE; "
            "repeatable (default: none)"
        ),
    )
    parser.add_argument(
        "--clock-jump",
        dest="time_faults",
        action="append",
        type=clock_jump_argument,
        default=[],
        metavar="AT=DURATION",
        help=(
            "at instant AT the app's clock jumps by DURATION: [+-]N and s, m, h or d "
            f"(range: at most {MAX_JUMP_DAYS:,}d either way); repeatable (default: none)"
        ),
    )
    parser.add_argument(
        "--burst-size", type=burst_size, default=20, help="mean swipes per burst"
    )
    parser.add_argument(
        "--pause",
        type=pause_seconds,
        default=120.0,
        metavar="SECONDS",
        help="mean seconds between bursts",
    )
    parser.add_argument("--json", action="store_true", help="JSON lines log and summary")
    add_log_option(parser, default="none")  # a summary to read, not 24,000 lines
    parser.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help=(
            "progress on stderr: a bar on a terminal, a line a quarter elsewhere (auto: for "
            "runs of 100,000 swipes or more)"
        ),
    )
    parser.set_defaults(run=run)


def _new_simulation_path() -> Path:
    from app.bootstrap import ensure_default_data_dir
    from app.paths import default_db_path, user_data_dir

    folder = user_data_dir() / "simulations"
    ensure_default_data_dir(default_db_path())  # the data directory first: mkdir's parents
    ensure_default_data_dir(folder / "x")  # would get the umask's mode, not 0700
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    return folder / f"simulation-{stamp}.sqlite3"


def run(arguments: argparse.Namespace) -> int:
    from app.simulation.continuation import (
        check_time_faults,
        choose_start,
        end_of_run,
        new_file_start,
        read_history,
        stored_swipe_interval,
    )
    from app.simulation.decks import DeckKind
    from app.simulation.invariants import check_file
    from app.simulation.simulator import SimulationOptions, run_simulation
    from app.simulation.synthetic_user import PlanOutOfRangeError
    from app.simulation.time_faults import in_order, utc_text
    from middleware.persistence.errors import RepositoryError
    from store.catalog import load_catalog

    db_path: Path | None = arguments.sim_db or arguments.db
    zone = arguments.tz or system_zone()
    now = SystemClock().now()  # the system clock: no run swipes after it, unless allowed
    try:
        history = read_history(db_path) if db_path is not None else None
        start = choose_start(
            arguments.start, history, zone=zone, default=new_file_start(now, arguments.days)
        )
        # Checked from the start the run really has: a continued history starts after its
        # last swipe, which may leave fewer days before the end of the storable instants;
        # and before the run's end is computed from its days.
        plan_error = session_plan_error(
            swipes=arguments.swipes, days=arguments.days, start=start
        )
        if plan_error is not None:
            raise ValueError(plan_error)
        faults: list[TimeFault] = arguments.time_faults
        check_time_faults(faults, start=start, end=end_of_run(start, arguments.days, zone))
    except (ValueError, RepositoryError) as error:
        print(error_line(str(error), "simulate"), file=sys.stderr)
        return 2
    if not arguments.allow_future:
        future = _future_error(
            arguments,
            start=start,
            zone=zone,
            faults=faults,
            now=now,
            continued=history is not None and arguments.start is None,
        )
        if future is not None:
            print(error_line(future, "simulate"), file=sys.stderr)
            return 2
    db_path = db_path or _new_simulation_path()
    # A reader that goes away (``| head``) ends the printing, not the run: the file gets
    # the whole session and its checks; the status is the finished run's (0 when fine).
    out = StdoutMayClose()
    policy = SnapshotPolicy(
        **({"swipe_interval": arguments.interval} if arguments.interval else {})
    )
    options = SimulationOptions(
        db_path=db_path,
        swipes=arguments.swipes,
        days=arguments.days,
        zone=zone,
        start=start,
        seed=arguments.seed,
        fail_rate=arguments.fail_rate,
        burst_size=arguments.burst_size,
        pause_seconds=arguments.pause,
        policy=policy,
        time_faults=tuple(faults),
        deck=DeckKind(arguments.deck),
        not_after=None if arguments.allow_future else now,
    )
    if not arguments.json:
        interval = _interval_text(arguments.interval, stored_swipe_interval(db_path))
        print(f"database: {db_path}", file=out)
        if history is not None:
            print(
                f"continuing after swipe #{history.sequence} at {utc_text(history.at)}", file=out
            )
        print(
            f"simulating {arguments.swipes} swipes over {arguments.days} day(s) in {zone.key} "
            f"from {utc_text(start)}, interval {interval}, "
            f"seed {arguments.seed}, "
            f"fail rate {arguments.fail_rate:.0%}, {arguments.deck} deck",
            file=out,
        )
        for fault in in_order(faults):
            print(f"  {fault.describe()}", file=out)
    show_progress = progress_style(
        arguments.progress, swipes=arguments.swipes, terminal=sys.stderr.isatty()
    )
    try:
        with (
            printed_log(out, arguments.log, as_json=arguments.json),
            progress(show_progress, arguments.swipes) as tick,
        ):
            report = run_simulation(options, on_swipe=tick)
        # Exact days only when the run had the clock to itself: a new file, one zone, no
        # jumps. Otherwise a date can come back, and its rollover need not cover it all.
        check = check_file(
            db_path,
            load_catalog(),
            timezone=report.zone_at_end,
            days_are_exact=history is None and not faults,
            today=report.local_date_at_end,
        )
    except RepositoryError as error:
        out.flush()
        print(error_line(str(error), "simulate"), file=sys.stderr)
        return 2
    except PlanOutOfRangeError as error:
        out.flush()
        print(
            error_line(
                f"{error}; use an earlier --start, or fewer --swipes a day (the swipes "
                "before it are in the database)",
                "simulate",
            ),
            file=sys.stderr,
        )
        return 2
    from app.simulation.verdict import judge, shortfall

    found = [*shortfall(report), *check.violations]
    verdict = judge(report, found)
    violations = [str(violation) for violation in found]
    if arguments.json:
        summary = {"event": "summary", "database": str(db_path), **asdict(report)}
        summary["unsaved_swipes"] = report.unsaved_swipes
        summary["write_amplification"] = round(report.write_amplification, 4)
        summary["like_rate"] = round(report.like_rate, 4)
        summary["local_date_at_end"] = report.local_date_at_end.isoformat()
        summary["invariants"] = violations or "ok"
        print(json.dumps(summary, sort_keys=True), file=out)
    else:
        print(render_summary(report, violations), file=out)
    if verdict.line is not None:
        print(f"{program_name()} simulate: {verdict.line}", file=sys.stderr)
    out.flush()
    return verdict.status


def _future_error(
    arguments: argparse.Namespace,
    *,
    start: datetime,
    zone: ZoneInfo,
    faults: list[TimeFault],
    now: datetime,
    continued: bool,
) -> str | None:
    """Why the planned run would swipe after ``now`` (or past the storable instants), or
    None: checked before anything is written. ``continued``: the run goes on from the
    file's history, at ``start``."""
    from app.simulation.continuation import future_error, most_ahead
    from app.simulation.synthetic_user import PlanOutOfRangeError, plan_end
    from store.catalog import load_catalog

    # The last planned day starts at least days - 2 whole days after the start: past now
    # already, the plan is refused without walking it (minutes for a million days).
    ahead, continued_from = most_ahead(faults), start if continued else None
    surely_reached = start + timedelta(days=max(arguments.days - 2, 0))
    if surely_reached > now:
        return future_error(surely_reached, ahead=ahead, now=now, continued_from=continued_from)
    try:
        last_swipe = plan_end(
            load_catalog(),
            swipes=arguments.swipes,
            days=arguments.days,
            start=start,
            zone=zone,
            seed=arguments.seed,
            burst_size=arguments.burst_size,
            pause_seconds=arguments.pause,
        )
    except PlanOutOfRangeError as error:
        return str(error)
    return future_error(last_swipe, ahead=ahead, now=now, continued_from=continued_from)


def _interval_text(asked: int | None, stored: int | None) -> str:
    """The swipe interval the run counts with: asked for, else the file's stored setting."""
    if asked:
        return str(asked)
    if stored is not None:
        return f"{stored} (the file's setting)"
    return str(SnapshotPolicy().swipe_interval)
