"""Start the desktop app: Qt on the GUI thread, the snapshot writer on its own thread.

``python -m app`` (`app.commands.gui`) has already refused, before this module imports Qt,
a database that `open_session` would refuse and a machine where Qt cannot open a window.
Threads: `open_session` opens the database here, before any window; then the writer thread
writes, the trend loader's worker reads (``read_only_opener``), and the GUI thread never
touches SQLite.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtWidgets import QApplication
from reactivex.scheduler.mainloop import QtScheduler

from app.bootstrap import Session, ensure_default_data_dir, open_session
from app.damaged_database import (
    choose,
    corrupt_name,
    interactive,
    move_damaged_aside,
    refusal_line,
)
from app.demo_clock import jump_before_midnight
from app.faults import FaultSwitch
from app.log_output import DEFAULT_LOG_MODE, printed_log
from app.paths import default_db_path, demo_db_path, is_default_db_path
from app.program_name import error_line
from app.qt_bridge import OwnerThreadWaker
from app.version import app_version
from middleware.clock import ShiftedClock, SystemClock
from middleware.persistence.errors import DamagedDatabaseError, RepositoryError
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.trend_queries import TrendRange

if TYPE_CHECKING:
    from ui.demo_panel import DemoActions
    from ui.main_window import MainWindow


def read_only_opener(db_path: Path) -> Callable[[], SnapshotRepository]:
    """How the trend panel opens the database: read-only, for one bounded read.

    It is called on the trend loader's worker thread; the repository is opened, read and
    closed there, so it never crosses threads.
    """

    def open_repository() -> SnapshotRepository:
        return SnapshotRepository.open(db_path, read_only=True)

    return open_repository


def demo_actions(
    session: Session, faults: FaultSwitch, *, demo_clock: ShiftedClock | None
) -> DemoActions:
    """The demo panel's facade over the session, the fault switch and (optionally) the clock.

    Only a demo window (``--demo``, ``--demo-clock``: the demo database) gets one: a burst
    writes made-up swipes and "Fail writes" stops saving, neither of which belongs in a
    person's real history.
    """
    from ui.demo_panel import DemoActions

    jump: Callable[[], None] | None = None
    if demo_clock is not None:
        clock = demo_clock

        def jump() -> None:
            jump_before_midnight(clock, session)

    return DemoActions(
        snapshot_now=session.job.request_snapshot,
        set_fail_writes=faults.fail_writes,
        jump_before_midnight=jump,
    )


def build_window(
    session: Session,
    faults: FaultSwitch,
    *,
    demo: bool = False,
    demo_clock: ShiftedClock | None = None,
    animation_ms: int = 260,
    trend_range: TrendRange | None = None,
    learns: bool = True,
) -> MainWindow:
    """The main window over ``session``; its trend opens on ``trend_range`` (default: the
    window's own, Today). With ``demo`` (or a ``demo_clock``, which adds the clock jump) the
    demo controls are wired to it; without, it has none. Without ``learns`` its deck is the
    seeded shuffle, round after round, instead of the deck that learns."""
    from app.unsaved_at_close import unsaved_swipes
    from middleware.persistence.writer_lock import lock_path_for
    from ui.about_dialog import AboutInfo
    from ui.banner import NewFileOffer
    from ui.look_again import CallOnActivation, call_when_file_changes
    from ui.main_window import MainWindow
    from ui.shown_policy import show_policy
    from ui.trend_panel import WINDOW_RANGE

    show_policy(session.job.policy)  # every number the window says about the policy
    writer = session.job.writer
    new_file = NewFileOffer(
        needed=lambda: writer.file_gone,
        write=lambda: writer.write_history_to_new_file(at=session.clock.now()),
    )
    window = MainWindow(
        about=AboutInfo(
            version=app_version(),
            db_path=session.db_path,
            backups_folder=session.db_path.parent,
            is_default_db=is_default_db_path(session.db_path),
        ),
        store=session.store,
        catalog=session.catalog,
        now=session.clock.now,
        open_repository=read_only_opener(session.db_path),
        snapshot_now=session.job.request_snapshot,
        demo=(
            demo_actions(session, faults, demo_clock=demo_clock)
            if demo or demo_clock is not None
            else None
        ),
        degraded=session.degraded,
        new_file=new_file,
        warnings=session.warnings,
        unsaved=unsaved_swipes(session),
        animation_ms=animation_ms,
        trend_range=trend_range or WINDOW_RANGE,
        last_swipe=session.last_swipe,
        recently_swiped=session.recently_swiped,
        learns=learns,
    )
    if session.writer_elsewhere is not None:
        session.writer_elsewhere.listeners.append(window.banner.set_degraded)
        # Not only at the periodic check: as soon as the other window's lock file goes (a
        # clean close), and when the person comes back to this window (after a kill).
        look = session.writer_elsewhere.check
        call_when_file_changes(lock_path_for(session.db_path), look, window)
        CallOnActivation(look, window)
    return window


def run_desktop(
    *,
    db_path: Path,
    demo_clock: bool,
    demo: bool = False,
    log_mode: str = DEFAULT_LOG_MODE,
    move_aside: bool = False,
) -> int:
    """Open the database at ``db_path``, show the window, run Qt until it is closed.

    The terminal shows the app's log as ``simulate`` prints it (``log_mode`` says which
    records); a library's warnings keep their logger's name, so they read as not ours.
    ``demo`` shows the demo controls, ``demo_clock`` those and the clock jump.
    A damaged database is moved aside first when ``move_aside`` says so or the person at
    the display agrees (`app.damaged_database`); otherwise the app refuses in one line.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    with printed_log(sys.stderr, log_mode):
        return _run(db_path, demo_clock=demo_clock, demo=demo, move_aside=move_aside)


def _run(db_path: Path, *, demo_clock: bool, demo: bool, move_aside: bool) -> int:
    from app.signals import close_on_signals

    application = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(application, QApplication)
    closer = close_on_signals(application)  # from here on, a signal closes the app cleanly
    try:
        return _run_window(
            application, db_path, demo_clock=demo_clock, demo=demo, move_aside=move_aside
        )
    finally:
        closer.uninstall()


def _run_window(
    application: QApplication, db_path: Path, *, demo_clock: bool, demo: bool, move_aside: bool
) -> int:
    from app.swipe_report import report_swipes, swipes_reported
    from ui.frame_report import frames_reported, report_frames
    from ui.theme import Scheme, apply_theme

    if db_path in (default_db_path(), demo_db_path()):
        ensure_default_data_dir(db_path)
    if demo_clock or demo:
        what = "demo clock" if demo_clock else "demo controls"
        logging.getLogger("tastetrail.app").info("%s on the database %s", what, db_path)
    application.setApplicationName("TasteTrail")
    # The desktop's light or dark scheme; TASTETRAIL_COLOR_SCHEME=dark|light overrides it
    # (a desktop that does not tell Qt, such as a bare X server).
    wanted = os.environ.get("TASTETRAIL_COLOR_SCHEME", "").strip().lower()
    apply_theme(application, Scheme(wanted) if wanted in set(Scheme) else None)
    waker = OwnerThreadWaker()
    clock = ShiftedClock(SystemClock())
    faults = FaultSwitch()

    def start() -> Session:
        return open_session(
            db_path,
            clock=clock,
            scheduler=QtScheduler(QtCore),
            wake=waker.wake,
            fault_injector=faults,
            when_in_use="read_only",  # a second window reads the file and says it saves nothing
            daily_backups=True,
        )

    try:
        try:
            session = start()
        except DamagedDatabaseError as error:
            if not _move_damaged_aside(error, db_path, move_aside, application.platformName()):
                print(refusal_line(error, db_path), file=sys.stderr)
                return 2
            session = start()
    except RepositoryError as error:
        print(error_line(f"cannot start: {error}"), file=sys.stderr)
        return 2
    waker.set_drain(session.job.drain_outcomes)
    window = build_window(session, faults, demo=demo, demo_clock=clock if demo_clock else None)
    if frames_reported():  # the benchmarks time the frames a person waits for
        report_frames(window)
    if swipes_reported():  # the crash tests compare what was shown with what was stored
        report_swipes(session.store)
    window.show()
    try:
        # A signal received while starting ends the app before its loop runs (exit() only
        # ends a running loop); one received later ends the loop with status 0.
        return 0 if _signal_received(application) else application.exec()
    finally:
        window.close()
        session.close()


def _signal_received(application: QApplication) -> bool:
    from app.signals import SignalCloser

    closers = application.findChildren(SignalCloser)
    return any(closer.received is not None for closer in closers)


def _move_damaged_aside(
    error: DamagedDatabaseError, db_path: Path, requested: bool, platform: str
) -> bool:
    """Move the damaged file aside if asked to, or if the person at the display agrees."""
    choice = choose(move_aside_requested=requested, can_ask=interactive(platform))
    now = datetime.now(UTC)  # the name the dialog shows is the name the file gets
    if choice == "ask":
        from ui.damaged_database_dialog import ask_to_move_aside

        agreed = ask_to_move_aside(db_path, str(error), corrupt_name(db_path, now))
        choice = "move_aside" if agreed else "refuse"
    if choice == "refuse":
        return False
    move_damaged_aside(db_path, at=now)
    return True
