"""The folders keep the promises the layout makes: who may import whom, and a pure store.

``store/`` is what the app knows and must stay pure, so that its reducer, selectors and
payloads can be tested and reasoned about without a file or a clock; ``middleware/`` does
the effects and never reaches up into the app; ``ui/`` never touches the database; the
commands share one set of argument types without importing the command line back.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(package: str) -> Iterator[tuple[str, str]]:
    """(file, module) for every import in ``package``'s source files, relative imports aside."""
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path.relative_to(ROOT).as_posix(), alias.name
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path.relative_to(ROOT).as_posix(), node.module


def offenders(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{file} imports {module}"
        for file, module in imported_modules(package)
        if any(module == name or module.startswith(name + ".") for name in forbidden)
    ]


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("store", ("middleware", "app", "ui", "benchmarks", "sqlite3", "reactivex", "PySide6")),
        ("middleware", ("app", "ui", "benchmarks", "PySide6")),
        ("ui", ("app", "benchmarks", "sqlite3")),
        ("app", ("benchmarks",)),
        ("app/commands", ("app.cli",)),
    ],
)
def test_each_layer_imports_only_what_is_below_it(package: str, forbidden: tuple[str, ...]) -> None:
    assert offenders(package, forbidden) == []


CLOCK_READS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("time", "time"),
    ("time", "monotonic"),
    ("time", "perf_counter"),
}


def test_the_store_never_reads_the_clock() -> None:
    found = []
    for path in sorted((ROOT / "store").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and (node.func.value.id, node.func.attr) in CLOCK_READS
            ):
                found.append(f"{path.relative_to(ROOT).as_posix()}:{node.lineno}")
    assert found == []


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def store_imports() -> dict[str, set[str]]:
    """Each store module and the store modules it imports, at run time or for type checks
    alike (the top package's re-exports aside: nothing inside imports it)."""
    modules = {module_name(p): p for p in (ROOT / "store").rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        if name == "store":
            continue
        graph[name] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module]
            graph[name] |= {t for t in targets if t in modules and t != "store"}
    return graph


def test_the_store_modules_import_one_another_without_a_circle() -> None:
    graph = store_imports()
    done: set[str] = set()

    def circle_from(name: str, path: list[str]) -> list[str] | None:
        if name in path:
            return [*path[path.index(name) :], name]
        if name in done:
            return None
        for imported in sorted(graph.get(name, ())):
            found = circle_from(imported, [*path, name])
            if found:
                return found
        done.add(name)
        return None

    circles = [found for name in sorted(graph) if (found := circle_from(name, []))]
    assert circles == []
