"""The table and the JSON of the benchmark rows: a baseline of zero, a figure that cannot run."""

from __future__ import annotations

import json
import math
from pathlib import Path

from benchmarks.report import (
    FigureRow,
    Summary,
    render_markdown,
    render_results_page,
    render_table,
    write_json,
)


def test_a_ratio_against_a_baseline_of_zero_is_written_as_null(tmp_path: Path) -> None:
    zero, some = Summary(0.0, 0.0, 0.0), Summary(2.0, 2.0, 2.0)
    row = FigureRow(11, "idle", "CPU s", some, "bare", zero, Summary(math.inf, math.inf, math.inf),
                    None, 1)  # fmt: skip
    path = tmp_path / "rows.json"
    write_json(path, [row])
    (written,) = json.loads(path.read_text(encoding="utf-8"))
    assert written["ratio"] is None and written["median"] == 2.0


def test_a_ratio_against_a_baseline_of_zero_is_printed_as_not_applicable() -> None:
    zero, some = Summary(0.0, 0.0, 0.0), Summary(2.0, 2.0, 2.0)
    row = FigureRow(11, "idle", "CPU s", some, "bare", zero, Summary(math.inf, math.inf, math.inf),
                    None, 1)  # fmt: skip
    assert "n/a" in render_table([row]) and "inf" not in render_table([row])
    assert "| n/a |" in render_markdown([row])


def test_the_results_page_says_how_it_was_made_and_holds_the_run_s_table() -> None:
    row = FigureRow(1, "dispatch", "swipes/s", Summary(3.0, 2.0, 4.0), "peer",
                    Summary(1.5, 1.0, 2.0), Summary(2.0, 2.0, 2.0), None, 3)  # fmt: skip
    page = render_results_page(
        [row], {"cpu": "a test CPU"}, mode="quick", command="python -m benchmarks --quick"
    )
    assert page.startswith("# Benchmark results")
    assert "`python -m benchmarks --quick` (quick)" in page
    assert "- cpu: a test CPU" in page
    assert render_markdown([row]) in page
