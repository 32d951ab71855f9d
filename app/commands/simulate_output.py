"""What ``python -m app simulate`` prints besides the decision log: a progress bar, the summary."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

LONG_RUN = 100_000
"""Swipes from which a run is long enough to show its progress without being asked."""
LINES = 4
"""Progress lines a long run prints when stderr is not a terminal (a log, a pipe)."""


def progress_style(mode: str, *, swipes: int, terminal: bool) -> str:
    """``"bar"``, ``"lines"`` or ``"none"``: ``--progress always|never``, or for ``auto`` a
    bar on a terminal and a few lines elsewhere, for a long run only."""
    if mode == "never" or (mode == "auto" and swipes < LONG_RUN):
        return "none"
    return "bar" if terminal else "lines"


@contextmanager
def progress(
    style: str, total: int, stream: TextIO | None = None
) -> Iterator[Callable[[int], None] | None]:
    """A ``tick(count)`` to call after each swipe: a tqdm bar (``"bar"``), or a line at each
    quarter (``"lines"``), on ``stream`` (stderr); None for ``"none"``."""
    out = sys.stderr if stream is None else stream
    if style == "none" or total == 0:
        yield None
        return
    if style == "lines":
        started = time.monotonic()
        marks = {max(1, total * quarter // LINES) for quarter in range(1, LINES + 1)}

        def line(count: int) -> None:
            if count in marks:
                seconds = time.monotonic() - started
                print(
                    f"simulate: {count:,} of {total:,} swipes ({count / total:.0%}), "
                    f"{seconds:.1f} s",
                    file=out,
                    flush=True,
                )

        yield line
        return
    from tqdm import tqdm

    # The bar appears with the first swipe: a database refused at the start leaves stderr
    # with its one error line only.
    bars: list[Any] = []
    step = max(1, total // 200)

    def tick(count: int) -> None:
        if not bars:
            bars.append(tqdm(total=total, unit="swipe", unit_scale=True, file=out))
        if count % step == 0 or count == total:
            bars[0].update(count - bars[0].n)

    try:
        yield tick
    finally:
        for bar in bars:
            bar.close()


def render_summary(report: Any, violations: list[str]) -> str:
    def pairs(mapping: dict[str, int]) -> str:
        return ", ".join(f"{key} {value}" for key, value in mapping.items()) or "none"

    # Over a file with history, the counts read back from it are the whole file's, not
    # this run's: they say so.
    whole = " (the whole file)" if report.swipes_in_database != report.swipes else ""
    lines = [
        "",
        "summary",
        f"  swipes                {report.swipes} "
        f"({report.swipes_in_database} in the swipes table)",
        f"  local days active     {report.days_with_activity}{whole}",
        f"  deck                  {report.deck}: {report.likes} of {report.swipes} swipes "
        f"liked, like rate {report.like_rate:.3f}",
        f"  batches               {report.batches} "
        f"(mean {report.swipes_coalesced / max(report.batches, 1):.1f} swipes)",
        f"  decisions: create     {pairs(report.scheduled_by_trigger)}",
        f"  decisions: skip       {pairs(report.skipped_by_reason)}",
        f"  rows written          {report.rows_written} ({pairs(report.rows_by_trigger)}){whole}",
        f"  duplicates suppressed {report.duplicates_suppressed}",
        f"  write failures        {report.failures} ({report.injected_failures} injected)",
        f"  retries               {report.retries}",
        f"  minimum rows          {report.minimum_rows}{whole}",
        f"  write amplification   {report.write_amplification:.2f}x the minimum{whole}",
        f"  virtual time          {report.virtual_seconds / 3600:.1f} h",
        f"  invariants            {'ok' if not violations else 'FAILED'}",
        *(f"    {violation}" for violation in violations),
    ]
    return "\n".join(lines)
