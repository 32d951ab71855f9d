"""Settings changed in a running session: the next window only, and the rows of a restart.

Real sessions (store, epics, coalescer, SQLite file) in virtual time. A change of the
settings applies from the next batch of swipes and the next swipe count on; the batch open
when it is made keeps the durations it opened with. A plan of bursts with changes between
them gives the same snapshot rows whether each change is made in the running window or by
closing it, storing the settings and starting again.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from middleware.persistence.repository import SnapshotRepository
from store.actions import SettingsChanged
from store.settings import Settings
from store.snapshot_rows import SnapshotRow
from tests.harness import VirtualSession


def change(session: VirtualSession, new: Settings) -> None:
    session.store.dispatch(SettingsChanged(**new._asdict(), at=session.now))


def batch_sizes(session: VirtualSession) -> int:
    return int(session.store.get_state().snapshots.counters.batches)


def test_a_quiet_period_changed_during_a_burst_applies_to_the_next_batch_not_the_open_one(
    tmp_path: Path,
) -> None:
    session = VirtualSession(tmp_path / "live.sqlite3")
    session.swipe(3, every=0.1)  # a batch is open: it closes 0.5 s after the last swipe
    change(session, Settings(quiet_period_seconds=2.0, max_wait_seconds=10.0))
    session.advance(0.6)
    assert batch_sizes(session) == 1, "the open batch kept the quiet period it opened with"
    session.swipe(2, every=0.1)
    session.advance(1.0)
    assert batch_sizes(session) == 1, "the next batch waits for the new quiet period"
    session.advance(1.1)
    assert batch_sizes(session) == 2
    session.close()


def test_a_swipe_interval_changed_live_gives_count_snapshots_at_its_multiples_from_then_on(
    tmp_path: Path,
) -> None:
    session = VirtualSession(tmp_path / "live.sqlite3")
    session.swipe(30)
    session.settle(5)
    change(session, Settings(swipe_interval=40))
    session.swipe(15)  # 45 swipes: 40 is reached, 50 (the old interval's next) is not
    session.settle(5)
    session.swipe(5)
    session.settle(5)
    session.close()
    counts = [row.window_key for row in session.rows() if row.window_key.startswith("swipes:")]
    assert counts == ["swipes:000025", "swipes:000040"]


def test_settings_changed_in_the_window_survive_a_restart(tmp_path: Path) -> None:
    session = VirtualSession(tmp_path / "kept.sqlite3")
    new = Settings(swipe_interval=7, quiet_period_seconds=1.5, max_wait_seconds=4.0)
    change(session, new)
    session.swipe(3)
    session.settle(5)
    session.restart()
    assert session.store.get_state().settings == new
    assert session.session.job.policy.swipe_interval == 7
    assert session.store.get_state().settings_not_saved is None
    session.close()


def comparable(rows: list[SnapshotRow]) -> list[tuple[object, ...]]:
    return sorted(
        (
            row.trigger_type.value,
            row.window_key,
            row.profile_version,
            row.snapshot_date_local,
            row.created_at,
            row.payload.canonical_json(),
        )
        for row in rows
    )


def rows_of(db_path: Path) -> list[tuple[object, ...]]:
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        return comparable(repository.list_snapshots())


intervals = st.integers(min_value=1, max_value=40)
durations = st.tuples(
    st.sampled_from([0.2, 0.5, 1.0, 2.0]), st.sampled_from([0.0, 1.0, 3.0])
).map(lambda pair: (pair[0], pair[0] + pair[1]))
steps = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=35),  # a burst of this many swipes
        st.sampled_from([0.05, 0.3, 0.8, 1.6]),  # this far apart
        st.one_of(st.none(), st.tuples(intervals, durations)),  # then maybe a change
    ),
    min_size=1,
    max_size=6,
)


Plan = list[tuple[int, float, tuple[int, tuple[float, float]] | None]]


@settings(max_examples=25, deadline=None)
@given(plan=steps)
def test_changing_the_settings_live_gives_the_rows_a_restart_with_them_gives(plan: Plan) -> None:
    with tempfile.TemporaryDirectory() as folder:
        live = VirtualSession(Path(folder) / "live.sqlite3")
        restarted = VirtualSession(Path(folder) / "restarted.sqlite3")
        for count, every, new in plan:
            for session in (live, restarted):
                session.swipe(count, every=every)
                session.settle(30)  # every batch closed: the change falls between windows
            if new is None:
                continue
            interval, (quiet, longest) = new
            chosen = Settings(interval, quiet, longest)
            change(live, chosen)
            restarted.close()
            with SnapshotRepository.open(restarted.db_path) as repository:
                repository.save_settings(chosen, at=restarted.now)
            restarted.restart()
            assert restarted.store.get_state().settings == chosen
        for session in (live, restarted):
            session.settle(30)
            session.close()
        assert rows_of(live.db_path) == rows_of(restarted.db_path)
