"""Which settings a session starts with: the stored ones, unless the caller set its own.

A session's `SnapshotPolicy` comes from its caller (the window passes the defaults; a test
or ``simulate --interval 10`` passes its own numbers). The file's stored settings (the
person's, saved from the Settings dialog or ``python -m app settings``) replace the policy's
defaults, but not a value the caller gave explicitly: a policy built with
``SnapshotPolicy(swipe_interval=10)`` runs every 10 swipes whatever the file says. The quiet
period and the maximum wait go together (one must not be shorter than the other), so a
caller that gives either keeps both of its own.
"""

from __future__ import annotations

from middleware.persistence.settings_table import StoredSettings
from middleware.policy import SnapshotPolicy
from store.settings import Settings

_PAIR = frozenset({"quiet_period_seconds", "max_wait_seconds"})


def settings_at_start(policy: SnapshotPolicy, stored: StoredSettings) -> Settings:
    """The settings a session over a file holding ``stored`` starts with under ``policy``."""
    given = set(policy.model_fields_set)
    if given & _PAIR:
        given |= _PAIR
    values = {name: value for name, value in stored.values.items() if name not in given}
    return policy.settings._replace(**values)  # type: ignore[arg-type]  # checked on reading
