"""The desktop menu entry: a freedesktop ``.desktop`` file and the app's icon, per user.

``tastetrail desktop-entry install`` writes, under the XDG data directory
(``$XDG_DATA_HOME``, by default ``~/.local/share``)::

    applications/tastetrail.desktop
    icons/hicolor/scalable/apps/tastetrail.svg
    icons/hicolor/128x128/apps/tastetrail.png

and ``remove`` deletes them again. Every folder below the data directory is entered with
``O_NOFOLLOW`` and every file is written through a temporary name and renamed in the same
folder (`os.replace` with folder descriptors): a symbolic link at any of these paths, made by
someone else, is refused and never followed. ``remove`` deletes a ``.desktop`` file only if
it carries our marker line, so a file a person wrote by hand under that name is left alone.
"""

from __future__ import annotations

import os
import shlex
import stat
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from app.version import app_version

ENTRY_NAME = "tastetrail.desktop"
SCRIPT_NAME = "tastetrail"
"""The command ``pip install`` puts beside the interpreter (``[project.scripts]``)."""
ICON_NAME = "tastetrail"
MARKER = "X-TasteTrail-Entry=true"
ENTRY_FOLDER = ("applications",)
ICON_FILES = (
    (("icons", "hicolor", "scalable", "apps"), f"{ICON_NAME}.svg"),
    (("icons", "hicolor", "128x128", "apps"), f"{ICON_NAME}.png"),
)


class DesktopEntryError(Exception):
    """A path the entry would be written to, or removed from, that is not ours to touch."""


@dataclass(frozen=True)
class Placed:
    path: Path
    changed: bool


def data_home(environ: dict[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME`` if set to an absolute path (the spec ignores a relative one), else
    ``~/.local/share``."""
    environ = dict(os.environ) if environ is None else environ
    raw = environ.get("XDG_DATA_HOME", "")
    if raw and os.path.isabs(raw):
        return Path(raw)
    return Path(environ.get("HOME") or Path.home()) / ".local" / "share"


def launch_command() -> list[str]:
    """The command line that starts this same app, whatever folder the desktop starts it in:
    the bundle's executable, the installed ``tastetrail`` command (the one that started us,
    else the one beside this Python), or, when there is none, this Python in isolated mode
    (``-I``: neither the working directory nor ``PYTHONPATH`` can put another ``app`` first).

    ``python -m app`` alone would run any ``app/`` folder in the working directory instead.
    """
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve())]
    started = Path(sys.argv[0])
    if started.name == SCRIPT_NAME and started.exists():
        # Not resolved: pipx's ~/.local/bin/tastetrail is a link that outlives upgrades.
        return [os.path.abspath(started)]
    # Not resolved either: a venv's python is a link to the base interpreter, and the
    # script sits beside the link.
    interpreter = Path(sys.executable).absolute()
    beside = interpreter.parent / SCRIPT_NAME
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    return [str(interpreter), "-I", "-m", "app"]


def exec_line(arguments: Sequence[str]) -> str:
    """``Exec=`` value: each argument quoted as the Desktop Entry spec asks when it needs it."""
    reserved = set(' \t\n"\'\\><~|&;$*?#()`=%')

    def quote(argument: str) -> str:
        if argument and not reserved & set(argument):
            return argument
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
        return f'"{escaped}"'.replace("%", "%%")

    # A backslash in a string value is itself escaped once more by the file format.
    return " ".join(quote(argument) for argument in arguments).replace("\\", "\\\\")


def entry_text(arguments: Sequence[str]) -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.5",
            "Name=TasteTrail",
            "GenericName=Taste profile",
            "Comment=Swipe through dishes and watch your taste profile change over time",
            f"Exec={exec_line(arguments)}",
            f"Icon={ICON_NAME}",
            "Terminal=false",
            "Categories=Utility;",
            "StartupNotify=true",
            MARKER,
            f"X-TasteTrail-Version={app_version()}",
            f"X-TasteTrail-Command={shlex.join(arguments)}",
            "",
        ]
    )


def install(home: Path, arguments: Sequence[str] | None = None) -> list[Placed]:
    """Write the entry and the icons under ``home``; which files were written or unchanged."""
    resources = files("app") / "resources"
    wanted: list[tuple[tuple[str, ...], str, bytes]] = [
        (folder, name, (resources / name).read_bytes()) for folder, name in ICON_FILES
    ]
    text = entry_text(launch_command() if arguments is None else arguments)
    wanted.append((ENTRY_FOLDER, ENTRY_NAME, text.encode()))
    for folder, name, _ in wanted:  # every path checked before the first file is written
        with _folder(home, folder, create=False) as fd:
            if fd is not None:
                _kind(fd, name, home.joinpath(*folder, name))
    placed = []
    for folder, name, content in wanted:
        with _folder(home, folder, create=True) as fd:
            assert fd is not None
            path = home.joinpath(*folder, name)
            placed.append(Placed(path, _write(fd, name, content, path)))
    return placed


def remove(home: Path) -> list[Path]:
    """Remove the entry and the icons under ``home``; the files that were removed."""
    removed = []
    for folder, name in [(ENTRY_FOLDER, ENTRY_NAME), *ICON_FILES]:
        path = home.joinpath(*folder, name)
        with _folder(home, folder, create=False) as fd:
            if fd is None or _kind(fd, name, path) is None:
                continue
            if name == ENTRY_NAME and not _is_ours(fd, name):
                raise DesktopEntryError(
                    f"{str(path)!r} was not written by TasteTrail (it lacks the line "
                    f"{MARKER!r}); it is left as it is: remove it yourself if you want it gone"
                )
            os.unlink(name, dir_fd=fd)
            removed.append(path)
    return removed


@contextmanager
def _folder(home: Path, parts: tuple[str, ...], *, create: bool) -> Iterator[int | None]:
    """A descriptor of ``home/parts``, each step entered without following a link; None when
    a step is missing and ``create`` is false."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
    if create:
        home.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(home, flags)
    except FileNotFoundError:
        if create:
            raise
        yield None
        return
    try:
        path = home
        for part in parts:
            path = path / part
            if create:
                with suppress(FileExistsError):
                    os.mkdir(part, 0o755, dir_fd=fd)
            try:
                child = os.open(part, flags | os.O_NOFOLLOW, dir_fd=fd)
            except FileNotFoundError:
                if create:
                    raise
                yield None
                return
            except OSError:
                _kind(fd, part, path)  # names a link; otherwise the OSError below
                raise
            os.close(fd)
            fd = child
        yield fd
    finally:
        os.close(fd)


def _kind(fd: int, name: str, path: Path) -> str | None:
    """``"file"``, ``"folder"`` or None (missing); a link or anything else is refused."""
    try:
        mode = os.lstat(name, dir_fd=fd).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        raise DesktopEntryError(
            f"{str(path)!r} is a symbolic link that TasteTrail did not make; it is not "
            "followed: remove the link, then run the command again"
        )
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    raise DesktopEntryError(
        f"{str(path)!r} is neither a file nor a folder; move it away, then run the command again"
    )


def _is_ours(fd: int, name: str) -> bool:
    handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=fd)
    with os.fdopen(handle, "rb") as file:
        return MARKER.encode() in file.read(64 * 1024).splitlines()


def _write(fd: int, name: str, content: bytes, path: Path) -> bool:
    """Write ``content`` as ``name`` in the folder ``fd``; False if it was already there."""
    kind = _kind(fd, name, path)
    if kind == "folder":
        raise DesktopEntryError(
            f"{str(path)!r} is a folder; move it away, then run the command again"
        )
    if kind == "file":
        handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=fd)
        with os.fdopen(handle, "rb") as file:
            if file.read() == content:
                return False
    temporary = f".{name}.{os.getpid()}.tmp"
    handle = os.open(
        temporary,
        os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
        0o644,
        dir_fd=fd,
    )
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, name, src_dir_fd=fd, dst_dir_fd=fd)
    except BaseException:
        os.unlink(temporary, dir_fd=fd)
        raise
    return True
