"""Prompts and the narrow answer shapes the model fills in.

Every call starts with the same system message (``prompts/system_v2.txt``),
so llama.cpp reuses its KV cache; the article-specific part comes last.
The answer shapes are small, enum-constrained and bounded: the grammar then
cannot emit an unknown code, and a string cannot run on.
"""

from __future__ import annotations

import hashlib
import json
import re
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (BaseModel, ConfigDict, Field, StringConstraints, create_model,
                      field_validator)

from .meeting_fields import tidy_name
from .vocab import ENGLISH_NAMES, Actor, MeetingKind, fold

SYSTEM_TEMPLATE = "system_v2.txt"
MAX_ITEMS = 4  # items per sentence; a longer enumeration keeps its tail in the last item
TEXT_WORDS = 40  # English texts are bounded in words, checked by a validator (never cut by the grammar)
SENTENCE_BASE_TOKENS = 24
ITEM_TOKENS = 72  # "2 commitment CHN: <up to the 40-word bound>"; digits are a token each
PERSON_TOKENS = 40
MEETING_BASE_TOKENS = 90
MAX_PARTICIPANTS = 16


def sentence_max_tokens(items: int) -> int:
    return SENTENCE_BASE_TOKENS + ITEM_TOKENS * items


def meeting_max_tokens(names: int) -> int:
    """Room for every person the opening may name (a council lists a dozen): a list the token limit cut
    would lose the whole record."""
    return MEETING_BASE_TOKENS + PERSON_TOKENS * max(4, min(names, MAX_PARTICIPANTS))


@lru_cache(maxsize=None)
def template(name: str) -> str:
    try:
        return resources.files("summarize.prompts").joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # running from a source tree without install
        return (Path(__file__).resolve().parent.parent / "prompts" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def prompt_version() -> str:
    digest = hashlib.sha256(template(SYSTEM_TEMPLATE).encode()).hexdigest()[:8]
    return f"v2-{digest}"


class _Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Latin letters, digits and plain punctuation only. The grammar then cannot drift into another
# script mid-sentence (seen: Chinese characters inside English text), and cannot emit a double
# quote, which a grammar-constrained small model takes as the end of the string. No length inside
# the pattern: a grammar cap ends a string mid-word; bounds are in words, checked by validators,
# and a reply that runs on hits max_tokens and is re-asked shorter.
LATIN = r"^[A-Za-z0-9\u00C0-\u024F ,.;:'()/%&+\-]*$"
Latin = Annotated[str, StringConstraints(pattern=LATIN)]
_PLACEHOLDER = re.compile(r"_|^(official )?(title|role|name|unknown|n/?a)$", re.I)


_COURTESY = re.compile(r"^(?:(?:H\.\s?E\.?|HE|YB|YAB|YBhg|Dato'?\s+Seri|Dato'?\s+Sri|Dato'?|Datuk|Tan\s+Sri|Tun|"
                       r"Utama|Haji|Hajjah|Sheikh|Shaikh|Mawlawi|Maulvi|Maulana|Senator|Dr\.?|Prof\.?|Mr\.?|Mrs\.?|Ms\.?|Mme|M\.)\s+)+")


def _words_at_most(value: str, limit: int, what: str) -> str:
    if len(value.split()) > limit:
        raise ValueError(f"{what} has {len(value.split())} words; write at most {limit}")
    return value


class PersonDraft(_Draft):
    name: Latin
    role: Latin
    country: Actor

    @field_validator("name")
    @classmethod
    def name_is_short(cls, value: str) -> str:
        # courtesy titles and offices are no part of the name ("YB Dato' Seri Utama Haji Mohamad bin Haji
        # Hasan", "Deputy Prime Minister and Foreign Minister Senator Mohammad Ishaq Dar"): the pipeline strips
        # them from the stored name (``tidy_name``), and a long run of them failed the bound and, past the
        # re-asks, lost the whole participant list
        name = tidy_name(_COURTESY.sub("", value).strip()) or value
        return _words_at_most(name, 8, "name")

    @field_validator("role")
    @classmethod
    def role_is_a_real_title(cls, value: str) -> str:
        if _PLACEHOLDER.search(value.strip()):
            raise ValueError("role must be the title the report gives this person, in English words")
        return _words_at_most(value, 16, "role")


class MeetingDraft(_Draft):
    kind: MeetingKind
    place: Latin
    forum: Latin
    participants: list[PersonDraft] = Field(max_length=MAX_PARTICIPANTS)

    @field_validator("place", "forum")
    @classmethod
    def short(cls, value: str) -> str:
        return _words_at_most(value, 16, "place or forum")


ItemType = Literal["commitment", "position"]
# Item texts are English: plain ASCII letters. French needs its accents, so a model that starts to copy
# the French source is steered back to English words; names lose their diacritics, as English spells them.
_TEXT_CHARS = r"[A-Za-z0-9 ,.;:'()/%&+\-]"


class Item(BaseModel):
    """One parsed answer line: "<part> <type> <actor>: <English sentence>"."""

    part: int
    type: ItemType
    actor: str
    text: str


def sentence_draft_model(actors: list[str], parts: int) -> type[BaseModel]:
    return _sentence_draft_model(tuple(sorted(set(actors))), max(1, parts))


# A sentence does not end on an article, a preposition or a conjunction: such a text was cut (the grammar
# ends a string where the model wanted a character it may not write) and is re-asked.
# A word, not the tail of a name ("in Xi'an" ends on "an" after an apostrophe).
_DANGLING = re.compile(r"(?:^|\s)(?:the|a|an|of|to|and|or|with|for|in|on|by|from|at|as|its|their|de|la|le|les|des|"
                       r"du)\W*$", re.I)


# An item half again as long as the bound is kept (and flagged ``over_length`` by the pipeline) rather than
# re-asked: a long enumeration rendered whole is still the pledge, and at temperature 0 the re-ask came back
# word for word the same in 5 of 5 recorded cases (cassettes of the seeds, 41-62 words), doubling the cost of
# the sentence for nothing. Only a text past this is re-asked, then salvaged or flagged.
SALVAGE_WORDS = TEXT_WORDS * 3 // 2


def _english_text(value: str, limit: int = TEXT_WORDS) -> str:
    value = " ".join(value.split())
    if len(value.split()) < 3:
        raise ValueError("text must be a complete English sentence")
    if _DANGLING.search(value):
        raise ValueError("text stops in the middle of a phrase; write one complete English sentence")
    return _words_at_most(value, limit, "text")


def shown(text: str) -> str:
    """Report text as the prompts show it: straight double quotes become single ones, so that the model,
    which copies what it reads, never reaches a character that ends its string."""
    return text.replace('"', "'")


_LINE = re.compile(r"^(\d+) (commitment|position) ([A-Z_]+): (.*)$")


def subjects_for(actors: tuple[str, ...]) -> list[str]:
    """The English subjects an item's text may open with: each participant's country, the pair, and for a
    meeting of more than two countries the ministers or leaders as a group."""
    names = [ENGLISH_NAMES.get(a, a).removeprefix("the ") for a in actors]
    pairs = [f"{a} and {b}" for a in names for b in names if a != b] if len(names) <= 3 else []
    # No generic "The two sides": offered one, the small model opened every text with it (measured).
    groups = ["The ministers", "The leaders"] if len(names) > 2 else []
    return sorted(set(names + pairs), key=lambda s: (-len(s), s)) + groups  # stable across processes


@lru_cache(maxsize=512)
def _sentence_draft_model(actors: tuple[str, ...], parts: int) -> type[BaseModel]:
    """The per-sentence answer: a bounded list of one-line items, "<part> <type> <actor>: <text>".

    One line per item, not a JSON object per item: on the embedded model every generated token is
    ~0.12 s, and an object's keys, quotes and indentation cost ~20 tokens per item (measured), more
    than the decision itself. The grammar still constrains every choice: ``part`` to the sentence's
    numbered parts, ``type`` to two words, ``actor`` to this article's participants (+ BOTH). The text
    must open with an English subject (a participant's country, the pair, "The two sides"): the model
    then writes a complete English sentence instead of continuing the French part it was shown.
    """
    numbers = "|".join(str(n) for n in range(1, parts + 1))
    return _line_model("SentenceDraft", _line_pattern(actors, numbers, "commitment|position"),
                       Field(max_length=min(parts, MAX_ITEMS)))


def stance_draft_model(actors: list[str], part: int) -> type[BaseModel]:
    return _stance_draft_model(tuple(actors), part)


@lru_cache(maxsize=512)
def _stance_draft_model(actors: tuple[str, ...], part: int) -> type[BaseModel]:
    """The follow-up answer for one part the sentence answer left out although it states a stance: exactly
    one line, "<part> position <actor>: <text>", the part fixed by the grammar (~20 generated tokens)."""
    return _line_model("StanceDraft", _line_pattern(actors, str(part), "position"),
                       Field(min_length=1, max_length=1))


def _line_pattern(actors: tuple[str, ...], numbers: str, types: str) -> str:
    """"<part> <type> <actor>: <English subject> <text>", each choice an alternation the grammar enforces."""
    choices = "|".join(list(actors) + ["BOTH"])
    subjects = "|".join(re.escape(s).replace("\\ ", " ") for s in subjects_for(actors))
    return rf"^({numbers}) ({types}) ({choices}): ({subjects}) {_TEXT_CHARS}*$"


def _line_model(name: str, pattern: str, bounds: Any) -> type[BaseModel]:
    line = Annotated[str, StringConstraints(pattern=pattern)]
    model = create_model(name, __base__=_Draft, items=(list[line], bounds),  # type: ignore[valid-type]
                         __validators__={"english": field_validator("items")(_check_lines)})
    model.parsed = _parsed_lines  # type: ignore[attr-defined]
    return model


def _check_lines(cls: Any, lines: list[str]) -> list[str]:
    for value in lines:
        match = _LINE.match(value)
        if match:
            _english_text(match.group(4), SALVAGE_WORDS)
    return lines


def parse_line(value: str) -> Item | None:
    match = _LINE.match(value)
    if not match:
        return None
    return Item(part=int(match.group(1)), type=match.group(2), actor=match.group(3),
                text=" ".join(match.group(4).split()))


def _parsed_lines(self: Any) -> list[Item]:
    return [item for item in map(parse_line, self.items) if item is not None]


_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def salvage(model: type[BaseModel], reply: str) -> Any | None:
    """The lines of a reply that failed validation as a whole (after the re-ask cap) that each validate
    on their own: one over-long or cut line must not cost the sentence's other items. None when no
    line survives. A line is kept only if it passes the very checks a valid answer passes."""
    kept: list[str] = []
    seen_parts: set[str] = set()
    bound = model.model_fields["items"].metadata
    most = min((m.max_length for m in bound if getattr(m, "max_length", None)), default=MAX_ITEMS)
    for raw in _JSON_STRING.findall(reply or ""):
        try:
            line = json.loads(f'"{raw}"')
        except ValueError:
            continue
        if line == "items" or line.split(" ", 1)[0] in seen_parts:
            continue
        try:
            model.model_validate({"items": [line]})
        except ValueError:
            continue
        seen_parts.add(line.split(" ", 1)[0])
        kept.append(line)
    if not kept:
        return None
    try:
        return model.model_validate({"items": kept[:most]})
    except ValueError:
        return None


_FIELD = r'"{}"\s*:\s*"((?:[^"\\]|\\.)*)"'
_PERSON = re.compile(r"\{\s*" + _FIELD.format("name") + r"\s*,\s*" + _FIELD.format("role") + r"\s*,\s*"
                     + _FIELD.format("country") + r"\s*\}")


def salvage_meeting(reply: str) -> MeetingDraft | None:
    """What a meeting reply cut at the token limit (after the re-asks) still says: its kind, place and forum
    where written, and every participant written out whole that validates on its own, each once (a small
    model that loops repeats the list). None when no participant survives: the caller then keeps what the
    text itself gives."""
    people: list[PersonDraft] = []
    for name, role, country in _PERSON.findall(reply or ""):
        try:
            person = PersonDraft.model_validate({"name": json.loads(f'"{name}"'), "role": json.loads(f'"{role}"'),
                                                 "country": json.loads(f'"{country}"')})
        except ValueError:
            continue
        if all(p.name != person.name for p in people):
            people.append(person)
    if not people:
        return None
    fields = {}
    for key in ("kind", "place", "forum"):
        found = re.search(_FIELD.format(key), reply)
        fields[key] = json.loads(f'"{found.group(1)}"') if found else ""
    for value in (fields, {**fields, "kind": MeetingKind.bilateral_meeting.value},
                  {"kind": MeetingKind.bilateral_meeting.value, "place": "", "forum": ""}):
        try:
            return MeetingDraft.model_validate({**value, "participants": people[:MAX_PARTICIPANTS]})
        except ValueError:
            continue
    return None


def translation_model(subject: str) -> type[BaseModel]:
    return _translation_model(subject)


@lru_cache(maxsize=256)
def _translation_model(subject: str) -> type[BaseModel]:
    """One English sentence that opens with the item's subject: the last try for an item whose text stayed
    French after the re-ask (the sentence task's own answer, shown back, is what the model then copies)."""
    pattern = rf"^{re.escape(subject).replace(chr(92) + ' ', ' ')} {_TEXT_CHARS}*$"
    text = Annotated[str, StringConstraints(pattern=pattern)]
    return create_model("TranslationDraft", __base__=_Draft, text=(text, ...),
                        __validators__={"english": field_validator("text")(lambda cls, v: _english_text(v))})


def translate_messages(subject: str, passage: str) -> list[dict[str, str]]:
    return [_system(), {"role": "user", "content": (
        f"TASK translate\nSubject: {subject}\nPassage:\n<<<\n{shown(passage)}\n>>>")}]


# The system prompt's fixed terms, each with the source words that warrant it (folded). Shown them in every
# prompt, the small model also writes them where the source says something else ("the Belt and Road
# Initiative corridor" for « le corridor de transport Nord-Sud »): such a text is translated again.
FIXED_TERMS: dict[str, tuple[str, ...]] = {
    "belt and road": ("ceinture et la route", "ceinture et route", "belt and road", "bri", "route de la soie",
                      "silk road", "nouvelles routes de la soie", "yi dai yi lu"),
    "community with a shared future": ("avenir partage", "destin commun", "communaute de destin",
                                       "shared future", "common destiny", "common future", "avenir commun"),
    "comprehensive strategic partnership": ("strategique global", "strategique integral", "comprehensive strategic",
                                            "all-round strategic", "strategique approfondi", "strategique general"),
}


def invented_terms(english: str, source: str) -> list[str]:
    """The fixed terms ``english`` uses that its source sentence gives no words for."""
    text, said = fold(english), fold(source)
    return [term for term, forms in FIXED_TERMS.items()
            if term in text and not any(re.search(r"(?<![a-z])" + re.escape(f) + r"(?![a-z])", said) for f in forms)]


def missed_stance_note(part: int) -> str:
    return f"Part {part} also states a position that your answer left out. Write its line."


def draft_schemas() -> dict[str, dict]:
    """Answer shapes, part of the schema hash (an edit here must invalidate caches too)."""
    return {"meeting_draft": MeetingDraft.model_json_schema(),
            "sentence_draft": sentence_draft_model(["CHN", "KAZ"], 3).model_json_schema(),
            "stance_draft": stance_draft_model(["CHN", "KAZ"], 2).model_json_schema(),
            "translation_draft": translation_model("China").model_json_schema()}


def _system() -> dict[str, str]:
    return {"role": "system", "content": template(SYSTEM_TEMPLATE)}


def shared_prefix() -> list[dict[str, str]]:
    """The start every request shares (system message, then a user turn opening with "TASK"): what a
    server may read once and keep."""
    return [_system(), {"role": "user", "content": "TASK"}]


def meeting_messages(opening: str) -> list[dict[str, str]]:
    return [_system(), {"role": "user", "content": f"TASK meeting\nReport opening:\n<<<\n{shown(opening)}\n>>>"}]


def sentence_messages(participants: str, speaker: str, parts: list[str]) -> list[dict[str, str]]:
    numbered = "\n".join(f"[{i}] {shown(text)}" for i, text in enumerate(parts, 1))
    return [_system(), {"role": "user", "content": (
        f"TASK sentence\nParticipants: {participants}\nSpeaker: {speaker}\n"
        f"Sentence in parts:\n<<<\n{numbered}\n>>>")}]


def english_note() -> str:
    return "Every text field must be in English. Translate it into English and answer again."


def ungrounded_names_note(names: list[str]) -> str:
    return ("These are not people named in the report: " + ", ".join(names) +
            ". List only the people (never countries) named in the report, spelled as they are there.")
