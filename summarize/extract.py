"""One article end to end: load → clean → prompt → model → ground → record.

Design (measured against hand-made gold, see README): one small call for the
meeting and its participants over the article's opening, then one narrow call
per candidate sentence (found by markers), all sharing one cached system
prompt. Evidence is the cited sentence's exact offsets, so the model never
spends tokens copying quotes.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, timedelta
from typing import Any, Callable

from . import prompt
from .backend import Backend, resolve
from .candidates import Candidate, category_of, contexts_of, find_candidates
from .clean import CleanArticle, clean, detect_language
from .errors import ModelOutputError
from .ground import Folded, evidence, locate_name
from .load import RawArticle, load_text
from .model import CallStats, ModelCaller
from .schema import (ArticleInfo, Commitment, Meeting, Participant, Position, Provenance, Record, Usage,
                     schema_hash as record_schema_hash)
from .summary import compose_summary
from .topics import topic_of
from .vocab import (NAME_PATTERNS, Actor, ORGANISATIONS, PLOVER_MODE, DatePrecision, MeetingKind, Modality, Stance,
                    actors_named_in, fold)

# Bump when the rules that turn answers into a record change (attribution, topics, summary): the
# request hash changes, stored records are re-derived, and the call cache answers every model call.
PIPELINE_VERSION = "10"
MAX_CANDIDATES = 60  # = the record's bound on commitments and on positions
OPENING_CHARS = 500  # title and lead; later sentences only when they name officials
OPENING_MAX_CHARS = 2600
ROLE_SENTENCE_CHARS = 220  # the meeting call sees the title and the first sentences only
ROLE_WORDS = re.compile(r"\b(ministre|minister|president|premier|chancelier|chancellor|secretaire|secretary|"
                        r"homologue|counterpart|ambassadeur|ambassador|conseiller|councilor|chef de la diplomatie)\b")
FULL_NAME = re.compile(r"\b[A-Z][a-z\u00e0-\u00ff]+(?:-[A-Z][a-z\u00e0-\u00ff]+)? [A-Z][a-z\u00e0-\u00ff]{2,}")
MEETING_WORDS = re.compile(r"\b(ministre|minister|president|diplomat|rencontr|entretien|entretenu|talks|meeting|"
                           r"met\b|sommet|summit|telephon|phone|visite|visit|affaires etrangeres|foreign affairs|"
                           r"cooperation|bilateral|homologue|counterpart)")
INJECTION = re.compile(r"ignore (all |the )?(previous|prior|above) instructions|ignorez (les|toutes les) "
                       r"instructions|disregard (all |the )?(previous|prior)|system prompt|you are now|"
                       r"tu es maintenant|vous etes maintenant")
STRONG_JOINT = re.compile(r"\bles deux (parties|pays|cotes)\b|\bboth (sides|countries|parties)\b|"
                          r"\bthe two (sides|countries)\b|\bont convenu\b|\bse sont engages\b|\bagreed\b")
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
            "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
MONTHS = {"janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
          "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "january": 1, "february": 2,
          "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9,
          "october": 10, "november": 11, "december": 12}


@dataclass
class Settings:
    """Everything besides the article that decides the answer (all of it goes into the request hash)."""

    slots: int = 2
    max_reasks: int = 1
    summary: str = "record"

    def identity(self) -> dict[str, Any]:
        return {"max_reasks": self.max_reasks, "summary": self.summary, "temperature": 0.0,
                "meeting_max_tokens": prompt.MEETING_MAX_TOKENS, "sentence_max_tokens": prompt.SENTENCE_MAX_TOKENS}


@lru_cache(maxsize=1)
def full_schema_hash() -> str:
    blob = json.dumps({"record": record_schema_hash(), "drafts": prompt.draft_schemas()}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def request_hash(cleaned_text: str, backend: Backend, settings: Settings) -> str:
    """The one identity of an extraction: cache key, batch custom_id and cassette key."""
    blob = json.dumps({"text": cleaned_text, "prompt": prompt.prompt_version(), "schema": full_schema_hash(),
                       "pipeline": PIPELINE_VERSION,
                       "backend": backend.identity(), "settings": settings.identity()}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


@dataclass
class _Person:
    participant: Participant
    surname: str
    said_role: str  # the role as the model wrote it: prompts quote it verbatim (stable requests)


def extract(article: str | RawArticle, *, backend: Backend | str | None = None, model: str | None = None,
            base_url: str | None = None, source: str | None = None, settings: Settings | None = None,
            caller: ModelCaller | None = None, progress: Callable[[str], None] | None = None) -> Record:
    """Extract a grounded Record from one article's text (the library's main entry point)."""
    raw = article if isinstance(article, RawArticle) else load_text(article, source=source)
    settings = settings or Settings()
    if caller is None:
        chosen = backend if isinstance(backend, Backend) else resolve(backend, model=model, base_url=base_url)
        caller = ModelCaller(chosen, max_reasks=settings.max_reasks)
    return Extractor(caller, settings, progress).run(raw)


class Extractor:
    def __init__(self, caller: ModelCaller, settings: Settings, progress: Callable[[str], None] | None = None):
        self.caller = caller
        self.settings = settings
        self.progress = progress or (lambda message: None)

    def run(self, raw: RawArticle, cleaned: CleanArticle | None = None) -> Record:
        """``cleaned``: the article already cleaned by the caller (batch cleans once to hash it)."""
        stats = CallStats()
        try:
            return self._run(raw, cleaned or clean(raw.text), stats)
        except Exception as exc:
            exc.usage = stats  # type: ignore[attr-defined]  # the ledger bills failed articles too
            raise

    def _run(self, raw: RawArticle, art: CleanArticle, stats: CallStats) -> Record:
        started = time.perf_counter()
        flags: list[str] = []
        folded_text = fold(art.text)
        # Sentences that address a model are kept in the text (offsets stay true) but never sent
        # to it and never turned into items: a report does not pledge on behalf of an instruction.
        excluded = {s.index for s in art.sentences if INJECTION.search(fold(s.text))}
        if excluded:
            flags.append(f"prompt_injection_suspected: {len(excluded)} sentence(s) address a model; "
                         "they were left out of the prompts and the record")
        info = ArticleInfo(source=_cap(raw.source, 500), title=_cap(art.title, 300), language=art.language,
                           published=art.published.isoformat() if art.published else None,
                           dateline=_cap(art.dateline, 120), sha256=hashlib.sha256(raw.text.encode()).hexdigest(),
                           chars=len(raw.text), kept_chars=len(art.text))
        provenance = Provenance(backend=self.caller.backend.name, model=self.caller.backend.model,
                                prompt_version=prompt.prompt_version(), schema_hash=full_schema_hash(),
                                request_hash=request_hash(art.text, self.caller.backend, self.settings))
        record = Record(article=info, flags=flags, provenance=provenance)
        if not art.sentences or not MEETING_WORDS.search(folded_text):
            record.flags.append("not_a_meeting_report: no diplomatic meeting vocabulary found; nothing extracted")
            return record

        self.progress("meeting and participants")
        folded = Folded.of(raw.text)
        meeting, people, notes = self._meeting(art, folded, excluded, stats)
        record.flags.extend(notes)
        record.meeting = meeting
        record.participants = [p.participant for p in people]
        countries = _unique(p.participant.actor for p in people)
        if not countries:
            record.flags.append("no_participants: no participant could be identified")
            countries = [c for c in sorted(actors_named_in(art.text)) if c not in ORGANISATIONS] or ["CHN"]
        candidates = [c for c in find_candidates([s.text for s in art.sentences])
                      if c.sentence not in excluded]
        if len(candidates) > MAX_CANDIDATES:
            # the record's lists are bounded; say what was left out rather than store an invalid record
            record.flags.append(f"truncated: {len(candidates) - MAX_CANDIDATES} candidate sentences after the "
                                f"first {MAX_CANDIDATES} were not sent to the model")
            candidates = candidates[:MAX_CANDIDATES]
        self.progress(f"{len(candidates)} candidate sentences")
        # Measured on the gold: sentence calls that know the participants and the speaker beat calls
        # started in parallel with the meeting call without them, on quality and on wall time.
        decisions = self._decide_all(art, people, countries, candidates, stats)
        for candidate, draft in decisions:
            item = self._item(art, raw.text, people, countries, candidate, draft)
            if isinstance(item, Commitment):
                record.commitments.append(item)
            elif isinstance(item, Position):
                record.positions.append(item)
        record.summary = compose_summary(record)
        record.provenance.usage = Usage(calls=stats.calls, attempts=stats.attempts,
                                        transport_retries=stats.transport_retries, reasks=stats.reasks,
                                        cache_hits=stats.cache_hits,
                                        prompt_tokens=stats.prompt_tokens,
                                        completion_tokens=stats.completion_tokens, cached_tokens=stats.cached_tokens,
                                        seconds=round(time.perf_counter() - started, 3))
        return record

    # -- meeting and participants -------------------------------------------------------------
    def _opening(self, art: CleanArticle, excluded: set[int]) -> str:
        lines = [art.title] if art.title else []
        size = sum(len(line) for line in lines)
        for sentence in art.sentences:
            if sentence.index in excluded:
                continue
            head = size < OPENING_CHARS
            if head or (ROLE_WORDS.search(fold(sentence.text)) and FULL_NAME.search(sentence.text)):
                text = " ".join(sentence.text.split())
                if not head and len(text) > ROLE_SENTENCE_CHARS:
                    # later sentences only matter for the names and titles they introduce, which
                    # come early in the sentence; the rest would be prompt tokens for nothing
                    text = text[:ROLE_SENTENCE_CHARS].rsplit(" ", 1)[0] + " ..."
                if size + len(text) > OPENING_MAX_CHARS:
                    break
                lines.append(text)
                size += len(text)
        return "\n".join(lines)

    def _meeting(self, art: CleanArticle, folded: Folded, excluded: set[int], stats: CallStats
                 ) -> tuple[Meeting, list[_Person], list[str]]:
        messages = prompt.meeting_messages(self._opening(art, excluded))
        draft = self.caller.ask(prompt.MeetingDraft, messages, max_tokens=prompt.MEETING_MAX_TOKENS, stats=stats)
        people, missing = self._ground_people(art, folded, draft)
        if missing:
            # Re-ask once with the grounding error, then keep whatever still fails as flagged.
            retry = messages + [{"role": "assistant", "content": draft.model_dump_json()},
                                {"role": "user", "content": prompt.ungrounded_names_note(missing)}]
            try:
                second = self.caller.ask(prompt.MeetingDraft, retry, max_tokens=prompt.MEETING_MAX_TOKENS,
                                         stats=stats)
                people2, missing2 = self._ground_people(art, folded, second)
                if len(missing2) < len(missing) and people2:
                    draft, people = second, people2
            except ModelOutputError:
                pass
        kind = _kind_from_lead(art) or MeetingKind(draft.kind)
        countries = {p.participant.actor for p in people}
        if kind == MeetingKind.multilateral_meeting and len(countries) == 2:
            kind = MeetingKind.bilateral_meeting  # two sides talking is bilateral, whatever the venue
        place, forum = _given(draft.place) or art.dateline, _given(draft.forum)
        notes = []
        if kind == MeetingKind.phone_call:
            place = forum = None  # a call happens between capitals, not at a venue or a forum
        if forum and not _supported(forum, art.text):
            notes.append(f"forum_not_found: the model's forum {forum!r} has no support in the article; dropped")
            forum = None
        day, precision = _meeting_date(art)
        meeting = Meeting(kind=kind, mode=PLOVER_MODE[kind], date=day, date_precision=precision,
                          place=place, forum=forum)
        return meeting, people, notes

    def _ground_people(self, art: CleanArticle, folded: Folded, draft: prompt.MeetingDraft
                       ) -> tuple[list[_Person], list[str]]:
        people: list[_Person] = []
        missing: list[str] = []
        seen: set[str] = set()
        for person in draft.participants:
            name = " ".join(person.name.split())
            key = fold(name).split(" ")[-1] if name else ""
            if not name or key in seen:
                continue  # the small model sometimes repeats a person
            seen.add(key)
            hit = locate_name(art.raw, name, folded)
            participant = Participant(name=name, role=_tidy_role(person.role) or "unknown",
                                      actor=person.country.value)
            if hit:
                start, end, status = hit
                participant.evidence = [evidence(art.raw, start, end, _sentence_at(art, start))]
                participant.grounding = status
            else:
                participant.flags = ["not_found: name does not occur in the article"]
                missing.append(name)
            people.append(_Person(participant, surname=_surname(art.raw, participant),
                                  said_role=person.role.strip() or "unknown"))
        return people, missing

    # -- candidate sentences -----------------------------------------------------------------
    def _decide_all(self, art: CleanArticle, people: list[_Person], countries: list[str],
                    candidates: list[Candidate], stats: CallStats) -> list[tuple[Candidate, Any]]:
        model = prompt.sentence_draft_model(countries)
        roster = "; ".join(f"{p.participant.actor} = {p.participant.name}, {p.said_role}" for p in people)
        roster = roster or ", ".join(countries)

        def decide(candidate: Candidate) -> tuple[Candidate, Any, CallStats]:
            own = CallStats()
            sentence = art.sentences[candidate.sentence]
            speaker = self._speaker(art, people, candidate.sentence)
            messages = prompt.sentence_messages(roster, speaker, " ".join(sentence.text.split()))
            try:
                draft = self.caller.ask(model, messages, max_tokens=prompt.SENTENCE_MAX_TOKENS, stats=own)
                if draft.type != "none" and detect_language(draft.text) not in ("en", "und"):
                    # A small model sometimes copies the French sentence: re-ask once with that error.
                    own.reasks += 1
                    retry = messages + [{"role": "assistant", "content": draft.model_dump_json()},
                                        {"role": "user", "content": prompt.english_note()}]
                    second = self.caller.ask(model, retry, max_tokens=prompt.SENTENCE_MAX_TOKENS, stats=own)
                    if detect_language(second.text) in ("en", "und") or second.type == "none":
                        draft = second
            except ModelOutputError as exc:
                draft = exc
            return candidate, draft, own

        results: list[tuple[Candidate, Any]] = []
        with ThreadPoolExecutor(max_workers=max(1, self.settings.slots)) as pool:
            for done, (candidate, draft, own) in enumerate(pool.map(decide, candidates), 1):
                stats.add(own)
                results.append((candidate, draft))
                self.progress(f"sentence {done}/{len(candidates)}")
        return results

    def _speaker(self, art: CleanArticle, people: list[_Person], index: int) -> str:
        """The speaker as the sentence prompt names it."""
        person = self._speaker_person(art, people, index)
        return f"{person.name} ({person.actor})" if person else "unknown"

    def _speaker_person(self, art: CleanArticle, people: list[_Person], index: int) -> Participant | None:
        """Who is talking at sentence ``index``: the last participant named in it or before it."""
        if not people:
            return None
        for i in range(index, -1, -1):
            text = fold(art.sentences[i].text)
            best = None
            for person in people:
                position = text.rfind(person.surname) if person.surname else -1
                if position >= 0 and (best is None or position > best[0]):
                    best = (position, person)
            if best:
                return best[1].participant
        return people[0].participant

    def _item(self, art: CleanArticle, raw: str, people: list[_Person], countries: list[str],
              candidate: Candidate, draft: Any) -> Commitment | Position | None:
        sentence = art.sentences[candidate.sentence]
        proof = [evidence(raw, sentence.start, sentence.end, sentence.index)]
        if isinstance(draft, Exception):
            # Keep the evidence and say why there is no decision: flagged, never silently dropped.
            if candidate.modality is None:
                return None
            return Commitment(actors=[self._speaker_actor(art, people, candidate.sentence, countries)],
                              text="(model output invalid; see evidence)", modality=candidate.modality,
                              evidence=proof, grounding="exact", flags=[f"model_error: {str(draft)[:100]}"])
        kind = draft.type
        if kind == "none":
            return None
        named = actors_named_in(sentence.text)
        chosen = draft.actor.value if hasattr(draft.actor, "value") else str(draft.actor)
        actors = self._actors(art, people, countries, candidate, chosen)
        joint = len(actors) > 1
        if candidate.modality is not None and (kind == "commitment" or candidate.modality in (
                Modality.readiness, Modality.agreement)):
            targets = [c for c in _unique(sorted(named)) if c not in actors and (c in countries or
                                                                              c == "CENTRAL_ASIA")]
            if not targets and not joint:
                counterpart = self._counterpart(art, people, candidate.sentence, actors[0], countries)
                targets = [counterpart] if counterpart else []
            text = _english(draft.text) or sentence.text[:200]
            return Commitment(actors=actors, targets=targets, text=text, topic=topic_of(text, sentence.text),
                              modality=candidate.modality,
                              category=category_of(sentence.text + " " + text),
                              context=contexts_of(sentence.text + " " + text), evidence=proof,
                              grounding="exact", flags=_text_flags(text, sentence.text))
        stance = candidate.stance or Stance.assessment
        text = _english(draft.text) or sentence.text[:200]
        return Position(holder=actors[0], topic=topic_of(text, sentence.text), stance=stance,
                        statement=text, evidence=proof, grounding="exact",
                        flags=_text_flags(text, sentence.text))

    def _actors(self, art: CleanArticle, people: list[_Person], countries: list[str], candidate: Candidate,
                chosen: str) -> list[str]:
        """Who commits: explicit joint wording, else the grammatical subject named just before the
        marker ("la Chine est prête", "China and X will"), else the model's choice, else the speaker.

        The rules come first because the 1.5B model mis-attributes about half of the sentences
        where the speaker and the subject differ.
        """
        sentence = art.sentences[candidate.sentence]
        folded = fold(sentence.text)
        speaker = self._speaker_actor(art, people, candidate.sentence, countries)
        if STRONG_JOINT.search(folded) or chosen == "BOTH":
            named = [c for c in _unique(sorted(actors_named_in(sentence.text))) if c in countries]
            if len(countries) > 2 and named:
                return _unique([speaker] + named)
            counterpart = self._counterpart(art, people, candidate.sentence, speaker, countries)
            return _unique([speaker, counterpart] if counterpart else countries)
        subject = _subject(folded, candidate.markers[0] if candidate.markers else "")
        if subject:
            return subject
        if chosen in countries or chosen in actors_named_in(sentence.text):
            return [chosen]
        return [speaker]

    def _speaker_actor(self, art: CleanArticle, people: list[_Person], index: int, countries: list[str]) -> str:
        person = self._speaker_person(art, people, index)
        return person.actor if person else countries[0]

    def _counterpart(self, art: CleanArticle, people: list[_Person], index: int, actor: str,
                     countries: list[str]) -> str | None:
        """The other side at this point of the article: the latest other participant country named."""
        others = [c for c in countries if c != actor]
        if len(others) == 1:
            return others[0]
        for i in range(index, -1, -1):
            text = art.sentences[i].text
            named = actors_named_in(text)
            folded = fold(text)
            for person in people:
                if person.surname and person.surname in folded:
                    named.add(person.participant.actor)
            hits = [c for c in others if c in named]
            if hits:
                return hits[0]
        return others[0] if others else None


# -- helpers ------------------------------------------------------------------------------------
_LEAD_KINDS = [
    (MeetingKind.phone_call, re.compile(r"telephon|\bphone\b|video ?call|visioconference|videoconference|"
                                        r"video link|liaison video")),
    (MeetingKind.press_conference, re.compile(r"conference de presse|press conference|point de presse")),
    (MeetingKind.interview, re.compile(r"\binterview\b|entretien accorde|entrevue accordee")),
]


def _kind_from_lead(art: CleanArticle) -> MeetingKind | None:
    """Explicit wording in the lead decides the channel; the model decides the rest."""
    lead = " ".join(fold(s.text) for s in art.sentences[:3])
    for kind, pattern in _LEAD_KINDS:
        if pattern.search(lead):
            return kind
    return None


_TITLE_END = re.compile(r"(affairs|minister|president|councilor|councillor|secretary)$", re.I)


def _tidy_role(role: str) -> str:
    """"Minister of Foreign Affairs of the PRC" -> "Foreign Minister": the country is the actor code's job,
    and the model's copy of it is often cut by the field's bound ("... of Kyrgyzst")."""
    role = " ".join(role.split())
    head, sep, tail = role.rpartition(" of ")
    tail = tail.removeprefix("the ")
    if sep and _TITLE_END.search(head) and tail[:1].isupper() and not re.search(r"Affairs|Foreign", tail):
        role = head
    return re.sub(r"\bMinister of Foreign Affairs\b", "Foreign Minister", role, flags=re.I)


_GENERIC = {"meeting", "meetings", "forum", "summit", "council", "conference", "session", "talks", "the", "and"}


def _supported(phrase: str, text: str) -> bool:
    """Do at least half of a phrase's distinctive words occur in the article (first five letters, folded,
    so French and English forms of one word meet)? Country names do not count: they are always there."""
    folded = fold(text)
    words = [w for w in re.findall(r"[a-z]{4,}", fold(phrase)) if w not in _GENERIC and not actors_named_in(w)]
    if not words:
        return True
    return sum(w[:5] in folded for w in words) * 2 >= len(words)


def _cap(value: str | None, limit: int) -> str | None:
    return value[:limit] if value else value


_EMPTY = {"", "none", "null", "n/a", "na", "unknown", "not given", "not specified", "-"}


def _given(value: str) -> str | None:
    value = " ".join(value.split()).strip(" .,")
    return None if value.lower() in _EMPTY else value


def _unique(values: Any) -> list[str]:
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return out


def _surname(raw: str, participant: Participant) -> str:
    """The folded token used to track who speaks: the name's last token, as it appears in the text."""
    if participant.evidence:
        tokens = fold(participant.evidence[0].text).split()
        if tokens:
            return tokens[-1]
    tokens = fold(participant.name).split()
    return tokens[-1] if tokens else ""


def _sentence_at(art: CleanArticle, offset: int) -> int | None:
    for sentence in art.sentences:
        if sentence.start <= offset < sentence.end:
            return sentence.index
    return None


_NAME_TOKEN = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{2,}(?:[ -][A-Z][a-z]+)*)")
_COMMON = {"China", "Chinese", "The", "Both", "Foreign", "Minister", "President", "State", "Councilor",
           "United", "Nations", "Central", "Asia", "Asian", "Economic", "Community", "Shared", "Future",
           "Strategic", "Partnership", "Comprehensive", "Initiative", "According", "Affairs", "Ministry",
           "Republic", "People", "Federation", "Secretary", "General", "Council", "Organization",
           "Organisation", "Cooperation"}
# English words of fixed terms whose French source uses another word (checked, not skipped).
_TRANSLATED = {"belt": "ceinture", "road": "route", "silk": "soie", "security": "securit", "global": "mondial",
               "winter": "hiver", "olympic": "olympi", "games": "jeux", "europe": "europe", "spring": "printemps",
               "festival": "fete", "beijing": "pekin"}


_CLAUSE_START = re.compile(r"[.;:\u00ab\"]|(?<!tant )\bque\b|\bqu'|\bthat\b|\bselon lui\b|\bsaid\b")


def _subject(folded: str, marker: str) -> list[str]:
    """Actor(s) that open the clause holding the marker: "la Chine est prete a" -> [CHN];
    "la Chine et la Russie, en tant que membres ... doivent" -> [CHN, RUS]. The first mention is the
    subject; later ones in the same clause are appositions, relative clauses or objects."""
    at = folded.find(marker) if marker else -1
    if at <= 0:
        return []
    window = folded[max(0, at - 200):at]
    starts = [m.end() for m in _CLAUSE_START.finditer(window)]
    window = window[starts[-1]:] if starts else window
    hits = sorted((m.start(), m.end(), code) for code, pattern in NAME_PATTERNS.items()
                  for m in pattern.finditer(window))
    if not hits:
        return []
    first = hits[0]
    if re.fullmatch(r"(?:.*,)?\s*(?:la |le |les |l'|the )?(?:partie |cote |side |gouvernement |government |"
                    r"delegation |diplomatie )?", window[:first[0]]) is None:
        return []  # the clause does not open with an actor: leave it to the model and the speaker
    for other in hits[1:]:
        if other[2] != first[2] and re.fullmatch(r"\s*(et|and)\s+(la |le |les |l'|the )?(pays d')?",
                                                 window[first[1]:other[0]]):
            return _unique([first[2], other[2]])
    return [first[2]]


_CODE_TAG = re.compile(r"\s*\((?:" + "|".join(a.value for a in Actor) + r")\)")


def _english(text: str) -> str:
    """The model's English text without the "(CHN)" tags it copies from the roster."""
    return " ".join(_CODE_TAG.sub("", text).split())


def _text_flags(english: str, source: str) -> list[str]:
    language = detect_language(english)
    flags = [f"not_english: the model kept the text in {language} after a re-ask"] \
        if language not in ("en", "und") else []
    return flags + _support_flags(english, source)


def _support_flags(english: str, source: str) -> list[str]:
    """Flag proper names or numbers in the English text that the source sentence does not contain.

    A cheap check that translation added no fact: names are compared folded and
    by their first five letters (French/English spellings differ in endings).
    """
    folded_source = fold(source)
    flags = []
    for number in re.findall(r"\b\d{2,}\b", english):
        if number not in folded_source:
            flags.append(f"unsupported_number: {number}")
    for match in _NAME_TOKEN.finditer(english):
        for word in match.group(1).replace("-", " ").split():
            if word in _COMMON or len(word) < 4:
                continue
            stem = fold(word)[:5]
            alias = _TRANSLATED.get(fold(word), "\0")
            if stem not in folded_source and alias not in folded_source and not actors_named_in(word):
                flags.append(f"unsupported_name: {word}")
    return flags[:5]


def _meeting_date(art: CleanArticle) -> tuple[str | None, DatePrecision]:
    """The meeting's date: an explicit date in the opening, else a weekday resolved against the
    dateline or publication date, else the dateline date, else the publication week."""
    reference: date | None = getattr(art, "dateline_date", None) or art.published
    opening = " ".join(fold(s.text) for s in art.sentences[:3])
    explicit = re.search(r"\b(?:le |on )?(\d{1,2})(?:er)? (" + "|".join(MONTHS) + r") (\d{4})\b", opening)
    if explicit:
        try:
            return date(int(explicit.group(3)), MONTHS[explicit.group(2)], int(explicit.group(1))).isoformat(), \
                DatePrecision.day
        except ValueError:
            pass
    if reference:
        for word, weekday in WEEKDAYS.items():
            if re.search(r"\b" + word + r"\b", opening):
                delta = (reference.weekday() - weekday) % 7
                return (reference - timedelta(days=delta)).isoformat(), DatePrecision.day
        if getattr(art, "dateline_date", None):
            return art.dateline_date.isoformat(), DatePrecision.day
        return art.published.isoformat() if art.published else None, DatePrecision.week
    return None, DatePrecision.unknown
