"""Figure 13: database bytes per swipe after a million swipes, split by what holds them.

The history of figures 4 to 6 (`history`: every swipe, every policy row, 1,500 swipes a
day) is measured with SQLite's ``dbstat`` virtual table: for each table and index, the
bytes of its pages (``pgsize``) and the bytes of the records in them (``payload``, the
values with their headers). Each row gives a part's page bytes per swipe against its
record bytes per swipe, so the ratio is what page fill and b-tree structure add. The
parts: the swipe log (the ``swipes`` table), its indexes, the snapshot rows (the
``profile_snapshots`` table), their indexes, and the whole file. Without ``dbstat`` (a
SQLite built without it) only the file's size is reported.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from benchmarks.config import count
from benchmarks.context import BenchContext
from benchmarks.figures.payload import long_history
from benchmarks.report import FigureRow
from benchmarks.runner import Summary

FIGURE = 13
NAME = "database bytes per swipe"


@dataclass(frozen=True, slots=True)
class Part:
    """Bytes in the pages of one part of the file, and in the records they hold."""

    page_bytes: int
    record_bytes: int


def _tables_of(connection: sqlite3.Connection) -> dict[str, str]:
    """Every table and index name -> the table it belongs to."""
    rows = connection.execute(
        "SELECT name, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index')"
    )
    return {name: table for name, table in rows}


def parts_of(path: Path) -> dict[str, Part] | None:
    """Page and record bytes of the swipe log, its indexes, the snapshot rows, their
    indexes and everything else; None when this SQLite has no ``dbstat``."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            stats = connection.execute(
                "SELECT name, sum(pgsize), sum(payload) FROM dbstat GROUP BY name"
            ).fetchall()
        except sqlite3.OperationalError:
            return None
        owners = _tables_of(connection)
    finally:
        connection.close()
    totals: dict[str, list[int]] = {}
    for name, page_bytes, record_bytes in stats:
        table = owners.get(name, name)
        kind = "rows" if name == table else "indexes"
        part = {"swipes": "swipe log", "profile_snapshots": "snapshot"}.get(table)
        key = f"{part} {kind}" if part is not None else "other (schema, rollover check)"
        total = totals.setdefault(key, [0, 0])
        total[0] += int(page_bytes)
        total[1] += int(record_bytes)
    return {key: Part(pages, records) for key, (pages, records) in totals.items()}


def _row(name: str, value: float, baseline: float, baseline_name: str) -> FigureRow:
    ratio = value / baseline if baseline else 1.0
    return FigureRow(
        figure=FIGURE,
        name=name,
        unit="bytes/swipe",
        value=Summary(value, value, value),
        baseline_name=baseline_name,
        baseline=Summary(baseline, baseline, baseline),
        ratio=Summary(ratio, ratio, ratio),
        target=None,
        rounds=1,
    )


def rows_for(swipes: int, file_bytes: int, parts: Mapping[str, Part] | None) -> list[FigureRow]:
    size = f"{count(swipes)} swipes"
    if parts is None:
        return [
            _row(f"{NAME} at {size} (file; this SQLite has no dbstat)", file_bytes / swipes,
                 file_bytes / swipes, "the file")
        ]  # fmt: skip
    records = sum(part.record_bytes for part in parts.values())
    rows = [
        _row(f"{NAME} at {size} (the whole file)", file_bytes / swipes, records / swipes,
             "records in it"),
    ]  # fmt: skip
    order = ("swipe log rows", "swipe log indexes", "snapshot rows", "snapshot indexes")
    for key in (*order, *sorted(set(parts) - set(order))):
        if key in parts:
            part = parts[key]
            rows.append(
                _row(f"{NAME} at {size}: {key}", part.page_bytes / swipes,
                     part.record_bytes / swipes, "records in them")
            )  # fmt: skip
    return rows


def run(context: BenchContext) -> list[FigureRow]:
    history = long_history(context)
    return rows_for(history.swipes, history.path.stat().st_size, parts_of(history.path))
