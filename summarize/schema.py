"""The output record: what one article says about one meeting.

Every string and list is bounded: the embedded model generates ~8 tokens/s,
so an unbounded field is both a cost and a way for a small model to loop.
Bump ``SCHEMA_VERSION`` on any change; ``schema_hash()`` changes by itself and
invalidates caches and cassettes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .vocab import Actor, Context, DatePrecision, EventCategory, MeetingKind, Modality, Stance

SCHEMA_VERSION = "1.0"

Short = Annotated[str, StringConstraints(max_length=120)]
Sentence = Annotated[str, StringConstraints(max_length=400)]

GroundingStatus = Literal["exact", "normalized", "fuzzy", "not_found"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Evidence(_Model):
    """Where an item is supported in the ORIGINAL article text (character offsets)."""

    start: int = Field(ge=0, description="offset of the first character in the raw article")
    end: int = Field(ge=0, description="offset one past the last character in the raw article")
    text: Annotated[str, StringConstraints(max_length=2000)] = Field(description="raw[start:end]")
    sentence: int | None = Field(default=None, description="index of the cited sentence of the cleaned article")


class Grounded(_Model):
    evidence: list[Evidence] = Field(default_factory=list, max_length=5)
    grounding: GroundingStatus = "not_found"
    flags: list[Short] = Field(default_factory=list, max_length=10)


class Participant(Grounded):
    name: Short
    role: Short = Field(description="office held on the article's date, in English")
    actor: Actor = Field(description="ISO-3166 alpha-3 country or organisation code")


class Commitment(Grounded):
    actors: list[Actor] = Field(min_length=1, max_length=8, description="who commits; several = joint")
    targets: list[Actor] = Field(default_factory=list, max_length=8, description="towards whom")
    text: Sentence = Field(description="what is committed, in English")
    topic: Short = Field(default="unspecified", description="normalised topic label, stable across meetings")
    modality: Modality
    category: EventCategory = EventCategory.AGREE
    context: list[Context] = Field(default_factory=list, max_length=4)


class Position(Grounded):
    holder: Actor
    topic: Short = Field(description="what the position is about, in English")
    stance: Stance
    statement: Sentence = Field(description="the position, in English")


class Meeting(_Model):
    kind: MeetingKind
    plover: Literal["CONSULT"] = "CONSULT"
    mode: Literal["visit", "phone", "multilateral", "third-party"]
    date: Annotated[str, StringConstraints(max_length=10)] | None = Field(
        default=None, description="ISO date; the first day of the period when precision is coarser")
    date_precision: DatePrecision = DatePrecision.unknown
    place: Short | None = None
    forum: Short | None = None


class ArticleInfo(_Model):
    source: Annotated[str, StringConstraints(max_length=500)] | None = None
    title: Annotated[str, StringConstraints(max_length=300)] | None = None
    language: Annotated[str, StringConstraints(max_length=8)]
    published: Annotated[str, StringConstraints(max_length=10)] | None = None
    dateline: Short | None = None
    sha256: Annotated[str, StringConstraints(max_length=64)]
    chars: int = Field(ge=0, description="length of the raw text the offsets refer to")
    kept_chars: int = Field(ge=0, description="characters kept after cleaning")


class Summary(_Model):
    text: Annotated[str, StringConstraints(max_length=1000)]
    words: int
    language: Annotated[str, StringConstraints(max_length=8)]
    method: Literal["model", "record"] = Field(
        description="'model' = written by the model and checked; 'record' = composed from the record")
    flags: list[Short] = Field(default_factory=list, max_length=10)


class Usage(_Model):
    calls: int = 0
    attempts: int = 0
    transport_retries: int = 0
    reasks: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    seconds: float = 0.0


class Provenance(_Model):
    backend: Short
    model: Short
    prompt_version: Short
    schema_version: Short = SCHEMA_VERSION
    schema_hash: Short
    request_hash: Short
    usage: Usage = Field(default_factory=Usage)


class Record(_Model):
    """One article's grounded account of one meeting."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    article: ArticleInfo
    meeting: Meeting | None = None
    participants: list[Participant] = Field(default_factory=list, max_length=30)
    commitments: list[Commitment] = Field(default_factory=list, max_length=60)
    positions: list[Position] = Field(default_factory=list, max_length=60)
    summary: Summary | None = None
    flags: list[Short] = Field(default_factory=list, max_length=20)
    provenance: Provenance | None = None


OUTPUT_TYPES: dict[str, type[BaseModel]] = {"record": Record}


def json_schemas() -> dict[str, dict]:
    return {name: model.model_json_schema() for name, model in OUTPUT_TYPES.items()}


def schema_hash() -> str:
    """Hash of every output type's JSON schema: a schema edit changes every cache key."""
    blob = json.dumps(json_schemas(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:16]
