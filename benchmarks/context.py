"""What the figures share during one run: the configuration, the catalog, built fixtures.

Fixtures that take a while to build (a database holding a million swipes) are built once
per run, on first use, inside the run's temporary folder, and reused by every figure that
needs them; the folder is removed when the run ends.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from benchmarks.config import BenchConfig, Sizes
from store.catalog import Catalog, load_catalog

T = TypeVar("T")


@dataclass
class BenchContext:
    config: BenchConfig
    progress: Callable[[str], None] = lambda _message: None
    catalog: Catalog = field(default_factory=load_catalog)
    _fixtures: dict[str, Any] = field(default_factory=dict, repr=False)
    _names: itertools.count[int] = field(default_factory=itertools.count, repr=False)

    @property
    def sizes(self) -> Sizes:
        return self.config.sizes

    def fixture(self, key: str, build: Callable[[], T]) -> T:
        """``build()`` once per run under ``key``; later calls return the same object."""
        if key not in self._fixtures:
            self._fixtures[key] = build()
        return cast(T, self._fixtures[key])

    def new_path(self, stem: str, suffix: str = ".sqlite3") -> Path:
        """A fresh file path in the run's folder (nothing is created)."""
        return self.config.workdir / f"{stem}-{next(self._names)}{suffix}"
