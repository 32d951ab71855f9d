"""The window figures (10, 11, 12, 14) run end to end on small histories, so they cannot
rot; and the parts they are made of do what their figures say.

Figure 10 (start-up: every window started once, about ten seconds) runs in every suite;
the four together take about two minutes and run with ``--run-slow``. Without Xvfb they
are skipped with the line to install it; under CI they fail instead, like the real-window
test. Only the shape of the rows is checked, never a timing against a target.
"""

from __future__ import annotations

import math
import os
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks import run_figures
from benchmarks.config import QUICK, BenchConfig
from benchmarks.figures import WINDOW_FIGURES
from benchmarks.process_stats import resident_mb, sample
from benchmarks.report import FigureRow, render_table
from benchmarks.window_process import FRAMES_VARIABLE
from benchmarks.window_runs import DeckKeys, needs_x_server
from tests.e2e.xserver import running_under_ci
from ui.frame_report import ENVIRONMENT_VARIABLE

SMALL = replace(QUICK, small_history_swipes=1_000, mid_history_swipes=2_000, history_swipes=3_000)


def run_small(workdir: Path, figures: list[int]) -> list[FigureRow]:
    missing = needs_x_server()
    if missing is not None:
        if running_under_ci():
            pytest.fail(f"the window figures {missing}; CI is set, so this fails", pytrace=False)
        pytest.skip(f"the window figures {missing}")
    config = replace(BenchConfig.create(workdir, quick=True, rounds=1), sizes=SMALL)
    return run_figures(config, figures)


@pytest.fixture(scope="module")
def startup_rows(tmp_path_factory: pytest.TempPathFactory) -> list[FigureRow]:
    return run_small(tmp_path_factory.mktemp("startup-figure"), [10])


@pytest.fixture(scope="module")
def window_rows(tmp_path_factory: pytest.TempPathFactory) -> list[FigureRow]:
    return run_small(tmp_path_factory.mktemp("window-figures"), sorted(WINDOW_FIGURES))


def test_the_start_up_figure_times_each_window_to_its_first_frame(
    startup_rows: list[FigureRow],
) -> None:
    assert [row.figure for row in startup_rows] == [10, 10, 10, 10]
    for row in startup_rows:
        assert row.skip_reason is None, render_table(startup_rows)
        assert 0 < row.value.median < 60 and 0 < row.baseline.median < 60, row
    names = " ".join(row.name for row in startup_rows)
    assert "at 1k swipes" in names and "at 2k swipes" in names and "at 3k swipes" in names
    assert startup_rows[0].baseline_name == "bare Qt window"


@pytest.mark.slow
def test_every_window_figure_gives_rows_at_each_history_size(
    window_rows: list[FigureRow],
) -> None:
    assert {row.figure for row in window_rows} == WINDOW_FIGURES
    assert all(row.skip_reason is None for row in window_rows), render_table(window_rows)
    names = " ".join(row.name for row in window_rows)
    for size in ("1k swipes", "2k swipes", "3k swipes"):
        assert size in names
    assert "bare Qt window" in " ".join(row.baseline_name for row in window_rows)


@pytest.mark.slow
def test_window_figures_measure_real_positive_times_and_memory(
    window_rows: list[FigureRow],
) -> None:
    for row in window_rows:
        assert math.isfinite(row.value.median) and row.value.median >= 0, row
        if row.unit in ("s", "ms", "MB"):  # a start, a frame, a resident set: never zero
            assert row.value.median > 0 and row.baseline.median > 0, row
    presses = [row for row in window_rows if row.figure == 14]
    assert len(presses) == 6 and all(row.value.median < 5_000 for row in presses)


class RecordingKeyboard:
    def __init__(self) -> None:
        self.pressed: list[tuple[str, ...]] = []

    def press(self, *keys: str) -> float:
        self.pressed.append(keys)
        return 0.0


def test_a_typed_session_reshuffles_the_deck_when_its_round_runs_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(DeckKeys, "PAUSE_S", 0.0)
    keyboard = RecordingKeyboard()
    # 10 cards, 7 swiped: the deck shows card 8 of 10, three swipes from its end.
    keys = DeckKeys(keyboard, cards=10, swiped=7)  # type: ignore[arg-type]
    last_cards = []
    for _ in range(5):
        keys.reshuffle_if_out()
        last_cards.append(keys.on_last_card)
        keys.swipe()
    assert keyboard.pressed == [
        ("Right",),
        ("Left",),
        ("Up",),
        ("Alt_L", "r"),
        ("Right",),
        ("Left",),
    ]
    assert last_cards == [False, False, True, False, False]


def test_the_bare_window_keys_never_reshuffle() -> None:
    keyboard = RecordingKeyboard()
    keys = DeckKeys(keyboard, cards=3, swiped=None)  # type: ignore[arg-type]
    for _ in range(7):
        assert not keys.reshuffle_if_out()
        keys.swipe()
    assert ("Alt_L", "r") not in keyboard.pressed


def test_process_samples_count_cpu_and_the_wakeups_of_every_thread() -> None:
    pid = os.getpid()
    before = sample(pid)
    release = threading.Event()
    started = threading.Event()

    def sleeper() -> None:  # a thread born after the first sample, woken twice
        started.set()
        release.wait()

    thread = threading.Thread(target=sleeper)
    thread.start()
    started.wait()
    busy = sum(i * i for i in range(2_000_000))
    release.set()
    thread.join()
    cpu, wakeups = sample(pid).since(before)
    assert busy > 0
    assert cpu > 0
    assert wakeups >= 1
    assert resident_mb(pid) > 1


def test_the_benchmarks_ask_for_frames_with_the_apps_own_variable() -> None:
    assert FRAMES_VARIABLE == ENVIRONMENT_VARIABLE


def test_a_machine_without_xvfb_gets_a_row_that_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("shutil.which", lambda _tool: None)
    config = replace(BenchConfig.create(tmp_path, quick=True, rounds=1), sizes=SMALL)
    rows = run_figures(config, sorted(WINDOW_FIGURES))
    assert [row.figure for row in rows] == sorted(WINDOW_FIGURES)
    assert all(row.skip_reason and row.skip_reason.startswith("needs Xvfb") for row in rows)
    table = render_table(rows)
    assert table.count("skipped") == len(WINDOW_FIGURES)
    assert "needs Xvfb: Xvfb, xdotool not found" in table
