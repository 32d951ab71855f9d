"""`ActionInbox`: workers post, the owner thread drains, in order."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from store import ActionInbox, Direction, ProfileStore, Swiped, WrongThreadError
from tests.conftest import START
from tests.threads import run_in_thread


def test_actions_posted_from_a_worker_are_dispatched_in_order_on_drain(
    store: ProfileStore,
) -> None:
    inbox = ActionInbox(store.dispatch, owner_thread_ident=store.owner_thread_ident)
    swipes = [
        Swiped(item_id="tiramisu", direction=Direction.RIGHT, at=START + timedelta(seconds=i))
        for i in range(5)
    ]
    seen: list[object] = []
    store.subscribe(lambda: seen.append(store.get_state().profile.last_swipe_at))

    def post_all() -> None:
        for swipe in swipes:
            inbox.post(swipe)

    assert run_in_thread(post_all) is None
    assert store.get_state().profile.sequence == 0  # nothing dispatched until drained

    assert inbox.drain() == 5
    assert inbox.drain() == 0
    assert store.get_state().profile.sequence == 5
    assert seen == [swipe.at for swipe in swipes]


def test_drain_dispatches_actions_in_posting_order_across_workers() -> None:
    dispatched: list[object] = []
    inbox = ActionInbox(dispatched.append, owner_thread_ident=threading.get_ident())
    assert run_in_thread(lambda: [inbox.post(("a", i)) for i in range(3)]) is None
    assert run_in_thread(lambda: [inbox.post(("b", i)) for i in range(3)]) is None
    inbox.drain()
    assert dispatched == [("a", 0), ("a", 1), ("a", 2), ("b", 0), ("b", 1), ("b", 2)]


def test_drain_of_an_empty_inbox_dispatches_nothing() -> None:
    dispatched: list[object] = []
    inbox = ActionInbox(dispatched.append, owner_thread_ident=threading.get_ident())
    assert inbox.drain() == 0
    assert dispatched == []


def test_wake_is_called_once_per_empty_to_non_empty_transition() -> None:
    wakes: list[str] = []
    inbox = ActionInbox(
        lambda action: None,
        owner_thread_ident=threading.get_ident(),
        wake=lambda: wakes.append(threading.current_thread().name),
    )

    assert run_in_thread(lambda: [inbox.post(i) for i in range(3)], name="poster") is None
    assert wakes == ["poster"]  # three posts, one wake, on the posting thread

    inbox.drain()
    inbox.post("again")
    inbox.post("and again")
    assert wakes == ["poster", "MainThread"]


def test_action_posted_while_draining_is_dispatched_by_the_same_drain() -> None:
    dispatched: list[object] = []
    wakes: list[int] = []

    def dispatch(action: object) -> None:
        dispatched.append(action)
        if action == "first":
            inbox.post("follow-up")

    inbox = ActionInbox(
        dispatch, owner_thread_ident=threading.get_ident(), wake=lambda: wakes.append(1)
    )
    inbox.post("first")
    assert inbox.drain() == 2
    assert dispatched == ["first", "follow-up"]
    assert len(wakes) == 2  # the inbox was empty again when the follow-up arrived


def test_drain_from_a_thread_that_does_not_own_the_store_is_refused(
    store: ProfileStore,
) -> None:
    inbox = ActionInbox(store.dispatch, owner_thread_ident=store.owner_thread_ident)
    inbox.post(Swiped(item_id="tiramisu", direction=Direction.LEFT, at=START))

    error = run_in_thread(inbox.drain)

    assert isinstance(error, WrongThreadError)
    assert "must run on the store's owner thread" in str(error)
    assert "drain there" in str(error)
    assert store.get_state().profile.sequence == 0
    assert inbox.drain() == 1, "the refused drain left the action queued"
    assert store.get_state().profile.sequence == 1


def test_action_that_fails_to_dispatch_is_not_retried_and_the_rest_stay_queued() -> None:
    dispatched: list[object] = []

    def dispatch(action: object) -> None:
        if action == "bad":
            raise ValueError("refused")
        dispatched.append(action)

    inbox = ActionInbox(dispatch, owner_thread_ident=threading.get_ident())
    for action in ("good", "bad", "later"):
        inbox.post(action)
    with pytest.raises(ValueError, match="refused"):
        inbox.drain()
    assert dispatched == ["good"]
    assert inbox.drain() == 1
    assert dispatched == ["good", "later"]
