"""`compose`: right-to-left function composition."""

from __future__ import annotations

from store import compose


def test_compose_applies_functions_right_to_left() -> None:
    def f(x: str) -> str:
        return f"f({x})"

    def g(x: str) -> str:
        return f"g({x})"

    def h(x: str) -> str:
        return f"h({x})"

    assert compose(f, g, h)("x") == "f(g(h(x)))"


def test_compose_of_non_commuting_arithmetic_runs_the_last_function_first() -> None:
    def double(x: int) -> int:
        return x * 2

    def add_three(x: int) -> int:
        return x + 3

    assert compose(double, add_three)(1) == 8
    assert compose(add_three, double)(1) == 5


def test_compose_with_no_functions_is_the_identity() -> None:
    value = object()
    assert compose()(value) is value


def test_compose_with_one_function_is_that_function() -> None:
    def only(x: int) -> int:
        return x + 1

    assert compose(only) is only
