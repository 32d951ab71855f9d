"""Figure 4: building and serializing a snapshot row after a long history and a short one.

`build_new_snapshot` (the payload from the memoized selector, its canonical JSON, the meta
and the row model) runs on the state after a million swipes and after a thousand, both
from `history`. Every call gets a fresh state object (a copy of the tag map), so the
selector's memo cannot hide the work; the copies are made before the clock starts. The
payload depends on the tags, not on the history, so the two should cost the same.

A second row puts the JSON step alone (``SnapshotInput.canonical_json``) beside orjson with
sorted keys on the same payload model, as a peer for the serializer; it is reported, with no
target.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

import orjson

from benchmarks.config import count
from benchmarks.context import BenchContext
from benchmarks.history import History, build_history
from benchmarks.report import FigureRow, Target
from benchmarks.runner import Contender, Measurement, run_interleaved
from store.actions import TriggerType
from store.local_day import local_date
from store.selectors import build_current_profile_snapshot_input
from store.snapshot_of_state import build_new_snapshot
from store.state import AppState
from store.windows import threshold_window_key

JSON_REPEATS = 20


def history_of(context: BenchContext, swipes: int) -> History:
    """The run's history of ``swipes`` swipes, built on first use and shared by figures."""
    return context.fixture(
        f"history-{swipes}",
        lambda: build_history(context.new_path("history"), context.catalog, swipes),
    )


def long_history(context: BenchContext) -> History:
    return history_of(context, context.sizes.history_swipes)


def short_history(context: BenchContext) -> History:
    return history_of(context, context.sizes.small_history_swipes)


def _fresh(state: AppState) -> AppState:
    profile = state.profile
    return state._replace(profile=profile._replace(tags=dict(profile.tags)))


def snapshot_builds(history: History, builds: int) -> Callable[[], Measurement]:
    """A run: ``builds`` rows, each from a fresh copy of the history's final state."""
    sequence = history.state.profile.sequence
    window_key = threshold_window_key(sequence)
    created_at = history.last_swipe_at
    day = local_date(created_at, ZoneInfo(history.state.timezone))

    def measure() -> Measurement:
        states = [_fresh(history.state) for _ in range(builds)]
        started = time.perf_counter()
        for state in states:
            build_new_snapshot(
                state,
                trigger_type=TriggerType.SWIPE_THRESHOLD,
                window_key=window_key,
                snapshot_date_local=day,
                reason=f"swipe {sequence} reached {sequence}",
                created_at=created_at,
            )
        return {"per_snapshot": (time.perf_counter() - started) / builds * 1e6}

    return measure


def _json_peers(history: History) -> tuple[Callable[[], Measurement], Callable[[], Measurement]]:
    payload = build_current_profile_snapshot_input(_fresh(history.state))

    def ours() -> Measurement:
        started = time.perf_counter()
        for _ in range(JSON_REPEATS):
            payload.canonical_json()
        return {"per_payload": (time.perf_counter() - started) / JSON_REPEATS * 1e6}

    def peer() -> Measurement:
        started = time.perf_counter()
        for _ in range(JSON_REPEATS):
            orjson.dumps(payload.to_jsonable(), option=orjson.OPT_SORT_KEYS)
        return {"per_payload": (time.perf_counter() - started) / JSON_REPEATS * 1e6}

    return ours, peer


def run(context: BenchContext) -> list[FigureRow]:
    config = context.config
    builds = context.sizes.payload_builds
    long, short = long_history(context), short_history(context)
    long_name, short_name = f"{count(long.swipes)} swipes", f"{count(short.swipes)} swipes"
    json_ours, json_peer = _json_peers(long)
    samples = run_interleaved(
        [
            Contender(long_name, snapshot_builds(long, builds)),
            Contender(short_name, snapshot_builds(short, builds)),
            Contender("canonical_json", json_ours),
            Contender("orjson", json_peer),
        ],
        rounds=config.rounds,
        warm_up=config.warm_up,
    )
    return [
        FigureRow.compare(
            samples,
            figure=4,
            name=f"build + serialize a snapshot row at {long_name} of history",
            unit="us/snapshot",
            subject=(long_name, "per_snapshot"),
            baseline=(short_name, "per_snapshot"),
            baseline_name=f"at {short_name}",
            target=Target("ratio", "<=", 1.1),
        ),
        FigureRow.compare(
            samples,
            figure=4,
            name=f"canonical payload JSON alone at {long_name} (SnapshotInput.canonical_json)",
            unit="us/payload",
            subject=("canonical_json", "per_payload"),
            baseline=("orjson", "per_payload"),
            baseline_name="orjson OPT_SORT_KEYS",
        ),
    ]
