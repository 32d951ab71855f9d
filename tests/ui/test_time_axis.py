"""The chart's time axis: local dates at midnight, tidy times in between."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ui.time_axis import pick_step, time_ticks

BERLIN = ZoneInfo("Europe/Berlin")


def at(*parts: int) -> float:
    return datetime(*parts, tzinfo=UTC).timestamp()


def test_days_are_labelled_by_their_local_date_at_local_midnight() -> None:
    ticks = time_ticks(at(2026, 1, 5, 7), at(2026, 1, 10, 7), BERLIN)
    assert [label for label, _ in ticks] == [
        "Tue 06 Jan",
        "Wed 07 Jan",
        "Thu 08 Jan",
        "Fri 09 Jan",
        "Sat 10 Jan",
    ]
    assert ticks[0][1] == at(2026, 1, 5, 23)  # midnight in Berlin is 23:00 UTC in winter


def test_within_a_day_ticks_are_local_clock_times() -> None:
    ticks = time_ticks(at(2026, 1, 20, 8, 50), at(2026, 1, 20, 10, 10), BERLIN)
    assert [label for label, _ in ticks] == ["10:00", "10:15", "10:30", "10:45", "11:00"]


def test_labels_stay_unique_across_days() -> None:
    ticks = time_ticks(at(2026, 1, 20, 6), at(2026, 1, 21, 18), ZoneInfo("UTC"))
    labels = [label for label, _ in ticks]
    assert len(labels) == len(set(labels)) > 2
    assert "Wed 21 Jan" in labels


def test_the_step_keeps_the_tick_count_bounded() -> None:
    for span in (30, 4000, 90_000, 10 * 86400, 400 * 86400):
        assert span / pick_step(span, 6) <= 6
