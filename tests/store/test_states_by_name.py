"""States are built by field name: no positional construction can put a value in the
wrong field once a field is added."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import NamedTuple

import pytest

from store import state as state_module
from store.named_tuples import builder, updater
from store.state import AppState

ROOT = Path(__file__).resolve().parents[2]
STATE_CLASSES = frozenset(
    name
    for name, value in vars(state_module).items()
    if isinstance(value, type) and issubclass(value, tuple) and hasattr(value, "_fields")
)


def positional_constructions() -> list[str]:
    """Every call that builds a state tuple from positions, in the app's own code."""
    found = []
    for package in ("store", "middleware", "app", "ui", "benchmarks"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                callee = node.func
                name = callee.id if isinstance(callee, ast.Name) else getattr(callee, "attr", "")
                if name in STATE_CLASSES and node.args:
                    found.append(f"{where} {name}(<{len(node.args)} positional>)")
                if name in ("_new", "__new__", "_make") and node.args:
                    first = node.args[0]
                    target = first.id if isinstance(first, ast.Name) else ""
                    if target in STATE_CLASSES or name == "_make":
                        found.append(f"{where} {name}({target}, <positions>)")
    return found


def test_no_state_is_built_from_positions_anywhere_in_the_app() -> None:
    assert {"AppState", "ProfileState", "TagStats", "SnapshotJobState"} <= STATE_CLASSES
    assert positional_constructions() == []


class Wider(NamedTuple):
    """AppState with a field added in the middle, as a later change might."""

    profile: object = None
    theme: str = "light"
    snapshots: object = None
    timezone: str = "UTC"
    started_at: object = None
    open_days: object = None


def test_an_update_by_name_keeps_a_field_added_later_where_it_belongs() -> None:
    after_swipe = updater(Wider, "profile", "open_days")
    old = Wider(profile="p0", theme="dark", snapshots="s", timezone="Asia/Tokyo", open_days={})
    new = after_swipe(old, profile="p1", open_days={"d": 1})
    assert new == old._replace(profile="p1", open_days={"d": 1})
    assert type(new) is Wider and new.theme == "dark"


def test_a_build_by_name_gives_a_left_out_field_its_default() -> None:
    build = builder(Wider)
    assert build(profile="p", timezone="UTC") == Wider(profile="p", timezone="UTC")
    with pytest.raises(TypeError):
        build("p")  # positions are refused


def test_an_update_naming_a_field_the_state_does_not_have_is_refused_when_it_is_made() -> None:
    with pytest.raises(ValueError, match="AppState has the fields profile, snapshots"):
        updater(AppState, "profiles")
