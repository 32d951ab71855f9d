"""Facts about the machine a benchmark ran on, printed beside its figures."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from importlib import metadata
from pathlib import Path

PACKAGES = (
    ("pydantic", ("pydantic",)),
    ("reactivex", ("reactivex",)),
    ("PySide6", ("PySide6", "PySide6-Essentials")),
    ("python-redux", ("python-redux",)),
    ("orjson", ("orjson",)),
)
"""Display name, then the distribution names that may carry it (first found wins)."""


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, else what `platform` knows."""
    cpuinfo = Path("/proc/cpuinfo")
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Hardware", "Processor") and value.strip():
                return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def core_count() -> str:
    """Logical cores, and how many this process may run on when that differs."""
    total = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = total
    return str(total) if usable == total else f"{total} ({usable} usable)"


def package_version(*distributions: str) -> str:
    for name in distributions:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def machine_facts() -> dict[str, str]:
    """CPU, cores, OS, Python, SQLite and the versions of the packages that matter here."""
    facts = {
        "cpu": cpu_model(),
        "cores": core_count(),
        "os": platform.platform(),
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "sqlite": sqlite3.sqlite_version,
    }
    for display, distributions in PACKAGES:
        facts[display] = package_version(*distributions)
    return facts
