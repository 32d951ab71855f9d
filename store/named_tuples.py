"""Copies of the state's named tuples with some fields changed, by name and at tuple speed.

``NamedTuple._replace`` is by name but costs about a microsecond (it maps over every field
through a dict of keywords); ``tuple.__new__(Cls, (a, b, c))`` costs a fifth of that but is
positional: add a field to the class and every such call builds a state whose values sit
in the wrong fields (a 5-tuple where 6 are expected, or worse, one that fits). The swipe path
rebuilds several of these tuples, so it needs both: `updater` compiles, from the class's
own ``_fields`` at import time, a function that takes the old tuple and the changed fields
by keyword and builds the new tuple in one ``tuple.__new__`` call. Its positions come from
the class, never from the caller, so a new field is carried over (or, in `builder`, taken
from its default) without touching any caller.

    _after_swipe = updater(AppState, "profile", "open_days")
    state = _after_swipe(state, profile=profile, open_days=open_days)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T", bound=tuple[Any, ...])


def updater(cls: type[T], *changed: str) -> Callable[..., T]:
    """``f(old, **changed) -> cls``: ``old`` with the ``changed`` fields replaced (keywords
    only, all of them required); every other field is carried over from ``old``."""
    fields = _fields_of(cls)
    _check(cls, fields, changed)
    values = ", ".join(name if name in changed else f"old[{i}]" for i, name in enumerate(fields))
    source = (
        f"def update(old, /, *, {', '.join(changed)}):\n"
        f"    return _new(_cls, ({values},))\n"
    )
    return _compile(cls, source, f"update_{cls.__name__}_{'_'.join(changed)}")


def builder(cls: type[T]) -> Callable[..., T]:
    """``f(**fields) -> cls``: keywords only; a field left out takes its default."""
    fields = _fields_of(cls)
    defaults = dict(getattr(cls, "_field_defaults", {}))
    parameters = ", ".join(
        f"{name}=_defaults[{name!r}]" if name in defaults else name for name in fields
    )
    source = f"def build(*, {parameters}):\n    return _new(_cls, ({', '.join(fields)},))\n"
    return _compile(cls, source, f"build_{cls.__name__}", defaults)


def _fields_of(cls: type[Any]) -> tuple[str, ...]:
    fields = getattr(cls, "_fields", None)
    if not isinstance(fields, tuple):
        raise TypeError(f"{cls.__name__} is not a named tuple class; pass a NamedTuple subclass")
    return fields


def _check(cls: type[Any], fields: tuple[str, ...], changed: tuple[str, ...]) -> None:
    unknown = [name for name in changed if name not in fields]
    if unknown or not changed or len(set(changed)) != len(changed):
        raise ValueError(
            f"{cls.__name__} has the fields {', '.join(fields)}; received {changed!r}. "
            "Name each field to change once."
        )


def _compile(
    cls: type[T], source: str, name: str, defaults: dict[str, Any] | None = None
) -> Callable[..., T]:
    namespace: dict[str, Any] = {"_new": tuple.__new__, "_cls": cls, "_defaults": defaults}
    exec(compile(source, f"<{name}>", "exec"), namespace)  # the source uses only _fields
    function: Callable[..., T] = next(
        value for key, value in namespace.items() if key in ("update", "build")
    )
    function.__name__ = function.__qualname__ = name
    return function
