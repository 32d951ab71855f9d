"""The snapshot payload: already-aggregated profile data with one canonical byte form.

`SnapshotInput` is what a snapshot stores in ``payload_json``. It contains only facts that
do not depend on the order of the swipes (per-tag counts, scores, the number of swipes), so
equal aggregates always give byte-identical payloads. Order-dependent facts such as the
last swipe's time and sequence number go in the snapshot's meta instead.

Canonical JSON: keys sorted, no whitespace, ASCII only, no NaN or infinity, scores rounded
to `SCORE_DECIMALS` places, tags ordered by score descending and then by tag ascending.
"""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from store.scoring import SCORE_DECIMALS

SNAPSHOT_SCHEMA_VERSION: Literal[1] = 1
"""Bump when the payload's shape changes, and register an upcast for the old version."""


class TagAggregate(BaseModel):
    """One tag's counts and score."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    tag: str = Field(min_length=1, max_length=64)
    likes: int = Field(ge=0)
    nopes: int = Field(ge=0)
    superlikes: int = Field(ge=0)
    score: float = Field(ge=-1.0, le=1.0, allow_inf_nan=False)
    """Rounded to `SCORE_DECIMALS` when serialised (and by `store.scoring.tag_score`); not
    re-rounded while validating: every stored row is validated on read, and a Python
    validator per tag was a third of the cost of reading a trend."""


def canonical_tag_order(tag: TagAggregate) -> tuple[float, str]:
    """Sort key: score descending, then tag ascending for ties."""
    return (-tag.score, tag.tag)


class SnapshotInput(BaseModel):
    """The profile as a snapshot records it (``payload_json``)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    schema_version: Literal[1] = SNAPSHOT_SCHEMA_VERSION
    swipe_count: int = Field(ge=0)
    tags: tuple[TagAggregate, ...] = ()

    @model_validator(mode="after")
    def _tags_in_canonical_order(self) -> SnapshotInput:
        # One pass over neighbours: every stored row is validated on read, so no sorting.
        keys = [(-tag.score, tag.tag) for tag in self.tags]
        if len({name for _, name in keys}) != len(keys):
            raise ValueError("each tag may appear once in a snapshot payload")
        if any(later < earlier for earlier, later in pairwise(keys)):
            raise ValueError("tags must be ordered by score descending, then tag ascending")
        return self

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "swipe_count": self.swipe_count,
            "tags": [
                {
                    "likes": tag.likes,
                    "nopes": tag.nopes,
                    "score": _canonical_score(tag.score),
                    "superlikes": tag.superlikes,
                    "tag": tag.tag,
                }
                for tag in self.tags
            ],
        }

    def canonical_json(self) -> str:
        """The payload's canonical text: equal aggregates give equal bytes.

        Written out directly rather than through ``json.dumps(sort_keys=True)``, which was
        about a quarter of a snapshot's cost; the keys below are already in sorted order, a
        float is written with ``repr`` exactly as ``json`` writes it, and a test checks the
        result against `canonical_dumps` of `to_jsonable` byte for byte.
        """
        tags = ",".join(
            f'{{"likes":{tag.likes},"nopes":{tag.nopes},"score":{_canonical_score(tag.score)!r},'
            f'"superlikes":{tag.superlikes},"tag":{_json_string(tag.tag)}}}'
            for tag in self.tags
        )
        return (
            f'{{"schema_version":{self.schema_version},"swipe_count":{self.swipe_count},'
            f'"tags":[{tags}]}}'
        )


def _canonical_score(score: float) -> float:
    """Rounded to `SCORE_DECIMALS`; ``+ 0.0`` makes -0.0 into 0.0, so no byte differs."""
    return round(score, SCORE_DECIMALS) + 0.0


_encode_string = json.JSONEncoder(ensure_ascii=True).encode


def _json_string(text: str) -> str:
    return _encode_string(text)


def canonical_dumps(value: Any) -> str:
    """JSON with sorted keys, no whitespace, ASCII only, and no NaN or infinity."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    )
