"""What ``python -m app simulate`` prints besides the decision log: a progress bar, the summary."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def progress(enabled: bool, total: int) -> Iterator[Any]:
    if not enabled:
        yield None
        return
    from tqdm import tqdm

    # The bar appears with the first swipe: a database refused at the start leaves stderr
    # with its one error line only.
    bars: list[Any] = []
    step = max(1, total // 200)

    def tick(count: int) -> None:
        if not bars:
            bars.append(tqdm(total=total, unit="swipe", unit_scale=True, file=sys.stderr))
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

    lines = [
        "",
        "summary",
        f"  swipes                {report.swipes} "
        f"({report.swipes_in_database} in the swipes table)",
        f"  local days active     {report.days_with_activity}",
        f"  deck                  {report.deck}: {report.likes} of {report.swipes} swipes "
        f"liked, like rate {report.like_rate:.3f}",
        f"  batches               {report.batches} "
        f"(mean {report.swipes_coalesced / max(report.batches, 1):.1f} swipes)",
        f"  decisions: create     {pairs(report.scheduled_by_trigger)}",
        f"  decisions: skip       {pairs(report.skipped_by_reason)}",
        f"  rows written          {report.rows_written} ({pairs(report.rows_by_trigger)})",
        f"  duplicates suppressed {report.duplicates_suppressed}",
        f"  write failures        {report.failures} ({report.injected_failures} injected)",
        f"  retries               {report.retries}",
        f"  minimum rows          {report.minimum_rows}",
        f"  write amplification   {report.write_amplification:.2f}x the minimum",
        f"  virtual time          {report.virtual_seconds / 3600:.1f} h",
        f"  invariants            {'ok' if not violations else 'FAILED'}",
        *(f"    {violation}" for violation in violations),
    ]
    return "\n".join(lines)
