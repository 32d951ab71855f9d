"""Figure 13's split of the database file, on a real history, and the rows it prints."""

from __future__ import annotations

import math
from pathlib import Path

from benchmarks.figures.disk_use import parts_of, rows_for
from benchmarks.history import build_history
from store.catalog import Catalog


def test_the_file_splits_into_the_swipe_log_the_snapshot_rows_and_their_indexes(
    tmp_path: Path, catalog: Catalog
) -> None:
    history = build_history(tmp_path / "history.sqlite3", catalog, 3_000)
    parts = parts_of(history.path)
    assert parts is not None, "this SQLite has no dbstat"
    assert {"swipe log rows", "snapshot rows", "snapshot indexes"} <= set(parts)
    size = history.path.stat().st_size
    assert sum(part.page_bytes for part in parts.values()) == size
    for part in parts.values():
        assert 0 < part.record_bytes <= part.page_bytes
    # Most of a swipe's bytes are its snapshot rows: a row of every tag every 25 swipes.
    assert parts["snapshot rows"].page_bytes > parts["swipe log rows"].page_bytes

    rows = rows_for(history.swipes, size, parts)
    assert rows[0].name == "database bytes per swipe at 3k swipes (the whole file)"
    assert math.isclose(rows[0].value.median, size / 3_000)
    assert math.isclose(
        sum(row.value.median for row in rows[1:]), rows[0].value.median, rel_tol=1e-9
    )
