"""Start the desktop app: Qt on the GUI thread, the snapshot writer on its own thread."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtWidgets import QApplication
from reactivex.scheduler.mainloop import QtScheduler

from app.bootstrap import ensure_default_data_dir, open_session
from app.paths import default_db_path
from app.qt_bridge import OwnerThreadWaker
from middleware.clock import ShiftedClock, SystemClock
from store.errors import RepositoryError


def run_desktop(*, db_path: Path | None, demo_clock: bool) -> int:
    """Open the database (the default one unless ``db_path``), show the window, run Qt."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if db_path is None:
        db_path = default_db_path()
        ensure_default_data_dir(db_path)
    application = QApplication.instance() or QApplication(sys.argv)
    application.setApplicationName("TasteTrail")
    waker = OwnerThreadWaker()
    clock = ShiftedClock(SystemClock())
    try:
        session = open_session(db_path, clock=clock, scheduler=QtScheduler(QtCore), wake=waker.wake)
    except RepositoryError as error:
        print(f"TasteTrail cannot start: {error}", file=sys.stderr)
        return 2
    waker.set_drain(session.job.drain_outcomes)
    from ui.main_window import MainWindow

    window = MainWindow(session, demo_clock=clock if demo_clock else None)
    window.show()
    try:
        return application.exec()
    finally:
        session.close()
