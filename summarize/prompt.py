"""Prompts and the narrow answer shapes the model fills in.

Every call starts with the same system message (``prompts/system_v1.txt``),
so llama.cpp reuses its KV cache; the article-specific part comes last.
The answer shapes are small, enum-constrained and bounded: the grammar then
cannot emit an unknown code, and a string cannot run on.
"""

from __future__ import annotations

import hashlib
import re
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model, field_validator

from .vocab import Actor, MeetingKind

SYSTEM_TEMPLATE = "system_v1.txt"
MEETING_MAX_TOKENS = 320
SENTENCE_MAX_TOKENS = 80


@lru_cache(maxsize=None)
def template(name: str) -> str:
    try:
        return resources.files("summarize.prompts").joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # running from a source tree without install
        return (Path(__file__).resolve().parent.parent / "prompts" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def prompt_version() -> str:
    digest = hashlib.sha256(template(SYSTEM_TEMPLATE).encode()).hexdigest()[:8]
    return f"v1-{digest}"


class _Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Latin letters, digits and plain punctuation only. The grammar then cannot drift into another
# script mid-sentence (seen: Chinese characters inside English text), and cannot emit a double
# quote, which a grammar-constrained small model takes as the end of the string.
def latin(max_length: int) -> Any:
    """A bounded Latin-script string. The bound is also inside the pattern because llama.cpp's
    schema-to-grammar converter ignores maxLength when a pattern is present."""
    pattern = r"^[A-Za-z0-9\u00C0-\u024F ,.;:'()/%&+\-]{0," + str(max_length) + "}$"
    return Annotated[str, StringConstraints(max_length=max_length, pattern=pattern)]


English = latin(140)
_PLACEHOLDER = re.compile(r"_|^(official )?(title|role|name|unknown|n/?a)$", re.I)


class PersonDraft(_Draft):
    name: latin(48)  # type: ignore[valid-type]
    role: latin(40)  # type: ignore[valid-type]
    country: Actor

    @field_validator("role")
    @classmethod
    def role_is_a_real_title(cls, value: str) -> str:
        if _PLACEHOLDER.search(value.strip()):
            raise ValueError("role must be the title the report gives this person, in English words")
        return value


class MeetingDraft(_Draft):
    kind: MeetingKind
    place: latin(40)  # type: ignore[valid-type]
    forum: latin(80)  # type: ignore[valid-type]
    participants: list[PersonDraft] = Field(max_length=8)


SentenceType = Literal["commitment", "position", "none"]


def sentence_draft_model(actors: list[str]) -> type[BaseModel]:
    return _sentence_draft_model(tuple(sorted(set(actors))))


@lru_cache(maxsize=256)
def _sentence_draft_model(actors: tuple[str, ...]) -> type[BaseModel]:
    """The per-sentence answer, with ``actor`` limited to this article's participants (+ BOTH).

    A per-article enum keeps the grammar from choosing a country nobody in the
    meeting represents; the field order puts the decision first and the
    (costly) English text last.
    """
    choices = list(actors) + ["BOTH"]
    actor_enum = Enum("ActorChoice", {c: c for c in choices}, type=str)  # type: ignore[misc]
    return create_model(
        "SentenceDraft",
        __base__=_Draft,
        type=(SentenceType, ...),
        actor=(actor_enum, ...),
        text=(English, ...),
    )


def draft_schemas() -> dict[str, dict]:
    """Answer shapes, part of the schema hash (an edit here must invalidate caches too)."""
    return {"meeting_draft": MeetingDraft.model_json_schema(),
            "sentence_draft": sentence_draft_model(["CHN", "KAZ"]).model_json_schema()}


def _system() -> dict[str, str]:
    return {"role": "system", "content": template(SYSTEM_TEMPLATE)}


def meeting_messages(opening: str) -> list[dict[str, str]]:
    return [_system(), {"role": "user", "content": f"TASK meeting\nReport opening:\n<<<\n{opening}\n>>>"}]


def sentence_messages(participants: str, speaker: str, sentence: str) -> list[dict[str, str]]:
    return [_system(), {"role": "user", "content": (
        f"TASK sentence\nParticipants: {participants}\nSpeaker: {speaker}\n"
        f"Sentence:\n<<<\n{sentence}\n>>>")}]


def english_note() -> str:
    return "The text field must be in English. Translate it into English and answer again."


def ungrounded_names_note(names: list[str]) -> str:
    return ("These names do not occur in the report: " + ", ".join(names) +
            ". List only people named in the report, spelled as they are there.")
