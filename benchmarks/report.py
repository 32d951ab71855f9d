"""Benchmark results: one `FigureRow` per line, printed as a table or written as JSON.

A row is a subject measured against its baseline in the same run: the subject's median,
minimum and maximum over the rounds, the baseline's, the paired ratio (subject / baseline,
per round, then the median), and the target with whether it was met. ``met`` is None for
a figure that is only reported, and for a figure this machine could not run (`skipped`:
its row says why instead of giving numbers).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from benchmarks.runner import Samples, Summary, difference, paired, ratio

Operator = Literal[">=", "<=", "=="]
Subject = Literal["ratio", "median", "difference"]
_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Target:
    """A bound on the ratio, on the subject's median, or on the paired difference."""

    subject: Subject
    operator: Operator
    bound: float
    unit: str = ""

    def describe(self) -> str:
        if self.subject == "ratio":
            return f"ratio {self.operator} {self.bound:.2f}"
        name = "growth " if self.subject == "difference" else ""
        return f"{name}{self.operator} {_number(self.bound)} {self.unit}".rstrip()

    def is_met(self, value: float) -> bool:
        if self.operator == ">=":
            return value >= self.bound - _TOLERANCE
        if self.operator == "<=":
            return value <= self.bound + _TOLERANCE
        return abs(value - self.bound) <= _TOLERANCE


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One measured line of a figure, against its baseline."""

    figure: int
    name: str
    unit: str
    value: Summary
    baseline_name: str
    baseline: Summary
    ratio: Summary
    target: Target | None
    rounds: int
    difference: Summary | None = None
    skip_reason: str | None = None

    @classmethod
    def skipped(cls, figure: int, name: str, unit: str, reason: str) -> FigureRow:
        """A row for a figure that could not run here; ``reason`` says what it needs."""
        nothing = Summary(0.0, 0.0, 0.0)
        return cls(figure, name, unit, nothing, "-", nothing, nothing, None, 0, None, reason)

    @property
    def met(self) -> bool | None:
        if self.target is None or self.skip_reason is not None:
            return None
        if self.target.subject == "ratio":
            return self.target.is_met(self.ratio.median)
        if self.target.subject == "difference":
            if self.difference is None:
                raise ValueError(f"figure {self.figure}: a difference target needs differences")
            return self.target.is_met(self.difference.median)
        return self.target.is_met(self.value.median)

    @classmethod
    def compare(
        cls,
        samples: Samples,
        *,
        figure: int,
        name: str,
        unit: str,
        subject: tuple[str, str],
        baseline: tuple[str, str],
        baseline_name: str | None = None,
        target: Target | None = None,
    ) -> FigureRow:
        """The row for ``subject`` against ``baseline``, each a (contender, metric) pair."""
        values = samples[subject[0]][subject[1]]
        baseline_values = samples[baseline[0]][baseline[1]]
        return cls(
            figure=figure,
            name=name,
            unit=unit,
            value=Summary.of(values),
            baseline_name=baseline_name or baseline[0],
            baseline=Summary.of(baseline_values),
            ratio=paired(values, baseline_values, ratio),
            target=target,
            rounds=len(values),
            difference=paired(values, baseline_values, difference),
        )

    def to_json(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "figure": self.figure,
            "name": self.name,
            "median": self.value.median,
            "min": self.value.min,
            "max": self.value.max,
            "unit": self.unit,
            "baseline": {
                "name": self.baseline_name,
                "median": self.baseline.median,
                "min": self.baseline.min,
                "max": self.baseline.max,
            },
            "ratio": self.ratio.median,
            "ratio_min": self.ratio.min,
            "ratio_max": self.ratio.max,
            "target": self.target.describe() if self.target else None,
            "met": self.met,
            "rounds": self.rounds,
        }
        if self.difference is not None:
            row["difference"] = self.difference.median
        if self.skip_reason is not None:
            row["skipped"] = self.skip_reason
        return row


def _finite(value: Any) -> Any:
    """JSON has no infinity: a ratio against a baseline of zero is written as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    return value


def write_json(path: Path, rows: Sequence[FigureRow]) -> None:
    """Write the rows as a JSON list of objects (one per row, in figure order); a value
    that is not finite (a ratio against a baseline of zero) is written as null."""
    objects = [_finite(row.to_json()) for row in rows]
    text = json.dumps(objects, indent=2, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")


def _number(value: float) -> str:
    if math.isinf(value):
        return "inf"
    magnitude = abs(value)
    if magnitude >= 100_000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _ratio_cell(row: FigureRow) -> str:
    """The ratio, or ``n/a`` against a baseline of zero (an idle window that never woke)."""
    value = row.ratio.median
    return f"{value:.2f}x" if math.isfinite(value) else "n/a"


def _target_cell(row: FigureRow) -> str:
    if row.skip_reason is not None:
        return row.skip_reason
    if row.target is None:
        return "-"
    if row.target.subject == "difference" and row.difference is not None:
        return f"{row.target.describe()} (is {_number(row.difference.median)})"
    return row.target.describe()


def _verdict(row: FigureRow) -> str:
    if row.skip_reason is not None:
        return "skipped"
    met = row.met
    return "report" if met is None else ("met" if met else "MISSED")


def render_table(rows: Sequence[FigureRow]) -> str:
    """A plain-text table: one line per row, with the baseline beside the subject."""
    header = (
        "#",
        "figure",
        "median",
        "min",
        "max",
        "unit",
        "baseline (median)",
        "ratio",
        "target",
        "",
    )
    lines = [header]
    for row in rows:
        lines.append(
            (
                str(row.figure),
                row.name,
                _number(row.value.median),
                _number(row.value.min),
                _number(row.value.max),
                row.unit,
                f"{row.baseline_name}: {_number(row.baseline.median)}",
                _ratio_cell(row),
                _target_cell(row),
                _verdict(row),
            )
        )
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    numeric = {2, 3, 4, 7}
    rendered = []
    for line in lines:
        cells = [
            cell.rjust(width) if column in numeric else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        rendered.append("  ".join(cells).rstrip())
    rendered.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(rendered)


def render_markdown(rows: Sequence[FigureRow]) -> str:
    """The same table in Markdown, for docs/performance.md."""
    lines = [
        "| # | figure | median | min | max | unit | baseline (median) | ratio | target | |",
        "|---|---|---:|---:|---:|---|---|---:|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row.figure} | {row.name} | {_number(row.value.median)} | "
            f"{_number(row.value.min)} | {_number(row.value.max)} | {row.unit} | "
            f"{row.baseline_name}: {_number(row.baseline.median)} | {_ratio_cell(row)} | "
            f"{_target_cell(row)} | {_verdict(row)} |"
        )
    return "\n".join(lines)


def render_results_page(
    rows: Sequence[FigureRow], facts: Mapping[str, str], *, mode: str, command: str
) -> str:
    """A Markdown page of one run: how it was made, on what machine, and the table.

    ``make bench`` writes it to docs/, so the published figures are always a run's own
    output, never a table kept by hand.
    """
    machine = "\n".join(f"- {key}: {value}" for key, value in facts.items())
    return (
        "# Benchmark results\n\n"
        f"Written by `{command}` ({mode}); do not edit by hand, run it again. What each "
        "figure measures and why: [performance.md](performance.md).\n\n"
        f"{machine}\n\n{render_markdown(rows)}\n"
    )


def render_facts(facts: Mapping[str, str]) -> str:
    width = max((len(key) for key in facts), default=0)
    return "\n".join(f"{key.ljust(width)}  {value}" for key, value in facts.items())
