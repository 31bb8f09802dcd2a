"""The one-paragraph English summary.

Composed from the record itself, so it cannot state a fact the record does
not hold: who met (names, roles, countries), where, when, at which forum, and
the commitments in order of appearance until the word budget is spent.
A separate model-written summary was the alternative; see README for why the
composed one is the default.
"""

from __future__ import annotations

import re
from datetime import date

from .language import detect_language, non_english_sentences
from .schema import Record, Summary
from .topics import strip_reporting
from .vocab import ENGLISH_NAMES, fold

MAX_WORDS = 120
_VERBS = {
    "bilateral_meeting": "met",
    "phone_call": "held a phone call",
    "multilateral_meeting": "met",
    "summit": "met at a summit",
    "interview": "gave an interview",
    "press_conference": "held a press conference",
}


def _words(text: str) -> int:
    return len(text.split())


def _when(iso: str | None, precision: str) -> str:
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return ""
    if precision == "day":
        return f"on {day.day} {day:%B %Y}"
    if precision in ("week", "month"):
        return f"in {day:%B %Y}"
    return f"in {day.year}"


def _people(record: Record) -> str:
    def describe(p) -> str:
        country = ENGLISH_NAMES.get(p.actor, p.actor)
        # a role the record flags (not English, not a title) is left out: the summary is English
        if p.role == "unknown" or any(f.startswith(("not_english", "role_not_a_title")) for f in p.flags):
            return f"{p.name} ({country})"
        role = p.role if fold(country) in fold(p.role) else f"{p.role}, {country}"
        return f"{p.name} ({role})"

    grounded = [p for p in record.participants if not any(f.startswith("not_found") for f in p.flags)]
    described = [describe(p) for p in grounded] or [describe(p) for p in record.participants]
    if not described:
        return "Officials"
    if len(described) > 4:
        # a council of a dozen ministers: name the first, count the rest (the record lists them all)
        return f"{described[0]} and {len(described) - 1} other officials"
    if len(described) == 1:
        return described[0]
    return ", ".join(described[:-1]) + " and " + described[-1]


def _sentence(text: str, item: bool = False) -> str:
    text = " ".join(text.split()).strip().rstrip(";,")
    if item:
        # "Wang Yi, Minister of ..., said that China will ..." -> "China will ...": the summary's
        # opening already says who spoke; the pledge is the news.
        stripped = strip_reporting(text)
        text = stripped if len(stripped.split()) >= 4 else text
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if re.search(r"[.!?]$", text) else text + "."


def _usable(item_text: str, flags: list[str]) -> bool:
    """Only complete English clauses of grounded, unflagged items go into the summary."""
    return bool(item_text) and not flags and detect_language(item_text) in ("en", "und")


def quoted_names(record: Record) -> tuple[str, ...]:
    """The proper names a summary quotes from the record, as the article spells them (set aside when a
    summary sentence is tested for French: here and in ``evaluate``)."""
    meeting = record.meeting
    return tuple(p.name for p in record.participants) + \
        ((meeting.place or "", meeting.forum or "") if meeting else ())


def compose_summary(record: Record) -> Summary:
    meeting = record.meeting
    verb = _VERBS.get(meeting.kind, "met") if meeting else "met"
    if meeting and meeting.kind == "interview" and len(record.participants) > 1:
        verb = "spoke"
    parts = [_people(record), verb]
    if meeting and meeting.place:
        parts.append(f"in {meeting.place}")
    if meeting:
        when = _when(meeting.date, meeting.date_precision)
        if when:
            parts.append(when)
        if meeting.forum:
            parts.append(f"at the {meeting.forum}" if not meeting.forum.lower().startswith("the ")
                         else f"at {meeting.forum}")
    opening = _sentence(" ".join(parts))
    sentences = [opening]
    used = _words(opening)
    skipped = 0
    items = [(c.text, c.flags, c.evidence) for c in record.commitments] + \
        [(p.statement, p.flags, p.evidence) for p in record.positions if p.stance != "assessment"]
    said: set[str] = set()
    for text, flags, proof in items:
        line = _sentence(text, item=True)
        if not proof or not _usable(line, flags):
            skipped += 1
            continue
        if line.lower() in said:
            continue  # one fact once (a joint stance is one position per holder with one text)
        said.add(line.lower())
        if used + _words(line) > MAX_WORDS:
            continue  # a shorter later item may still fit; none is ever cut
        sentences.append(line)
        used += _words(line)
    text = " ".join(sentences)
    flags = []
    language = detect_language(text)
    foreign = non_english_sentences(text, quoted_names(record))
    if foreign:
        flags.append(f"not_english: {len(foreign)} sentence(s) not in English")
    if skipped:
        flags.append(f"skipped_items: {skipped} (flagged, ungrounded or not in English)")
    return Summary(text=text[:1000], words=_words(text), language=language,
                   method="record", flags=flags)
