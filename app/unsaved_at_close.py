"""What the window asks at close about swipes it could not save, built over the session.

`unsaved_swipes` gives the window its `UnsavedSwipes`: it tries once more to save (a
flush, waited for briefly), counts what is still unsaved, says why, and writes the history
and those swipes to a new file (`save_history_and_swipes`) named by the person.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.bootstrap import Session
from middleware.persistence.errors import RepositoryError
from middleware.persistence.save_elsewhere import save_history_and_swipes
from ui.banner import sentence
from ui.close_question import SaveFailedError, UnsavedSwipes

FLUSH_WAIT_SECONDS = 2.0
"""How long closing waits for a last try to save before it asks: a healthy writer commits
in milliseconds; a failing one fails at once; a locked file waits out its busy timeout."""


def unsaved_swipes(session: Session) -> UnsavedSwipes:
    """The close question's facade over ``session``'s writer and swipe journal."""
    writer = session.job.writer
    journal = session.journal

    def count() -> int:
        if journal is None or writer.closed:
            return 0  # the session has closed already, and named what it could not save
        if writer.unsaved_swipes:
            writer.flush()
            writer.wait_idle(timeout=FLUSH_WAIT_SECONDS)
            session.job.drain_outcomes()  # the window shows what the last try found
        return writer.unsaved_swipes

    def reason() -> str:
        if session.writer_elsewhere is not None:  # what is true now, not at the start
            return sentence(session.writer_elsewhere.check())
        if session.degraded is not None:
            return session.degraded[:1].upper() + session.degraded[1:]
        error = session.store.get_state().snapshots.last_error
        return f"The last write failed: {error}" if error else "They are not written yet."

    def suggested_path() -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        db_path = session.db_path
        return db_path.with_name(f"{db_path.stem}-unsaved-{stamp}{db_path.suffix or '.sqlite3'}")

    def save_to(target: Path) -> str:
        assert journal is not None
        swipes = journal.unsaved()
        try:
            saved = save_history_and_swipes(session.db_path, swipes, target)
        except RepositoryError as error:
            raise SaveFailedError(str(error)) from error
        session.saved_elsewhere = saved.path
        return (
            f"saved {saved.added} unsaved swipes with the history ({saved.swipes} swipes in "
            f"all) to {saved.path}; open it with --db"
        )

    return UnsavedSwipes(count=count, reason=reason, suggested_path=suggested_path, save_to=save_to)
