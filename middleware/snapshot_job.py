"""The snapshot job: the epics, the writer thread and the outcome inbox, wired for a store.

    dispatch ─► zone_guard ─► reducer ─► EpicMiddleware ─► snapshot_epic ─► actions ─► dispatch
                                              │
                                              └─► writer_epic ─► SnapshotWriter (its thread)
                                                                       │ outcome_reporter
          store ◄── ActionInbox ◄── SwipesPersisted / SnapshotRecorded / WriteFailed ◄───┘

This class only wires: the decisions are `snapshot_epic`'s, the writes `writer_epic`'s,
the outcomes `outcome_reporter`'s, and everything pending lives in the store's state. Its
methods are the job's public surface for the app, the UI and the tests: attach with
``middleware=[job.middleware]``, then `start`; `request_snapshot`, `notice_clock_change`,
`drain_outcomes` (on the owner thread, when ``wake`` says so) and `close`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import reactivex
from reactivex import Observable, abc

from middleware.clock import Clock
from middleware.epic_middleware import EpicMiddleware
from middleware.outcomes import outcome_reporter
from middleware.persistence.inline_writer import InlineWriter
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.write_commands import Write, Writer
from middleware.persistence.writer import SnapshotWriter
from middleware.pipeline_errors import PipelineError, report
from middleware.policy import DEFAULT_POLICY, SnapshotPolicy
from middleware.snapshot_epic import snapshot_epic
from middleware.writer_epic import writer_epic
from middleware.zone_guard import zone_guard
from store.actions import AppClosing, ClockChanged, PipelineFailed, SnapshotRequested
from store.inbox import ActionInbox
from store.middleware_api import Dispatch, MiddlewareAPI
from store.snapshot_rows import SwipeRecord
from store.state import AppState


class SnapshotJob:
    """Records profile snapshots as the user swipes, at local midnight, and on request."""

    def __init__(
        self,
        open_repository: Callable[[], SnapshotRepository],
        *,
        clock: Clock,
        scheduler: abc.SchedulerBase,
        policy: SnapshotPolicy = DEFAULT_POLICY,
        threaded_writer: bool = True,
        wake: Callable[[], None] | None = None,
        group_commit_seconds: float = 0.0,
    ) -> None:
        """Build the job; attach it with ``middleware=[job.middleware]``, then `start`.

        ``group_commit_seconds`` (inline writer only): how long after the first swipe it
        finds idle the writer wakes to commit; the swipes queued by then share one
        transaction (as do those a snapshot row takes along before it). 0 wakes it at the
        scheduler's next turn: one commit per swipe in virtual time, as in the app.

        ``wake`` is called from the writer's thread when outcomes are waiting; it must make
        the owner thread call `drain_outcomes` (the app emits a queued Qt signal). Without
        it, a drain is scheduled on ``scheduler``, which is right for an inline writer.
        """
        self._clock = clock
        self._scheduler = scheduler
        self._policy = policy
        self._wake = wake or self._schedule_drain
        if group_commit_seconds < 0:
            raise ValueError(
                f"group_commit_seconds must be 0 or more, received {group_commit_seconds!r}"
            )
        self._group_commit_seconds = group_commit_seconds
        self._keep: Callable[[SwipeRecord], None] | None = None
        self._failures_posted = 0
        self._epics = EpicMiddleware(on_error=self.report_error)
        self._inbox: ActionInbox | None = None
        self._closing = False
        self._started = False
        self._closed = False
        report = outcome_reporter(
            self._post, clock=clock, policy=policy, closing=lambda: self._closing
        )
        self._writer: Writer = (
            SnapshotWriter(open_repository, report=report)
            if threaded_writer
            else InlineWriter(open_repository, report=report, defer=self._soon)
        )

    def middleware(self, api: MiddlewareAPI) -> Callable[[Dispatch], Dispatch]:
        """The store middleware (Redux shape): the zone guard, then the epics."""
        epics = self._epics(api)
        self._inbox = ActionInbox(
            api.dispatch, owner_thread_ident=threading.get_ident(), wake=self._wake
        )
        guard = zone_guard(self._clock)(api)
        return lambda next_dispatch: guard(epics(next_dispatch))

    @property
    def writer(self) -> Writer:
        return self._writer

    @property
    def policy(self) -> SnapshotPolicy:
        return self._policy

    def keep_swipes_in(self, keep: Callable[[SwipeRecord], None]) -> None:
        """Hand ``keep`` every swipe record the writer gets, as it gets it (call before
        `start`): how the session's `SwipeJournal` keeps the swipes not committed yet."""
        if self._started:
            raise RuntimeError("keep_swipes_in() must be called before start().")
        self._keep = keep

    def start(self) -> None:
        """Run the epics; the start-up check follows the `AppStarted` dispatched next."""
        if self._started:
            return
        self._started = True
        clock, scheduler, policy, writer = self._clock, self._scheduler, self._policy, self._writer
        keep = self._keep
        on_error = self.report_error

        def root_epic(actions: Observable[Any], get_state: Callable[[], AppState]) -> Any:
            return reactivex.merge(
                writer_epic(actions, get_state, writer=writer, on_error=on_error, keep=keep),
                snapshot_epic(
                    actions,
                    get_state,
                    clock=clock,
                    scheduler=scheduler,
                    policy=policy,
                    on_error=on_error,
                ),
            )

        self._epics.run(root_epic)

    def request_snapshot(self) -> None:
        """Ask for a MANUAL snapshot now (same as dispatching `SnapshotRequested`)."""
        self._epics.api.dispatch(SnapshotRequested(at=self._clock.now()))

    def notice_clock_change(self) -> None:
        """The clock moved under us: re-read the day boundaries from it (`ClockChanged`)."""
        self._epics.api.dispatch(ClockChanged(at=self._clock.now()))

    def drain_outcomes(self) -> int:
        """Dispatch the writer's outcomes on the owner thread; returns how many."""
        return self._inbox.drain() if self._inbox is not None else 0

    def close(self) -> bool:
        """Check the open batch, give each failed write a last attempt, stop the writer.

        The rows waiting for a retry get their last attempt now; a write that fails from
        here on is not retried (its row is taken again by the next start). Idempotent.
        Returns False if the writer missed the policy's shutdown deadline.
        """
        if self._closed:
            return True
        self._closed = True
        self._closing = True
        closed_at = self._clock.now()
        if self._inbox is None:  # never attached: nothing was dispatched, nothing waits
            return self._writer.close(
                deadline_seconds=self._policy.shutdown_deadline_seconds, closed_at=closed_at
            )
        state: AppState = self._epics.api.get_state()
        waiting = [pending for pending in state.snapshots.pending_writes.values() if pending.failed]
        if self._started:
            self._guard("final batch", self._epics.api.dispatch, AppClosing(at=self._clock.now()))
            if self._writer.commit_requested:
                # The final batch left its swipes to the wake-up on its way, which may never
                # run now (no scheduler turn after this): they are committed here.
                self._guard("final flush", self._writer.flush)
        self._epics.stop()
        for pending in waiting:
            self._guard(
                "last attempt",
                self._writer.write,
                Write.snapshot(pending.snapshot, attempt=pending.attempt + 1),
            )
        finished = self._writer.close(
            deadline_seconds=self._policy.shutdown_deadline_seconds, closed_at=closed_at
        )
        self._guard("final drain", self.drain_outcomes)
        return finished

    def _post(self, action: object) -> None:
        if self._inbox is not None:
            self._inbox.post(action)

    def _soon(self, work: Callable[[], None]) -> None:
        """Run ``work`` at the scheduler's next turn (or ``group_commit_seconds`` later): the
        inline writer's wake-up (once a swipe at a person's pace: no closure built)."""
        self._scheduler.schedule_relative(self._group_commit_seconds, self._run_soon, work)

    def _run_soon(
        self, _scheduler: abc.SchedulerBase, work: Callable[[], None] | None = None
    ) -> None:
        if work is not None:
            self._guard("writer wake-up", work)

    def _schedule_drain(self) -> None:
        def drain(_scheduler: abc.SchedulerBase, _state: Any = None) -> None:
            self._guard("drain", self.drain_outcomes)

        self._scheduler.schedule_relative(0.0, drain)

    def _guard(self, what: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Run ``function``; log and swallow any error so it never reaches the caller."""
        try:
            function(*args, **kwargs)
        except Exception as error:  # isolation is the point: reported, counted, carry on
            self.report_error(what, error)

    def report_error(self, stage: str, error: BaseException) -> None:
        """An exception the pipeline caught at ``stage``: counted, logged, printed once,
        and posted to the store as `PipelineFailed` (drained later, never from inside the
        failing step). Posting stops while three posted failures have not reached the
        state: a store that cannot reduce them must not be fed a loop of its own errors."""
        report(stage, error, sink=self._post_failure)

    def _post_failure(self, caught: PipelineError) -> None:
        if self._inbox is None:
            return
        reduced = self._epics.api.get_state().snapshots.pipeline_errors
        if self._failures_posted - reduced >= 3:
            return
        self._failures_posted += 1
        self._post(
            PipelineFailed(stage=caught.stage, error=caught.error[:2000], at=self._clock.now())
        )
