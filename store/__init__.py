"""The Redux-like profile store: actions, state, reducer, selectors and the store itself."""

from store.actions import (
    Action,
    AppClosing,
    AppStarted,
    BatchCoalesced,
    ClockChanged,
    Direction,
    SnapshotRecorded,
    SnapshotRequested,
    SnapshotScheduled,
    SnapshotSkipped,
    Swiped,
    SwipesPersisted,
    TimezoneChanged,
    TriggerType,
    Unswiped,
    WriteFailed,
    WriteRetried,
    parse_action,
)
from store.apply_middleware import apply_middleware
from store.catalog import Card, Catalog, load_catalog
from store.compose import compose
from store.create_store import Store, create_store
from store.errors import (
    CatalogError,
    DispatchInReducerError,
    GetStateInReducerError,
    InternalActionError,
    InvalidActionError,
    MiddlewareConstructionError,
    StoreError,
    WrongThreadError,
)
from store.inbox import ActionInbox
from store.instants import require_aware_utc
from store.local_day import local_date, next_local_midnight
from store.middleware_api import Dispatch, Middleware, MiddlewareAPI
from store.profile_store import ProfileStore, create_profile_store
from store.reducer import create_reducer
from store.selectors import (
    build_current_profile_snapshot_input,
    create_selector,
    select_top_tags,
)
from store.snapshot_input import SNAPSHOT_SCHEMA_VERSION, SnapshotInput, TagAggregate
from store.snapshot_of_state import build_new_snapshot
from store.snapshot_rows import (
    NewSnapshot,
    SnapshotMeta,
    SnapshotRow,
    SwipeRecord,
)
from store.state import AppState, ProfileState, SnapshotCounters, SnapshotJobState, TagStats

__all__ = [
    "SNAPSHOT_SCHEMA_VERSION",
    "Action",
    "ActionInbox",
    "AppClosing",
    "AppStarted",
    "AppState",
    "BatchCoalesced",
    "Card",
    "Catalog",
    "CatalogError",
    "ClockChanged",
    "Direction",
    "Dispatch",
    "DispatchInReducerError",
    "GetStateInReducerError",
    "InternalActionError",
    "InvalidActionError",
    "Middleware",
    "MiddlewareAPI",
    "MiddlewareConstructionError",
    "NewSnapshot",
    "ProfileState",
    "ProfileStore",
    "SnapshotCounters",
    "SnapshotInput",
    "SnapshotJobState",
    "SnapshotMeta",
    "SnapshotRecorded",
    "SnapshotRequested",
    "SnapshotRow",
    "SnapshotScheduled",
    "SnapshotSkipped",
    "Store",
    "StoreError",
    "SwipeRecord",
    "Swiped",
    "SwipesPersisted",
    "TagAggregate",
    "TagStats",
    "TimezoneChanged",
    "TriggerType",
    "Unswiped",
    "WriteFailed",
    "WriteRetried",
    "WrongThreadError",
    "apply_middleware",
    "build_current_profile_snapshot_input",
    "build_new_snapshot",
    "compose",
    "create_profile_store",
    "create_reducer",
    "create_selector",
    "create_store",
    "load_catalog",
    "local_date",
    "next_local_midnight",
    "parse_action",
    "require_aware_utc",
    "select_top_tags",
]
