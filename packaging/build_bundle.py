"""Build the standalone Linux app folder and its .tar.gz, and say how big they are.

``make dist`` runs this with the project's virtual environment (the ``dist`` extra brings
PyInstaller). From the repository root::

    python packaging/build_bundle.py

writes ``dist/tastetrail/`` (run ``dist/tastetrail/tastetrail``; it needs no Python on the
machine) and ``dist/tastetrail-<version>-linux-<machine>.tar.gz``, then prints their sizes
and the time the build took.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import tarfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUNDLE = DIST / "tastetrail"


def folder_size(folder: Path) -> int:
    return sum(path.lstat().st_size for path in folder.rglob("*") if not path.is_symlink())


def mebibytes(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def main() -> int:
    if not _has_pyinstaller():
        print(
            "build_bundle: PyInstaller is not installed; run `make dist` (it installs the "
            "'dist' extra) or `pip install -e '.[dist]'`",
            file=sys.stderr,
        )
        return 2
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level=WARN",
            "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"),
            str(ROOT / "packaging" / "tastetrail.spec"),
        ],
        cwd=ROOT,
        check=True,
    )
    built = time.monotonic()
    archive = DIST / f"tastetrail-{version('tastetrail')}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(BUNDLE, arcname="tastetrail")
    finished = time.monotonic()
    print(f"bundle:  {BUNDLE.relative_to(ROOT)}/ {mebibytes(folder_size(BUNDLE))}")
    print(f"archive: {archive.relative_to(ROOT)} {mebibytes(archive.stat().st_size)}")
    print(
        f"time:    {built - started:.0f} s to build, {finished - built:.0f} s to archive"
    )
    print(f"run it:  {BUNDLE.relative_to(ROOT)}/tastetrail --version")
    return 0


def _has_pyinstaller() -> bool:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    raise SystemExit(main())
