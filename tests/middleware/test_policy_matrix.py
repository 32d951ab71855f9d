"""Every row of the trigger matrix decides as the table says (and the CLI prints it)."""

from __future__ import annotations

import pytest

from middleware.policy_matrix import MATRIX, MatrixCase, decide, describe, render_matrix


@pytest.mark.parametrize("case", MATRIX, ids=[case.name for case in MATRIX])
def test_matrix_row_decides_as_expected(case: MatrixCase) -> None:
    assert describe(decide(case)) == case.expected


def test_rendered_matrix_marks_every_row_ok() -> None:
    table = render_matrix()
    assert len(table.splitlines()) == len(MATRIX) + 2
    assert "NO (expected" not in table
    assert "create DAY_ROLLOVER day:2026-01-19" in table
