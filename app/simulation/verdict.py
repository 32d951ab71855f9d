"""What a simulation's exit status says: stored as asked, refused by the system, or a bug.

The invariants are checked against what the run asked for, not only against what the file
holds: a file that refused every write holds a consistent history, but not the swipes the
run made. Three outcomes, each with its status and its one line on stderr:

- everything asked for is stored and every invariant holds: status 0, no line;
- less was stored than asked for (the file, its folder or the disk refused writes), or the
  file was damaged from outside: status 2, one line saying what was stored and why not;
  an environment's fault is never called a bug in TasteTrail;
- an invariant broke although every write landed on an undamaged file: status 1, the app
  broke a promise, and the line asks for a report.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.simulation.invariants import ROWS_READABLE, SWIPES_READABLE, Violation
from app.simulation.simulator import SimulationReport

EVERYTHING_ASKED_STORED = "every swipe and snapshot the run asked for is stored"
STORED, REFUSED, BROKEN = 0, 2, 1


@dataclass(frozen=True, slots=True)
class Verdict:
    status: int
    line: str | None
    """The one line for stderr (without the program's name), or None when all is well."""


def shortfall(report: SimulationReport) -> list[Violation]:
    """The run's swipes and snapshot rows that are not in the file, as violations."""
    missing = []
    if report.unsaved_swipes:
        stored = report.swipes - report.unsaved_swipes
        missing.append(
            Violation(
                EVERYTHING_ASKED_STORED,
                f"{max(stored, 0):,} of the run's {report.swipes:,} swipes are stored",
            )
        )
    if report.snapshots_not_written:
        missing.append(
            Violation(
                EVERYTHING_ASKED_STORED,
                f"{report.snapshots_not_written:,} snapshot row(s) decided were never written",
            )
        )
    return missing


def judge(report: SimulationReport, violations: list[Violation]) -> Verdict:
    """The exit status and the one line for a run with ``violations`` (shortfall included)."""
    if not violations:
        return Verdict(STORED, None)
    if report.unsaved_swipes or report.snapshots_not_written:
        stored = max(report.swipes - report.unsaved_swipes, 0)
        rows = (
            f" and {report.snapshots_not_written:,} snapshot row(s) were not written"
            if report.snapshots_not_written
            else ""
        )
        why = report.last_error or "the database refused the writes"
        return Verdict(
            REFUSED,
            f"error: stored {stored:,} of the {report.swipes:,} swipes this run made{rows}, "
            f"because {why.rstrip('.')}. The summary names what is missing; nothing stored "
            "was lost",
        )
    damage = [v for v in violations if v.invariant in (SWIPES_READABLE, ROWS_READABLE)]
    if damage:
        return Verdict(
            REFUSED,
            f"error: the database breaks {len(violations)} invariant(s), named in the summary, "
            f"because it was damaged from outside ({'; '.join(map(str, damage))}); "
            f"this run's {report.swipes:,} swipes are stored, the damaged rows left as they are",
        )
    return Verdict(
        BROKEN,
        f"the database breaks {len(violations)} invariant(s), named in the summary, although "
        "every write landed on an undamaged file: that is a bug in TasteTrail, and this "
        "command line replays it",
    )
