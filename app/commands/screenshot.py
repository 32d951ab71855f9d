"""``python -m app screenshot --out PATH``: a picture of the real window, rendered offscreen.

Without ``--db``, over a scripted session (a synthetic user's swipes in a temporary
database, `app.scripted_session`). With ``--db PATH``, over an existing database, opened so
that it stays the same byte for byte (`app.read_only_window`). Either way the window waits
until the trend has been read and drawn, and ``window.grab()`` is saved as a PNG.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from app.commands.arguments import (
    PATH,
    db_path_argument,
    pictured_days,
    pictured_swipes,
    seed_number,
    session_plan_error,
    supported_instant,
    window_size,
    zone_argument,
)
from app.program_name import error_line
from middleware.persistence.errors import RepositoryError
from middleware.persistence.file_checks import special_file_kind
from middleware.persistence.files import is_link, write_private_file
from middleware.persistence.trend_queries import TrendRange

if TYPE_CHECKING:
    from ui.main_window import MainWindow

DEFAULT_START = "2026-01-05T07:00:00Z"
LOAD_TIMEOUT_SECONDS = 60.0
Size = tuple[int, int] | None


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "screenshot",
        help="save a picture of the window (offscreen), over a scripted session or a database",
        description=(
            "Saves a PNG of the real window, rendered offscreen: over an existing database "
            "with --db (read-only: the file is left exactly as it was), otherwise over a "
            "temporary database filled with a synthetic user's swipes in virtual time."
        ),
    )
    parser.add_argument(
        "--out", metavar=PATH, type=Path, required=True, help="where to write the PNG"
    )
    parser.add_argument(
        "--db",
        dest="picture_db",
        metavar=PATH,
        type=db_path_argument,
        default=None,
        help="an existing database to picture, read-only (default: a scripted session)",
    )
    parser.add_argument(
        "--range",
        dest="trend_range",
        type=TrendRange,
        choices=list(TrendRange),
        default=None,
        help="the trend's range (default: the one the window opens on, today)",
    )
    parser.add_argument(
        "--size",
        type=window_size,
        default=None,
        metavar="WxH",
        help="window size, WIDTHxHEIGHT (default: 1200x780)",
    )
    scripted = parser.add_argument_group("scripted session (without --db)")
    scripted.add_argument("--swipes", type=pictured_swipes, default=600, help="swipes in all")
    scripted.add_argument("--days", type=pictured_days, default=5, help="local days to spread over")
    scripted.add_argument(
        "--tz",
        type=zone_argument,
        default=None,
        help="IANA zone (default: Europe/Berlin; with --db, the zone of the file's latest "
        "snapshot, else the system's)",
    )
    scripted.add_argument("--seed", type=seed_number, default=7, help="random seed")
    scripted.add_argument(
        "--start",
        type=supported_instant,
        default=supported_instant(DEFAULT_START),
        help=f"virtual start instant (default: {DEFAULT_START})",
    )
    parser.set_defaults(run=run)


def _refuse(message: str) -> int:
    print(error_line(message, "screenshot"), file=sys.stderr)
    return 2


def run(arguments: argparse.Namespace) -> int:
    from middleware.persistence.file_checks import path_problem, shorten

    out: Path = arguments.out
    problem = path_problem(out, beside="")
    if problem is not None:
        return _refuse(
            f"--out cannot be used: {problem} (received {shorten(str(out))!r}); choose "
            "another path"
        )
    plan_error = session_plan_error(
        swipes=arguments.swipes, days=arguments.days, start=arguments.start
    )
    if plan_error is not None:
        return _refuse(plan_error)
    if out.suffix.lower() != ".png":
        return _refuse(f"--out must end in .png, got {str(out)!r}")
    if not out.parent.is_dir():
        return _refuse(f"the folder {str(out.parent)!r} does not exist")
    out_problem = out_path_problem(out)
    if out_problem is not None:
        return _refuse(out_problem)
    picture_db: Path | None = arguments.picture_db
    if picture_db is not None and not picture_db.is_file():
        return _refuse(
            f"no database at {str(picture_db)!r}; pass --db PATH to an existing file"
        )
    # A picture of the window, not a window on the screen: the same pixels on every machine.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.simulation.synthetic_user import PlanOutOfRangeError
    from ui.theme import apply_theme
    from ui.trend_panel import WINDOW_RANGE

    # Qt is imported only here, so every other command parses without it.
    trend_range: TrendRange = arguments.trend_range or WINDOW_RANGE
    application = QApplication.instance() or QApplication(["tastetrail-screenshot"])
    assert isinstance(application, QApplication)
    previous_style, previous_palette = application.style().name(), application.palette()
    apply_theme(application)
    try:
        if picture_db is not None:
            size = _picture_database(picture_db, out, trend_range, arguments)
        else:
            size = _picture_scripted_session(out, trend_range, arguments)
    except RepositoryError as error:
        return _refuse(str(error))
    except OSError as error:  # the picture could not be written; never name a temporary file
        return _refuse(
            f"--out {str(out)!r} could not be written ({error.strerror or error}); nothing "
            "was written there: check the folder's permissions and free space"
        )
    except PlanOutOfRangeError as error:
        return _refuse(f"{error}; use an earlier --start")
    finally:
        application.setStyle(previous_style)  # in-process callers keep their look
        application.setPalette(previous_palette)
    if size is None:
        print(error_line("the trend did not load in time", "screenshot"), file=sys.stderr)
        return 1
    print(f"wrote {out} ({size[0]}x{size[1]})")
    return 0


SCRIPTED_ZONE = ZoneInfo("Europe/Berlin")
"""The scripted session's zone unless --tz names one: the same picture on every machine."""


def _picture_database(
    db_path: Path, out: Path, trend_range: TrendRange, arguments: argparse.Namespace
) -> Size:
    from app.read_only_window import open_read_only_window
    from middleware.clock import system_zone

    window, as_of = open_read_only_window(
        db_path, trend_range=trend_range, fallback_zone=arguments.tz or system_zone()
    )
    print(f"{db_path} as of its last swipe, {as_of.isoformat(timespec='seconds')}")
    return grab(window, out, arguments.size)


def _picture_scripted_session(
    out: Path, trend_range: TrendRange, arguments: argparse.Namespace
) -> Size:
    from app.scripted_session import scripted_window

    with tempfile.TemporaryDirectory(prefix="tastetrail-screenshot-") as folder:
        window, session = scripted_window(
            Path(folder) / "screenshot.sqlite3",
            swipes=arguments.swipes,
            days=arguments.days,
            zone=arguments.tz or SCRIPTED_ZONE,
            seed=arguments.seed,
            start=arguments.start,
            trend_range=trend_range,
        )
        try:
            return grab(window, out, arguments.size)
        finally:
            session.close()


def out_path_problem(out: Path) -> str | None:
    """Why the picture cannot go to ``out``, in words; None when it can.

    A symbolic link there (dangling or not) is refused, not replaced: it is left as it
    was. So is a folder, a pipe or a device; a regular file there is replaced.
    """
    if is_link(out):
        try:
            target = f" (to {os.readlink(out)!r})"
        except OSError:
            target = ""
        return (
            f"--out {str(out)!r} is a symbolic link{target}; TasteTrail never writes through "
            "or over a link it did not make, and left it as it was: pass the file's own "
            "path, or another path"
        )
    kind = special_file_kind(out)
    if kind is not None:
        return f"--out {str(out)!r} is {kind}, not a file; pass a path ending in .png"
    return None


def save_private_png(picture: Any, out: Path) -> None:
    """Encode ``picture`` (a QPixmap) as PNG and write it private to the user (0600, never
    through a link at ``out``): a picture of someone's history is theirs only."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not picture.save(buffer, "PNG"):
        raise OSError(f"could not encode the picture for {out}")
    buffer.close()
    problem = out_path_problem(out)  # again: one may have appeared while the window loaded
    if problem is not None:
        raise RepositoryError(problem)
    write_private_file(out, bytes(data.data()))


def grab(window: MainWindow, out: Path, size: tuple[int, int] | None) -> Size:
    """Show ``window``, wait until its trend is drawn, save it to ``out``; its size, or None."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.window_size import DEFAULT_SIZE

    # A picture is the same size on every machine, whatever the screen (offscreen: 800 wide).
    window.resize(*(size or (DEFAULT_SIZE.width(), DEFAULT_SIZE.height())))
    window.show()
    loop = QEventLoop()
    poll = QTimer()
    deadline = time.monotonic() + LOAD_TIMEOUT_SECONDS

    def check() -> None:
        trend = window.trend
        settled = trend.frame is not None and not trend.busy and not trend.model.fetching
        if settled or time.monotonic() > deadline:
            loop.quit()

    poll.timeout.connect(check)
    poll.start(20)
    loop.exec()
    poll.stop()
    QApplication.processEvents()
    try:
        if window.trend.frame is None:
            return None
        picture = window.grab()
        save_private_png(picture, out)
        return picture.width(), picture.height()
    finally:
        window.trend.close_loader()
        window.close()
