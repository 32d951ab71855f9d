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
from collections.abc import Callable
from itertools import islice
from json.encoder import encode_basestring_ascii
from operator import itemgetter, le, neg
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    with_config,
)
from pydantic_core import core_schema
from typing_extensions import TypedDict

from store.scoring import SCORE_DECIMALS

SNAPSHOT_SCHEMA_VERSION: Literal[1] = 1
"""Bump when the payload's shape changes, and register an upcast for the old version."""


MAX_TAG_LENGTH = 64
"""The longest tag name a payload holds; the catalog holds its tags to it too."""

TagName = Annotated[str, Field(min_length=1, max_length=MAX_TAG_LENGTH)]
Count = Annotated[int, Field(ge=0)]
Score = Annotated[float, Field(ge=-1.0, le=1.0, allow_inf_nan=False)]
"""Rounded to `SCORE_DECIMALS` when serialised (and by `store.scoring.tag_score`); not
re-rounded while validating, which every stored row goes through on read."""


class TagAggregate(NamedTuple):
    """One tag's counts and score: an immutable value, checked where a payload is.

    A named tuple, not a model: a trend read validates some 34 tags per row, and a model
    per tag (each one also traced by the garbage collector) was most of the cost of a read.
    """

    tag: str
    likes: int
    nopes: int
    superlikes: int
    score: float


def canonical_tag_order(tag: TagAggregate) -> tuple[float, str]:
    """Sort key: score descending, then tag ascending for ties."""
    return (-tag.score, tag.tag)


@with_config(ConfigDict(extra="forbid", strict=True))
class _TagFields(TypedDict):
    """A tag as a payload holds it: an object with exactly these keys and bounds."""

    tag: TagName
    likes: Count
    nopes: Count
    superlikes: Count
    score: Score


_tag_values = itemgetter("tag", "likes", "nopes", "superlikes", "score")
_tag_name = itemgetter(0)
_tag_score = itemgetter(4)


def _canonical_tags(checked: tuple[_TagFields, ...]) -> tuple[TagAggregate, ...]:
    """Tags whose fields pydantic checked, as `TagAggregate` values in canonical order."""
    tags = tuple(map(TagAggregate._make, map(_tag_values, checked)))
    names = list(map(_tag_name, tags))
    if len(set(names)) != len(names):
        raise ValueError("each tag may appear once in a snapshot payload")
    # One pass over neighbours, in C: every stored row is validated on read, so no sorting.
    keys = list(zip(map(neg, map(_tag_score, tags)), names, strict=True))
    if not all(map(le, keys, islice(keys, 1, None))):
        raise ValueError("tags must be ordered by score descending, then tag ascending")
    return tags


def _tag_fields(value: object) -> object:
    """Tags built in code are checked exactly like tags read from JSON."""
    if isinstance(value, tuple):
        return tuple(tag._asdict() if isinstance(tag, TagAggregate) else tag for tag in value)
    return value


class _CanonicalTags:
    """The pydantic schema of a payload's tags: a tuple of `_TagFields` objects (a tag given
    as an array is refused), each made a `TagAggregate`, in canonical order, once each."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        fields = core_schema.tuple_schema(
            [handler.generate_schema(_TagFields)], variadic_item_index=0
        )
        checked = core_schema.no_info_after_validator_function(_canonical_tags, fields)
        return core_schema.json_or_python_schema(
            json_schema=checked,
            python_schema=core_schema.no_info_before_validator_function(_tag_fields, checked),
        )


class SnapshotInput(BaseModel):
    """The profile as a snapshot records it (``payload_json``)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    schema_version: Literal[1] = SNAPSHOT_SCHEMA_VERSION
    swipe_count: int = Field(ge=0)
    tags: Annotated[tuple[TagAggregate, ...], _CanonicalTags] = ()

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

        Written out directly rather than as `canonical_dumps` of `to_jsonable`, because
        figure 4 (build + serialize a snapshot row, 34 tags) measures it: 80 against 100 us
        per row, this text alone 37 against 54 us (CPU time, best of 9), i.e. 20% of the
        figure. The keys below are already in sorted order, a float is written with ``repr``
        exactly as ``json`` writes it, and a test checks the result against
        `canonical_dumps` of `to_jsonable` byte for byte.
        """
        tags = ",".join(
            f'{{"likes":{likes},"nopes":{nopes},"score":{_score_text(score)},'
            f'"superlikes":{superlikes},"tag":{json_string(tag)}}}'
            for tag, likes, nopes, superlikes, score in self.tags
        )
        return (
            f'{{"schema_version":{self.schema_version},"swipe_count":{self.swipe_count},'
            f'"tags":[{tags}]}}'
        )


def _canonical_score(score: float) -> float:
    """Rounded to `SCORE_DECIMALS`; ``+ 0.0`` makes -0.0 into 0.0, so no byte differs."""
    return round(score, SCORE_DECIMALS) + 0.0


_SCORE_TEXTS: dict[float, str] = {}
_MAX_SCORE_TEXTS = 2 * 10**SCORE_DECIMALS + 1
"""Enough for every score rounded to `SCORE_DECIMALS` places in [-1, 1]."""


def _score_text(score: float) -> str:
    """``repr(_canonical_score(score))``, memoized: rounding and ``repr`` of a float are most
    of a tag's share of `SnapshotInput.canonical_json`, and a profile's scores come from a
    small set of rounded values. Kept because figure 4 measures it: 57 against 80 us per
    snapshot row with 34 tags (CPU time, best of 9), about 29% of the figure. Equal floats
    (0.0 and -0.0 included) have the same canonical text, so a hit is exact. Keys are the
    unrounded scores, so the memo is capped at as many entries as there are rounded scores
    (20,001, a few MB at most); past that it computes. A race between threads at worst
    computes one text twice."""
    text = _SCORE_TEXTS.get(score)
    if text is None:
        text = repr(_canonical_score(score))
        if len(_SCORE_TEXTS) < _MAX_SCORE_TEXTS:
            _SCORE_TEXTS[score] = text
    return text


json_string: Callable[[str], str] = encode_basestring_ascii
"""A string as JSON text with non-ASCII escaped: the C function ``json.dumps`` itself uses."""


def canonical_dumps(value: Any) -> str:
    """JSON with sorted keys, no whitespace, ASCII only, and no NaN or infinity.

    ASCII only (``ensure_ascii=True``): stored rows were written that way, and the same
    aggregates must keep giving the same bytes.
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    )
