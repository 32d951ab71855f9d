"""`zone_guard`: a swipe is dated in the zone in force when it happens.

The reducer dates each swipe in ``state.timezone``. The user's zone can change under the
app (a flight, a settings change), and the periodic check notices that only within its
period; a swipe in between would be dated in the old zone. So before a swipe reaches the
reducer this middleware compares the clock's zone with the state's, and when they differ
it dispatches `TimezoneChanged` first. Runs before the reducer, unlike an epic, which only
sees what has been reduced.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from middleware.clock import Clock
from middleware.decision_log import record_event
from store.actions import Swiped, TimezoneChanged, Unswiped
from store.middleware_api import Dispatch, Middleware, MiddlewareAPI


def zone_guard(clock: Clock) -> Middleware:
    """The middleware that brings the state's zone up to date before each swipe."""

    def middleware(api: MiddlewareAPI) -> Callable[[Dispatch], Dispatch]:
        def wrap(next_dispatch: Dispatch) -> Dispatch:
            def dispatch(action: Any) -> Any:
                if type(action) is Swiped or type(action) is Unswiped:
                    zone = clock.zone().key
                    current = api.get_state().timezone
                    if zone != current:
                        record_event("timezone_changed", at=action.at, old=current, new=zone)
                        api.dispatch(TimezoneChanged(timezone=zone, at=action.at))
                return next_dispatch(action)

            return dispatch

        return wrap

    return middleware
