"""Upcasts: turn a payload written by an older version into the current shape, step by step.

Each upcast takes a payload dict of version N and returns one of version N + 1; they are
registered with ``@register_upcast(N)`` and `upcast_payload` chains them up to
`SNAPSHOT_SCHEMA_VERSION`. Old rows are never rewritten in the database: they are upcast
each time they are read. A payload from a future version cannot be understood and raises
`UnknownPayloadVersionError`; the repository skips such a row and logs why.

Version 0 is the legacy shape, before payloads carried ``schema_version``::

    {"version": 0, "count": 12, "tags": {"spicy": {"likes": 3, "nopes": 1, "superlikes": 0}}}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from store.scoring import tag_score
from store.snapshot_input import SNAPSHOT_SCHEMA_VERSION
from store.tag_stats import TagStats

Payload = dict[str, Any]
Upcast = Callable[[Payload], Payload]

_UPCASTS: dict[int, Upcast] = {}


class UnknownPayloadVersionError(ValueError):
    """A payload's version is newer than this app, or has no upcast; it cannot be read."""


def register_upcast(from_version: int) -> Callable[[Upcast], Upcast]:
    """Register the decorated function as the upcast from ``from_version`` to the next one."""
    if from_version < 0 or from_version >= SNAPSHOT_SCHEMA_VERSION:
        raise ValueError(
            f"an upcast starts from a version below the current {SNAPSHOT_SCHEMA_VERSION}, "
            f"received {from_version}"
        )

    def register(upcast: Upcast) -> Upcast:
        if from_version in _UPCASTS:
            raise ValueError(
                f"an upcast from payload version {from_version} is already registered "
                f"({_UPCASTS[from_version].__name__}); there is one upcast per version"
            )
        _UPCASTS[from_version] = upcast
        return upcast

    return register


def payload_version(raw: Mapping[str, Any]) -> int:
    """The version a payload was written in: ``schema_version``, or the legacy ``version``."""
    version = raw.get("schema_version", raw.get("version"))
    if type(version) is not int:
        raise ValueError(
            f"payload has no integer 'schema_version' (received {version!r}); "
            "it was not written by this app"
        )
    return version


def upcast_payload(raw: Payload) -> Payload:
    """Return ``raw`` in the current payload shape (``raw`` itself if it is current)."""
    version = payload_version(raw)
    if version > SNAPSHOT_SCHEMA_VERSION:
        raise UnknownPayloadVersionError(
            f"payload version {version} is newer than this app's {SNAPSHOT_SCHEMA_VERSION}; "
            "update the app to read it"
        )
    payload = raw
    while version < SNAPSHOT_SCHEMA_VERSION:
        upcast = _UPCASTS.get(version)
        if upcast is None:
            raise UnknownPayloadVersionError(
                f"no upcast is registered from payload version {version}; "
                "register one with @register_upcast"
            )
        payload = upcast(payload)
        version = payload_version(payload)
    return payload


def _count(value: object, where: str) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(f"{where} must be a whole number of swipes, received {value!r}")
    return value


@register_upcast(0)
def _v0_tag_map_to_ordered_list(raw: Payload) -> Payload:
    """Version 0 → 1: a tag map without scores becomes the scored, canonically ordered list."""
    tags = raw.get("tags", {})
    if not isinstance(tags, Mapping):
        raise ValueError(f"a version 0 payload's 'tags' must be an object, received {tags!r}")
    aggregates = []
    for tag, counts in tags.items():
        if not isinstance(counts, Mapping):
            raise ValueError(f"tag {tag!r}: counts must be an object, received {counts!r}")
        stats = TagStats(
            likes=_count(counts.get("likes", 0), f"tag {tag!r} likes"),
            nopes=_count(counts.get("nopes", 0), f"tag {tag!r} nopes"),
            superlikes=_count(counts.get("superlikes", 0), f"tag {tag!r} superlikes"),
        )
        if stats.swipes:
            aggregates.append(
                {
                    "tag": tag,
                    "likes": stats.likes,
                    "nopes": stats.nopes,
                    "superlikes": stats.superlikes,
                    "score": tag_score(stats),
                }
            )
    aggregates.sort(key=lambda aggregate: (-aggregate["score"], aggregate["tag"]))
    return {
        "schema_version": 1,
        "swipe_count": _count(raw.get("count"), "'count'"),
        "tags": aggregates,
    }
