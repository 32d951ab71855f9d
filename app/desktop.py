"""Start the desktop app: Qt on the GUI thread, the snapshot writer on its own thread.

``python -m app`` (`app.commands.gui`) has already refused, before this module imports Qt,
a database that `open_session` would refuse and a machine where Qt cannot open a window.
Threads: `open_session` opens the database here, before any window; then the writer thread
writes, the trend loader's worker reads (``rows_loader``), and the GUI thread never touches
SQLite.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtWidgets import QApplication
from reactivex.scheduler.mainloop import QtScheduler

from app.bootstrap import Session, ensure_default_data_dir, open_session
from app.demo_clock import jump_before_midnight
from app.faults import FaultSwitch
from app.paths import default_db_path, demo_db_path
from app.qt_bridge import OwnerThreadWaker
from middleware.clock import ShiftedClock, SystemClock
from middleware.persistence.errors import RepositoryError
from middleware.persistence.repository import SnapshotRepository
from store.snapshot_rows import SnapshotRow

if TYPE_CHECKING:
    from ui.demo_panel import DemoActions
    from ui.main_window import MainWindow


def rows_loader(db_path: Path) -> Callable[[], list[SnapshotRow]]:
    """A ``load_rows`` for the trend panel: open read-only, list every row, close.

    It runs on the loader's worker thread; the repository is opened and closed there.
    """

    def load_rows() -> list[SnapshotRow]:
        with SnapshotRepository.open(db_path, read_only=True) as repository:
            return repository.list_snapshots()

    return load_rows


def demo_actions(
    session: Session, faults: FaultSwitch, *, demo_clock: ShiftedClock | None
) -> DemoActions:
    """The demo panel's facade over the session, the fault switch and (optionally) the clock."""
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
    demo_clock: ShiftedClock | None = None,
    animation_ms: int = 260,
) -> MainWindow:
    """The main window over ``session``, with the demo controls wired to it."""
    from ui.main_window import MainWindow

    return MainWindow(
        store=session.store,
        catalog=session.catalog,
        now=session.clock.now,
        load_rows=rows_loader(session.db_path),
        demo=demo_actions(session, faults, demo_clock=demo_clock),
        degraded=session.degraded,
        animation_ms=animation_ms,
    )


def run_desktop(*, db_path: Path, demo_clock: bool) -> int:
    """Open the database at ``db_path``, show the window, run Qt until it is closed."""
    from ui.theme import apply_theme

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if db_path in (default_db_path(), demo_db_path()):
        ensure_default_data_dir(db_path)
    if demo_clock:
        logging.getLogger("tastetrail.app").info("demo clock on the database %s", db_path)
    application = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(application, QApplication)
    application.setApplicationName("TasteTrail")
    apply_theme(application)
    waker = OwnerThreadWaker()
    clock = ShiftedClock(SystemClock())
    faults = FaultSwitch()
    try:
        session = open_session(
            db_path,
            clock=clock,
            scheduler=QtScheduler(QtCore),
            wake=waker.wake,
            fault_injector=faults,
            when_in_use="read_only",  # a second window reads the file and says it saves nothing
        )
    except RepositoryError as error:
        print(f"TasteTrail cannot start: {error}", file=sys.stderr)
        return 2
    waker.set_drain(session.job.drain_outcomes)
    window = build_window(session, faults, demo_clock=clock if demo_clock else None)
    window.show()
    try:
        return application.exec()
    finally:
        window.close()
        session.close()
