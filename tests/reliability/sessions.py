"""Sessions for the reliability tests: the harness's `VirtualSession`, with a few more knobs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.bootstrap import Session, open_session
from tests.harness import VirtualSession


class TunedSession(VirtualSession):
    """A `VirtualSession` whose `open_session` gets extra options (busy timeout, size quota,
    a threaded writer), kept across restarts."""

    def __init__(self, db_path: Path, *, options: dict[str, Any], **kwargs: Any) -> None:
        self.options = options
        super().__init__(db_path, **kwargs)

    def _open(self) -> Session:
        settings: dict[str, Any] = {"threaded_writer": False, **self.options}
        return open_session(
            self.db_path,
            clock=self.clock,
            scheduler=self.scheduler,
            policy=self.policy,
            fault_injector=self.faults,
            catalog=self.catalog,
            **settings,
        )


def watch_errors(session: VirtualSession) -> list[str]:
    """Every ``last_error`` the current store reports while its snapshots are failing."""
    errors: list[str] = []

    def watch() -> None:
        job = session.store.get_state().snapshots
        if job.failing and job.last_error and (not errors or errors[-1] != job.last_error):
            errors.append(job.last_error)

    session.store.subscribe(watch)
    watch()
    return errors
