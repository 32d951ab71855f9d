"""Figure 15: the deck that learns, against the old shuffle and an oracle, and its cost.

Synthetic users (`deck_runs`) swipe 300 cards of the shipped catalog on each deck; their
hidden affinities are the ground truth. Reported, per user, then summarised over the users:

- the like rate over swipes 101-300: adaptive against shuffled (target 1.5x) and against
  the oracle that knows the affinities (target 0.8x);
- after 50, 100 and 300 swipes, the ROC AUC of the profile's predicted appeal of every card
  against whether the user would like it (like chance above one half): 0.5 is a random
  ranking, the oracle's is 1.0; beside it, the AUC the shuffled deck's profile reaches;
- the CPU time of choosing the next card at 180 cards and at a generated 10,000-card
  catalog, the 99th percentile of a round's deals against scoring every card.
"""

from __future__ import annotations

from benchmarks.config import count
from benchmarks.context import BenchContext
from benchmarks.deck_catalog import generated_catalog
from benchmarks.deck_runs import (
    AUC_AFTER,
    LIKE_WINDOW,
    DeckSession,
    adaptive_choice,
    choice_costs,
    full_scan_choice,
    run_session,
)
from benchmarks.report import FigureRow, Target
from benchmarks.runner import Summary, paired, percentile, ratio
from store.deck_index import DeckIndex

FIGURE = 15
USERS = 40
QUICK_USERS = 4
COST_SWIPES = 300
LARGE_CATALOG = 10_000
QUICK_LARGE_CATALOG = 2_000
TARGET_AUC_AFTER = 100


def _row(
    name: str,
    unit: str,
    values: list[float],
    baseline_name: str,
    baseline: list[float],
    target: Target | None,
) -> FigureRow:
    return FigureRow(
        figure=FIGURE,
        name=name,
        unit=unit,
        value=Summary.of(values),
        baseline_name=baseline_name,
        baseline=Summary.of(baseline),
        ratio=paired(values, baseline, ratio),
        target=target,
        rounds=len(values),
    )


def _sessions(context: BenchContext, kind: str, users: int) -> list[DeckSession]:
    catalog = context.catalog
    index = DeckIndex.build(catalog.item_tags)
    return [run_session(catalog, index, kind, seed) for seed in range(1, users + 1)]


def run(context: BenchContext) -> list[FigureRow]:
    users = QUICK_USERS if context.config.quick else USERS
    adaptive = _sessions(context, "adaptive", users)
    shuffled = _sessions(context, "shuffled", users)
    oracle = _sessions(context, "oracle", users)
    first, last = LIKE_WINDOW
    span = f"swipes {first}-{last}, {users} users"
    rows = [
        _row(
            f"like rate, adaptive deck vs shuffled ({span})",
            "likes/swipe",
            [session.like_rate for session in adaptive],
            "shuffled deck",
            [session.like_rate for session in shuffled],
            Target("ratio", ">=", 1.5),
        ),
        _row(
            f"like rate, adaptive deck vs an oracle of the affinities ({span})",
            "likes/swipe",
            [session.like_rate for session in adaptive],
            "oracle deck",
            [session.like_rate for session in oracle],
            Target("ratio", ">=", 0.8),
        ),
    ]
    for after in AUC_AFTER:
        rows.append(
            _row(
                f"ranking ROC AUC vs would-like after {after} swipes ({users} users)",
                "AUC",
                [session.auc[after] for session in adaptive],
                "shuffled deck's profile",
                [session.auc[after] for session in shuffled],
                Target("median", ">=", 0.8) if after == TARGET_AUC_AFTER else None,
            )
        )
    large = QUICK_LARGE_CATALOG if context.config.quick else LARGE_CATALOG
    rounds = context.config.rounds
    for catalog, bound in ((context.catalog, 1.0), (generated_catalog(large), 5.0)):
        index = DeckIndex.build(catalog.item_tags)
        ours, scans = [], []
        for seed in range(1, rounds + 1):
            ours.append(
                percentile(choice_costs(catalog, index, seed, COST_SWIPES, adaptive_choice), 0.99)
            )
            scans.append(
                percentile(choice_costs(catalog, index, seed, COST_SWIPES, full_scan_choice), 0.99)
            )
        rows.append(
            _row(
                f"choosing the next card, p99 of {COST_SWIPES} deals, "
                f"{count(len(catalog.cards))} cards (CPU time)",
                "ms",
                ours,
                "scoring every card",
                scans,
                Target("median", "<=", bound, "ms"),
            )
        )
        context.progress(f"figure {FIGURE}: deal cost at {len(catalog.cards)} cards measured")
    return rows
