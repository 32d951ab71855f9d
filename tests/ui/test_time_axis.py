"""The chart's time axis: local dates at midnight, tidy times in between."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ui.time_axis import fitted_ticks, time_ticks

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


def test_the_tick_count_stays_within_the_bound_from_a_minute_to_ten_years() -> None:
    start = at(2026, 1, 5)
    for span in (30, 4000, 90_000, 10 * 86400, 40 * 86400, 400 * 86400, 3650 * 86400):
        for bound in (2, 4, 6, 12):
            assert 0 < len(time_ticks(start, start + span, BERLIN, max_ticks=bound)) <= bound


def test_a_span_across_new_year_names_the_year_in_every_label() -> None:
    days = [label for label, _ in time_ticks(at(2026, 12, 28), at(2027, 1, 3), BERLIN)]
    assert days[:2] == ["29 Dec 2026", "30 Dec 2026"]
    assert "01 Jan 2027" in days
    months = [label for label, _ in time_ticks(at(2026, 6, 1), at(2027, 5, 31), BERLIN)]
    assert months == ["Jul 2026", "Sep 2026", "Nov 2026", "Jan 2027", "Mar 2027", "May 2027"]


def test_a_year_within_one_calendar_year_is_labelled_by_month_and_years_by_year() -> None:
    months = [label for label, _ in time_ticks(at(2026, 1, 1), at(2026, 12, 31), BERLIN)]
    assert months == ["Mar", "May", "Jul", "Sep", "Nov"]
    years = [label for label, _ in time_ticks(at(2020, 1, 1), at(2027, 1, 1), BERLIN)]
    assert years == ["2022", "2024", "2026"]


def test_fitted_labels_leave_each_label_its_share_of_a_narrow_axis_and_stay_inside() -> None:
    def measure(label: str) -> float:
        return 7.5 * len(label)  # about the width of the app's font

    start, end = at(2026, 1, 2), at(2027, 1, 10)
    for width in (300.0, 390.0, 600.0, 1000.0):
        ticks = fitted_ticks(start, end, BERLIN, width_px=width, measure=measure, gap_px=14)
        assert len(ticks) >= 2
        widest = max(measure(label) for label, _ in ticks) + 14
        assert widest * (len(ticks) + 1) <= width  # the axis elides nothing
        for _, instant in ticks:
            position = (instant - start) / (end - start) * width
            assert widest / 2 <= position <= width - widest / 2  # no label past an end


def test_checkpoints_seconds_apart_get_an_axis_labelled_in_seconds() -> None:
    start = at(2026, 1, 5)
    labels = [label for label, _ in time_ticks(start, start + 30, BERLIN, max_ticks=4)]
    assert len(labels) >= 2, "a first session's half minute is not one column"
    assert all(label.count(":") == 2 for label in labels), labels
