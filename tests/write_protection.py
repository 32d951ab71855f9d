"""Making a file or folder read-only for real, for root too, and the bytes of a folder.

As an ordinary user, with permissions (0444 for a file, 0555 for a folder). Tests usually
run as root, which ignores permissions, so there the file or folder gets the immutable
attribute (``chattr +i``), which the kernel enforces for root too: as on a read-only mount,
``access(2)`` reports it unwritable and every write to it fails. Where neither is possible
(root on a file system without the attribute) the test is skipped rather than simulated.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def write_protected(path: Path) -> Iterator[None]:
    """Make ``path`` (a file or a folder) unwritable, even for root, until the block ends."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode & 0o777
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("running as root without chattr: nothing can keep root from writing")
    result = subprocess.run([chattr, "+i", str(path)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"running as root and chattr +i is refused here: {result.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file's name and bytes in ``folder``: equal before and after means untouched."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}
