"""The app's version: one source, the installed distribution's metadata (pyproject.toml).

``pip``/``pipx`` installs, ``make run`` (an editable install) and the standalone bundle (its
build copies the metadata) all read the same number; a source folder on ``PYTHONPATH`` that
was never installed has none and says so instead of guessing.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "tastetrail"
NOT_INSTALLED = "unknown (not installed: run `pip install .` or `make run`)"


def app_version() -> str:
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return NOT_INSTALLED
