"""Function composition, right to left, as in Redux's `compose`."""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from typing import Any


def compose(*functions: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Compose single-argument functions from right to left.

    ``compose(f, g, h)(x) == f(g(h(x)))``. With no functions it is the identity, with one it
    is that function, which keeps `apply_middleware` free of special cases.
    """
    if not functions:
        return lambda argument: argument
    if len(functions) == 1:
        return functions[0]
    return reduce(lambda outer, inner: lambda argument: outer(inner(argument)), functions)
