"""The benchmarks run end to end in their quick mode, so they cannot rot.

Only the shape of the results is checked: every figure is there with its fields and with
positive numbers. Timings are never compared with targets here; a slow or busy machine must
not fail the suite.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks.cli import main
from benchmarks.report import FigureRow, Target, render_table
from benchmarks.runner import Contender, Summary, percentile, run_interleaved

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"figure", "name", "median", "min", "max", "unit", "baseline", "ratio", "target", "met"}


def _positive(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


@pytest.fixture(scope="module")
def quick_figures(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    path = tmp_path_factory.mktemp("bench") / "bench.json"
    assert main(["--quick", "--rounds", "1", "--json", str(path)]) == 0
    figures: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return figures


def test_a_quick_run_reports_all_eight_figures(quick_figures: list[dict[str, Any]]) -> None:
    assert {row["figure"] for row in quick_figures} == set(range(1, 9))
    assert [row["figure"] for row in quick_figures] == sorted(
        row["figure"] for row in quick_figures
    )


def test_every_figure_has_the_required_fields_and_positive_numbers(
    quick_figures: list[dict[str, Any]],
) -> None:
    for row in quick_figures:
        assert row.keys() >= FIELDS, row
        assert isinstance(row["name"], str) and row["name"]
        assert isinstance(row["unit"], str) and row["unit"]
        for key in ("median", "min", "max", "ratio"):
            assert _positive(row[key]), (key, row)
        assert row["min"] <= row["median"] <= row["max"], row
        baseline = row["baseline"]
        assert isinstance(baseline["name"], str) and baseline["name"]
        assert _positive(baseline["median"]), row
        assert row["met"] in (True, False, None)
        assert (row["target"] is None) == (row["met"] is None), row


def test_quick_figure_names_carry_the_scaled_down_sizes(
    quick_figures: list[dict[str, Any]],
) -> None:
    names = " ".join(row["name"] for row in quick_figures)
    assert "50k swipes" in names
    assert "1M" not in names


def test_the_command_refuses_a_json_path_in_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--quick", "--json", str(tmp_path / "missing" / "bench.json")])
    assert exit_info.value.code == 2
    assert "does not exist" in capsys.readouterr().err


def test_python_dash_m_benchmarks_refuses_an_unknown_figure_in_one_line() -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--figure", "9"],
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT_ROOT,
        timeout=60,
    )
    assert finished.returncode == 2
    assert finished.stderr.count("\n") == 1
    assert "figures are numbered 1 to 8, received 9" in finished.stderr
    assert finished.stdout == ""


def test_contenders_run_interleaved_after_one_warm_up_each() -> None:
    calls: list[str] = []

    def contender(name: str) -> Contender:
        return Contender(name, lambda: calls.append(name) or {"value": 1.0})

    samples = run_interleaved([contender("A"), contender("B")], rounds=3)
    assert calls == ["A", "B"] + ["A", "B"] * 3
    assert samples == {"A": {"value": [1.0, 1.0, 1.0]}, "B": {"value": [1.0, 1.0, 1.0]}}


def test_ratios_are_paired_per_round_then_summarised() -> None:
    samples = {"ours": {"t": [2.0, 4.0, 9.0]}, "theirs": {"t": [1.0, 4.0, 3.0]}}
    row = FigureRow.compare(
        samples,
        figure=1,
        name="x",
        unit="s",
        subject=("ours", "t"),
        baseline=("theirs", "t"),
        target=Target("ratio", "<=", 2.0),
    )
    assert row.ratio == Summary(median=2.0, min=1.0, max=3.0)
    assert row.value == Summary(median=4.0, min=2.0, max=9.0)
    assert row.met is True
    assert "met" in render_table([row])


def test_the_99th_percentile_is_the_nearest_rank() -> None:
    assert percentile(list(range(1, 101)), 0.99) == 99
    assert percentile([5.0], 0.99) == 5.0
