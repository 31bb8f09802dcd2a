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
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, timedelta
from typing import Any, Callable

from . import prompt, segments
from .attribution import (PRONOUN_SUBJECT, REPORTING, Voice, a_side_acts, actors_for, after_preposition, commentary,
                          holders_of, labelled_turn, office_subject, opening_phrase_end, side_speaking, sides_speaking,
                          speaking_sides)
from .backend import Backend, resolve
from .candidates import (Candidate, binds, category_of, classify, contexts_of, describes_the_meeting, find_candidates,
                         agrees_on_a_judgement, expects_an_outcome, is_programme, predicts, stance_governs)
from .clean import CleanArticle, clean
from .dates import meeting_date, parse_iso, set_in_an_earlier_year
from .errors import ModelOutputError
from .ground import Folded, evidence, locate_name, realign_parts
from .language import detect_language
from .load import RawArticle, load_text
from .meeting_fields import (acts_in_report, country_of_mentions, forum_of, full_name, interview_place, is_a_city_named_alone,
                             is_a_place_or_body, is_head_of_state, is_the_dateline_city, kind_from_lead,
                             meeting_kind, mention_pattern, names_no_office, only_a_speaker_label, only_recalled,
                             org_office_before, organisation_of, other_side, place_of, publisher_side,
                             reports_another_meeting, role_near, sides_in_lead, tidy_name, tidy_role, title_given_at,
                             titled_names_in)
from .model import CallStats, ModelCaller
from .schema import (ArticleInfo, Commitment, Meeting, Participant, Position, Provenance, Record, Usage,
                     schema_hash as record_schema_hash)
from .sourcemap import evidence_in_page
from .summary import compose_summary
from .topics import topic_of
from .wording import complete, split_rendering
from .vocab import (NAME_PATTERNS, ORGANISATIONS, PLOVER_MODE, Actor, MeetingKind, Modality, Stance,
                    actors_named_in, fold)

# Bump when the rules that turn answers into a record change (attribution, topics, summary): the
# request hash changes, stored records are re-derived, and the call cache answers every model call.
PIPELINE_VERSION = "47"
MAX_CANDIDATES = 60  # = the record's bound on commitments and on positions
MAX_ACTORS = 8  # = the record's bound on a commitment's actors and targets
SIDE_WINDOW = 60  # characters of a part read for "the <country> <office> said" that opens it
_COUNTRIES = [c for c in NAME_PATTERNS if c not in ORGANISATIONS and c != "OTHER"]  # every side a text may name
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


@dataclass
class Settings:
    """Everything besides the article that decides the answer (all of it goes into the request hash)."""

    slots: int = 2
    max_reasks: int = 1
    summary: str = "record"

    def identity(self) -> dict[str, Any]:
        return {"max_reasks": self.max_reasks, "summary": self.summary, "temperature": 0.0,
                "meeting_tokens": [prompt.MEETING_BASE_TOKENS, prompt.PERSON_TOKENS],
                "sentence_tokens": [prompt.SENTENCE_BASE_TOKENS, prompt.ITEM_TOKENS, prompt.MAX_ITEMS]}


@lru_cache(maxsize=1)
def full_schema_hash() -> str:
    blob = json.dumps({"record": record_schema_hash(), "drafts": prompt.draft_schemas()}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def request_hash(cleaned_text: str, backend: Backend, settings: Settings, given_date: str | None = None) -> str:
    """The one identity of an extraction: cache key, batch custom_id and cassette key."""
    blob = {"text": cleaned_text, "prompt": prompt.prompt_version(), "schema": full_schema_hash(),
            "pipeline": PIPELINE_VERSION, "backend": backend.identity(), "settings": settings.identity()}
    if given_date:
        blob["date"] = given_date  # the user's date can change the record (a weekday resolved against it)
    return hashlib.sha256(json.dumps(blob, sort_keys=True).encode()).hexdigest()


@dataclass
class _Person:
    participant: Participant
    said_role: str  # the role as the model wrote it: prompts quote it verbatim (stable requests)
    mention: re.Pattern[str] | None = None  # any token of the name, word-bounded, in folded text
    confirmed: bool = False  # the text writes the person's country next to the name (not the model's guess)

    def last_before(self, text: str, cut: int) -> int:
        """Where the person is last named in ``text[:cut]`` (folded), or -1."""
        if self.mention is None:
            return -1
        hits = [m.start() for m in self.mention.finditer(text, 0, cut)]
        return hits[-1] if hits else -1

    def first_after(self, text: str, cut: int) -> int:
        if self.mention is None:
            return -1
        hit = self.mention.search(text, cut)
        return hit.start() if hit else -1


@dataclass
class _Answer:
    """A sentence answer completed by a follow-up line: what ``_items`` reads (``parsed``)."""

    lines: list[prompt.Item]

    def parsed(self) -> list[prompt.Item]:
        return list(self.lines)


@dataclass
class _Part:
    """One numbered part of a candidate sentence, with its offsets into the sentence and its markers
    (read once: the stance follow-up, the modality along the enumeration and each item use them)."""

    start: int
    end: int
    text: str
    markers: Candidate | None = field(init=False)

    def __post_init__(self) -> None:
        self.markers = classify(self.text)


def extract(article: str | RawArticle, *, backend: Backend | str | None = None, model: str | None = None,
            base_url: str | None = None, source: str | None = None, settings: Settings | None = None,
            caller: ModelCaller | None = None, progress: Callable[[str], None] | None = None,
            date: str | None = None) -> Record:
    """Extract a grounded Record from one article's text (the library's main entry point).

    ``date``: the article's date as the user knows it (ISO), used when the page gives none."""
    raw = article if isinstance(article, RawArticle) else load_text(article, source=source)
    settings = settings or Settings()
    if caller is None:
        chosen = backend if isinstance(backend, Backend) else resolve(backend, model=model, base_url=base_url)
        caller = ModelCaller(chosen, max_reasks=settings.max_reasks)
    return Extractor(caller, settings, progress).run(raw, given_date=date)


class Extractor:
    def __init__(self, caller: ModelCaller, settings: Settings, progress: Callable[[str], None] | None = None):
        self.caller = caller
        self.settings = settings
        self.progress = progress or (lambda message: None)

    def run(self, raw: RawArticle, cleaned: CleanArticle | None = None, given_date: str | None = None) -> Record:
        """``cleaned``: the article already cleaned by the caller (batch cleans once to hash it);
        ``given_date``: the date the user gave with the article (JSONL ``date``, ``--date``)."""
        stats = CallStats()
        try:
            record = self._run(raw, cleaned or clean(raw.text), stats, given_date)
        except Exception as exc:
            exc.usage = stats  # type: ignore[attr-defined]  # the ledger bills failed articles too
            raise
        if raw.page is not None:
            # the user gave a page: its evidence is found in the page's source, not in the text read from it
            missing = evidence_in_page(record, raw.page, raw.text)
            record.article.chars = len(raw.page)
            if missing:
                record.flags.append(f"evidence_not_on_page: {missing} span(s) keep offsets into the text "
                                    "extracted from the page")
        return record

    def _run(self, raw: RawArticle, art: CleanArticle, stats: CallStats, given_date: str | None) -> Record:
        started = time.perf_counter()
        flags: list[str] = []
        folded_text = fold(art.text)
        # Sentences that address a model are kept in the text (offsets stay true) but never sent
        # to it and never turned into items: a report does not pledge on behalf of an instruction.
        excluded = {s.index for s in art.sentences if INJECTION.search(fold(s.text))}
        if excluded:
            flags.append(f"prompt_injection_suspected: {len(excluded)} sentence(s) address a model; "
                         "they were left out of the prompts and the record")
        given = parse_iso(given_date)
        info = ArticleInfo(source=_cap(raw.source, 500), title=_cap(art.title, 300), language=art.language,
                           published=(art.published or given).isoformat() if (art.published or given) else None,
                           dateline=_cap(art.dateline, 120), sha256=hashlib.sha256(raw.text.encode()).hexdigest(),
                           chars=len(raw.text), kept_chars=len(art.text))
        provenance = Provenance(backend=self.caller.backend.name, model=self.caller.backend.model,
                                prompt_version=prompt.prompt_version(), schema_hash=full_schema_hash(),
                                request_hash=request_hash(art.text, self.caller.backend, self.settings, given_date))
        record = Record(article=info, flags=flags, provenance=provenance)
        if not art.sentences or not MEETING_WORDS.search(folded_text):
            record.flags.append("not_a_meeting_report: no diplomatic meeting vocabulary found; nothing extracted")
            return record

        self.progress("meeting and participants")
        folded = Folded.of(raw.text)
        meeting, people, notes = self._meeting(art, folded, excluded, stats, given)
        record.flags.extend(note[:120] for note in notes)  # flags are bounded like every string
        record.meeting = meeting
        record.participants = [p.participant for p in people]
        # OTHER is "a side the vocabulary has no code for": never an actor an item can name
        countries = _unique(p.participant.actor for p in people if p.participant.actor not in ORGANISATIONS
                            and p.participant.actor != "OTHER") or \
            _unique(p.participant.actor for p in people if p.participant.actor != "OTHER")
        bodies = _unique(p.participant.actor for p in people if p.participant.actor in ORGANISATIONS
                         and p.participant.actor != "CENTRAL_ASIA")
        if len(countries) == 1 and countries[0] not in ORGANISATIONS and bodies:
            # an organisation's official facing one country (the EU's foreign policy chief in Beijing, an
            # SCO secretary-general's press conference) is a side of his own: without it every word he
            # said went to the one country left
            countries += bodies
        if meeting.kind in (MeetingKind.multilateral_meeting, MeetingKind.summit):
            # A summit often names its leaders by country only ("the leaders of Kazakhstan, Kyrgyzstan…"):
            # the sides are the countries the lead names, not only the people the model could name.
            countries += [c for c in sides_in_lead(art.title, [t.text for t in art.sentences[:2]])
                          if c not in countries]
            # …and further down by the office that speaks for it (« Le président kazakh a plaidé… »): without
            # it as a side, what it said went to the one side the model could name
            countries += _unique(c for t in art.sentences for _, c in sides_speaking(fold(t.text), _COUNTRIES)
                                 if c not in countries)
        if not countries:
            record.flags.append("no_participants: no participant could be identified")
            countries = [c for c in sorted(actors_named_in(art.text)) if c not in ORGANISATIONS][:8] or ["CHN"]
        # an analyst's quote in a news story is no side's pledge or stance…
        not_this_meeting = commentary([s.text for s in art.sentences])
        # …nor is what was pledged at an earlier meeting the story recalls ("When Wang hosted X in 2019, …")
        not_this_meeting |= {s.index for s in art.sentences
                             if set_in_an_earlier_year(s.text, record.meeting.date if record.meeting else None)}
        candidates = [c for c in find_candidates([s.text for s in art.sentences])
                      if c.sentence not in excluded and c.sentence not in not_this_meeting]
        if len(candidates) > MAX_CANDIDATES:
            # the record's lists are bounded; say what was left out rather than store an invalid record
            record.flags.append(f"truncated: {len(candidates) - MAX_CANDIDATES} candidate sentences after the "
                                f"first {MAX_CANDIDATES} were not sent to the model")
            candidates = candidates[:MAX_CANDIDATES]
        self.progress(f"{len(candidates)} candidate sentences")
        decisions = self._decide_all(art, people, countries, candidates, stats)
        for candidate, parts, draft in decisions:
            for item in self._items(art, raw.text, people, countries, candidate, parts, draft):
                target = record.commitments if isinstance(item, Commitment) else record.positions
                if len(target) < MAX_CANDIDATES:
                    target.append(item)
                else:
                    record.flags.append("truncated: an item past the record's bound was left out")
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
                if not head and len(text) > ROLE_SENTENCE_CHARS and len(FULL_NAME.findall(text)) < 3:
                    # later sentences only matter for the names and titles they introduce, which
                    # come early in the sentence; the rest would be prompt tokens for nothing
                    # (a list of many ministers is kept whole)
                    text = text[:ROLE_SENTENCE_CHARS].rsplit(" ", 1)[0] + " ..."
                if size + len(text) > OPENING_MAX_CHARS:
                    break
                lines.append(text)
                size += len(text)
        return "\n".join(lines)

    def _meeting(self, art: CleanArticle, folded: Folded, excluded: set[int], stats: CallStats,
                 given: Any) -> tuple[Meeting, list[_Person], list[str]]:
        opening = self._opening(art, excluded)
        budget = prompt.meeting_max_tokens(len(set(FULL_NAME.findall(opening))))
        messages = prompt.meeting_messages(opening)
        notes: list[str] = []
        try:
            draft = self.caller.ask(prompt.MeetingDraft, messages, max_tokens=budget, stats=stats)
        except ModelOutputError as exc:
            # Nothing is lost to a bad meeting answer: the people written out whole before a cut are kept
            # (checked against the text like any answer), and the sentences still yield their items.
            notes.append(f"meeting_call_failed: {str(exc)[:120]}")
            draft = prompt.salvage_meeting(exc.reply) or prompt.MeetingDraft(
                kind=MeetingKind.bilateral_meeting, place="", forum="", participants=[])
            if draft.participants:
                notes.append(f"meeting_salvaged: {len(draft.participants)} participant(s) kept from the cut reply")
        people, missing = self._ground_people(art, folded, draft, notes)
        if missing:
            # Re-ask once with the grounding error, then keep whatever still fails as flagged.
            retry = messages + [{"role": "assistant", "content": draft.model_dump_json()},
                                {"role": "user", "content": prompt.ungrounded_names_note(missing)}]
            try:
                second = self.caller.ask(prompt.MeetingDraft, retry, max_tokens=budget, stats=stats)
                notes2: list[str] = []
                people2, missing2 = self._ground_people(art, folded, second, notes2)
                if len(missing2) < len(missing) and people2:
                    draft, people, notes = second, people2, [n for n in notes if n.startswith("meeting_")] + notes2
            except ModelOutputError:
                pass
        # A head of state who does nothing in the report (his visit, his initiative, his consensus recalled)
        # is mentioned, not present: he would also turn a ministers' meeting into a "summit".
        # Anyone else the lead does not name, whose every mention recalls the past ("Prime Minister X, who
        # visited Beijing in 2019, had held talks…"), is mentioned, not present. (Measured on the seeds:
        # asking everyone outside the lead to act dropped ministers met "lors de sa rencontre avec X".)
        first_two = [t.text for t in art.sentences[:2]]
        lead = fold(" ".join([art.title or ""] + [t for t in first_two if not reports_another_meeting(t)]))

        def is_present(p: _Person) -> bool:
            # every mention, the family name first or last as the text writes it ("Xi said" for Xi Jinping,
            # whose last word "Jinping" the text may give only once, in a list of leaders)
            spans = _mentions(art.raw, p.participant.name, None) if p.mention is None else \
                [folded.span(m.start(), m.end()) for m in p.mention.finditer(folded.text)]
            if is_head_of_state(p.participant.role or "") and not acts_in_report(art.raw, spans):
                return False
            return p.mention is None or bool(p.mention.search(lead)) or not only_recalled(art.raw, spans)

        present = [p for p in people if is_present(p)]
        for p in people:
            if p not in present:
                notes.append(f"not_present: {p.participant.name[:40]!r} is only mentioned; dropped")
        people = present or people
        # An interview or a press conference has one side: a titled name in its lead ("ahead of the state
        # visit of Russian President X") is someone it talks about, not a side the model left out.
        # (four sentences: an interview's note, « Entretien réalisé à Paris le… », sits below the lead)
        lead_kind = kind_from_lead(art.title, [t.text for t in art.sentences[:4]])
        if lead_kind in (MeetingKind.interview, MeetingKind.press_conference):
            # …and its participants are who gives it, named in its lead: a minister whose coming visit a
            # spokesperson announces, or his host, is talked about, not present
            giving = [p for p in people if p.mention is not None and p.mention.search(lead)]
            for p in people:
                if giving and p not in giving:
                    notes.append(f"not_present: {p.participant.name[:40]!r} is talked about in the "
                                 f"{lead_kind.value.replace('_', ' ')}; dropped")
            people = giving or people
        if lead_kind not in (MeetingKind.interview, MeetingKind.press_conference):
            many = draft.kind in (MeetingKind.multilateral_meeting, MeetingKind.summit)
            people += self._left_out_sides(art, people, notes, many)
        self._recode_other_side(art, people)
        self._recode_own_official(art, people)
        sides = {p.participant.actor for p in people}
        kind = meeting_kind(MeetingKind(draft.kind), art.title, first_two, sides - ORGANISATIONS,
                            [p.participant.role for p in people], lead_kind=lead_kind,
                            bodies=len(sides & ORGANISATIONS))
        # a call happens between capitals, not at a venue; an interview's city is the outlet's or a guess,
        # unless its own note says where it was held
        in_person = kind not in (MeetingKind.phone_call, MeetingKind.interview)
        if kind == MeetingKind.interview:
            place, place_notes = interview_place([s.text for s in art.sentences]), []
        else:
            place, place_notes = place_of(_given(draft.place), art.dateline, art.raw, in_person,
                                          [s.text for s in art.sentences], kind.value,
                                          [p.participant.actor for p in people], title=art.title or "")
        forum, forum_notes = forum_of(_given(draft.forum) if in_person else None,
                                      [s.text for s in art.sentences], art.title,
                                      multilateral=kind in (MeetingKind.multilateral_meeting, MeetingKind.summit))
        notes += place_notes + forum_notes
        day, precision = meeting_date(art, given, briefing=kind == MeetingKind.press_conference)
        meeting = Meeting(kind=kind, mode=PLOVER_MODE[kind], date=day, date_precision=precision,
                          place=place, forum=forum)
        return meeting, people, notes

    def _left_out_sides(self, art: CleanArticle, people: list[_Person], notes: list[str],
                        many: bool = False) -> list[_Person]:
        """People the lead introduces with a title and a country that no participant has (the model listed
        the country, or no one, for that side): the text's own name and title, flagged as such. Only for
        the title and the first two sentences, where a report names who took part. ``many``: a meeting of
        many sides (the model's kind), whose lead lists its members ("chaired by the Belarusian Foreign
        Minister X, the meeting was attended by…"): a titled name of a country no one holds is one more."""
        known = {p.participant.actor for p in people}
        added: list[_Person] = []
        if len(known - ORGANISATIONS - {"OTHER"}) >= 2 and not many:
            return added  # both sides are there: a third titled name in the lead is a host or a mention
        # A side only the model's guess holds is not known: the model codes a minister with his
        # counterpart's country ("Qureshi" as CHN) and leaves the real holder of that country out.
        known = {p.participant.actor for p in people if p.confirmed}
        spans = [(t.start, t.end) for t in art.sentences[:2]]
        for start, end in spans:
            for a, b, country, role in titled_names_in(art.raw, start, end):
                name = art.raw[a:b]
                folded_name = fold(name)
                if country in known or any(p.mention and p.mention.search(folded_name) for p in people + added):
                    continue
                participant = Participant(name=name, role=role, actor=country,
                                          flags=["from_text: the model left this side out; name and title as "
                                                 "the lead gives them"])
                participant.evidence = [evidence(art.raw, a, b, _sentence_at(art, a))]
                participant.grounding = "exact"
                added.append(_Person(participant, mention=_mention(participant), said_role=role, confirmed=True))
                known.add(country)
                notes.append(f"participant_from_text: {name[:40]!r} ({country})")
        return added

    def _ground_people(self, art: CleanArticle, folded: Folded, draft: prompt.MeetingDraft, notes: list[str]
                       ) -> tuple[list[_Person], list[str]]:
        people: list[_Person] = []
        missing: list[str] = []
        seen: set[str] = set()
        for person in draft.participants:
            name = full_name(art.raw, tidy_name(" ".join(person.name.split())))
            key = fold(name).split(" ")[-1] if name else ""
            if not name or key in seen:
                continue  # the small model sometimes repeats a person
            if only_a_speaker_label(art.raw, name):
                # "Kazinform : Quel est votre commentaire ?": the outlet that asks at a press conference
                notes.append(f"not_a_participant: {name[:40]!r} only labels a question or an answer; dropped")
                continue
            if is_a_place_or_body(name) or is_the_dateline_city(name, art.dateline) or \
                    is_a_city_named_alone(name, person.role):
                notes.append(f"not_a_person: {name[:40]!r} is a country, organisation or city; dropped")
                missing.append(name)  # re-asked with the grounding note: people named in the report
                continue
            seen.add(key)
            hit = locate_name(art.raw, name, folded)
            role, role_flags = tidy_role(person.role)
            actor = person.country.value
            confirmed = False  # the text names the person's country next to the name
            if hit:
                context = art.raw[max(0, hit[0] - 120):hit[1] + 120]
                office = org_office_before(art.raw, hit[0])
                if office and (names_no_office(role) or role == "unknown"):
                    role_flags = role_flags + [f"role_from_text: {role[:30]!r} names no office; {office!r} does"]
                    role = office
                actor = organisation_of(person.role, context) or \
                    (organisation_of(office, context) if office else None) or actor
                # The small model codes people with their counterpart's code (Wang Yi as KAZ, an Uzbek
                # as KAZ, OTHER); the country the text names next to the name ("le ministre chinois des
                # Affaires étrangères Wang Yi", "Rashid Meredov, foreign minister of Turkmenistan") wins.
                if actor not in ORGANISATIONS:
                    named_country = country_of_mentions(art.raw, hit[0], hit[1])
                    actor = named_country or actor
                    confirmed = bool(named_country)
            # "member", "participant": the model's word for each of a dozen ministers a list titles ("Kyrgyz
            # Foreign Minister X, …"); the text's title is the role, as it is for a role the text never gives
            no_office = names_no_office(role)
            ungrounded = role != "unknown" and not role_near(role, art.raw, _mentions(art.raw, name, hit))
            said = _title_in_text(art, hit) if no_office or ungrounded else None
            if said:
                role_flags = role_flags + [f"role_from_text: {role[:30]!r} names no office" if no_office else
                                           f"role_from_text: {role[:30]!r} is not given next to the name; "
                                           f"{said[:40]!r} is"]
                role = said
            elif ungrounded:
                role_flags = role_flags + [f"role_not_grounded: {role[:40]!r} is not given next to the name"]
                role = "unknown"
            participant = Participant(name=name, role=role, actor=actor, flags=role_flags)
            if hit:
                start, end, status = hit
                participant.evidence = [evidence(art.raw, start, end, _sentence_at(art, start))]
                participant.grounding = status
            else:
                participant.flags = participant.flags + ["not_found: name does not occur in the article"]
                missing.append(name)
            people.append(_Person(participant, mention=_mention(participant),
                                  said_role=person.role.strip() or "unknown", confirmed=confirmed))
        return people, missing

    @staticmethod
    def _recode_other_side(art: CleanArticle, people: list[_Person]) -> None:
        """Everyone coded with one country while the title or lead names one other: the people with no
        country next to their name are that other side (``other_side``)."""
        side = other_side([p.participant.actor for p in people], [p.confirmed for p in people],
                          art.title, [t.text for t in art.sentences[:1]])
        if side:
            for p in people:
                if not p.confirmed:
                    p.participant.actor = side
                    p.participant.flags = p.participant.flags + [f"actor_from_lead: {side} (the other side the "
                                                                 f"lead names)"]

    @staticmethod
    def _recode_own_official(art: CleanArticle, people: list[_Person]) -> None:
        """A government's site or state agency writes its own officials without their country ("Deputy Prime
        Minister and Foreign Minister Ishaq Dar" on Pakistan's MFA site). Someone with no country next to
        the name, whom the model coded with a side another person already holds by the text (or a country
        the article never names), is the publisher's when nobody holds the publisher's side."""
        side = publisher_side(art.header)
        if not side:
            return
        held = {p.participant.actor for p in people if p.confirmed}
        if side in held:
            return
        named = actors_named_in(art.raw)
        for p in people:
            actor = p.participant.actor
            if p.confirmed or actor == side or actor in ORGANISATIONS or (actor not in held and actor in named):
                continue
            p.participant.actor = side
            p.participant.flags = p.participant.flags + [f"actor_from_publisher: {side} (the page is its "
                                                         f"government's or state agency's)"]
            held.add(side)
            break  # one person per side: the publisher's own official

    # -- candidate sentences -----------------------------------------------------------------
    def _parts(self, art: CleanArticle, index: int) -> list[_Part]:
        sentence = art.sentences[index].text
        return [_Part(a, b, segments.part_text(sentence, (a, b)))
                for a, b in segments.split(sentence, art.language)]

    def _decide_all(self, art: CleanArticle, people: list[_Person], countries: list[str],
                    candidates: list[Candidate], stats: CallStats) -> list[tuple[Candidate, list[_Part], Any]]:
        roster = "; ".join(f"{p.participant.actor} = {p.participant.name}, {p.said_role}" for p in people)
        roster = roster or ", ".join(countries)

        def decide(candidate: Candidate) -> tuple[Candidate, list[_Part], Any, CallStats]:
            own = CallStats()
            parts = self._parts(art, candidate.sentence)
            model = prompt.sentence_draft_model(countries, len(parts))
            budget = prompt.sentence_max_tokens(min(len(parts), prompt.MAX_ITEMS))
            speaker = self._speaker(art, people, candidate.sentence)
            messages = prompt.sentence_messages(roster, speaker, [p.text for p in parts])
            try:
                try:
                    draft = self.caller.ask(model, messages, max_tokens=budget, stats=own)
                except ModelOutputError as exc:
                    # past the re-ask cap, the lines that validate on their own still stand
                    draft = prompt.salvage(model, exc.reply)
                    if draft is None:
                        raise
                if any(detect_language(i.text) == "fr" for i in draft.parsed()):
                    # A small model sometimes copies the French: re-ask once with that error.
                    own.reasks += 1
                    retry = messages + [{"role": "assistant", "content": draft.model_dump_json()},
                                        {"role": "user", "content": prompt.english_note()}]
                    second = self.caller.ask(model, retry, max_tokens=budget, stats=own)
                    if sum(detect_language(i.text) == "fr" for i in second.parsed()) < \
                            sum(detect_language(i.text) == "fr" for i in draft.parsed()):
                        draft = second
                    draft = self._translated(model, countries, parts, draft, own,
                                             lambda text: detect_language(text) == "fr")
                sentence = art.sentences[candidate.sentence].text
                if any(prompt.invented_terms(i.text, sentence) for i in draft.parsed()):
                    # a fixed term of the prompt the sentence never says: its part translated on its own
                    draft = self._translated(model, countries, parts, draft, own,
                                             lambda text: bool(prompt.invented_terms(text, sentence)))
                draft = self._missed_stance(countries, parts, messages, draft, own)
            except ModelOutputError as exc:
                draft = exc
            return candidate, parts, draft, own

        results: list[tuple[Candidate, list[_Part], Any]] = []
        with ThreadPoolExecutor(max_workers=max(1, self.settings.slots)) as pool:
            for done, (candidate, parts, draft, own) in enumerate(pool.map(decide, candidates), 1):
                stats.add(own)
                results.append((candidate, parts, draft))
                self.progress(f"sentence {done}/{len(candidates)}")
        return results

    def _translated(self, model: type, countries: list[str], parts: list[_Part], draft: Any,
                    stats: CallStats, wrong: Callable[[str], bool]) -> Any:
        """Items whose text is ``wrong`` (still in French after the re-ask; a fixed term the source does not
        say), each translated from its part by a call of its own that opens with the item's subject
        (measured on the dev half: shown its French answer again, the small model copies it). An item whose
        translation fails or is still wrong stays as it was, and is flagged later."""
        subjects = prompt.subjects_for(tuple(sorted(set(countries))))
        lines = list(draft.items)
        for n, line in enumerate(lines):
            item = prompt.parse_line(line)
            if item is None or not wrong(item.text) or not 1 <= item.part <= len(parts):
                continue
            subject = next((s for s in subjects if item.text.startswith(s + " ")), None)
            if subject is None:
                continue
            try:
                english = self.caller.ask(prompt.translation_model(subject),
                                          prompt.translate_messages(subject, parts[item.part - 1].text),
                                          max_tokens=prompt.ITEM_TOKENS, stats=stats).text
            except ModelOutputError:
                continue
            if detect_language(english) == "fr" or wrong(english):
                continue
            lines[n] = f"{item.part} {item.type} {item.actor}: {english}"
        try:
            return model.model_validate({"items": lines})
        except ValueError:
            return draft

    def _missed_stance(self, countries: list[str], parts: list[_Part], messages: list[dict[str, str]], draft: Any,
                       stats: CallStats) -> Any:
        """One follow-up when the answer left out a part that states a clear stance of its own (support,
        opposition, concern, welcome; no modal): the small model often answers the pledges of a sentence
        and drops the stance beside them (measured on the dev half). Exactly one line for that part."""
        items = draft.parsed()
        if len(items) >= prompt.MAX_ITEMS:
            return draft
        answered = {i.part for i in items}
        for number, part in enumerate(parts, 1):
            found = part.markers
            if number in answered or found is None or found.modality is not None or \
                    found.stance in (None, Stance.assessment):
                continue
            retry = messages + [{"role": "assistant", "content": draft.model_dump_json()},
                                {"role": "user", "content": prompt.missed_stance_note(number)}]
            try:
                extra = self.caller.ask(prompt.stance_draft_model(countries, number), retry,
                                        max_tokens=prompt.sentence_max_tokens(1), stats=stats).parsed()
            except ModelOutputError:
                return draft  # the sentence answer stands; nothing is invented for the part
            said = {_said(i.text) for i in items}
            extra = [i for i in extra if _said(i.text) not in said]
            return _Answer(items + extra) if extra else draft
        return draft

    def _speaker(self, art: CleanArticle, people: list[_Person], index: int) -> str:
        """The speaker as the sentence prompt names it."""
        person = self._speaker_person(art, people, index)
        return f"{person.name} ({person.actor})" if person else "unknown"

    def _speaker_person(self, art: CleanArticle, people: list[_Person], index: int,
                        until: int | None = None) -> Participant | None:
        """Who is talking at sentence ``index`` (up to character ``until`` of it): the last participant
        named in it before that point, else the first named after it in the sentence ("…, Wang said"),
        else the last one named in an earlier sentence."""
        if not people:
            return None
        labelled = _turn_of(art, people, index)
        if labelled is not None:
            return labelled
        opening = fold(art.sentences[index].text)
        upto = len(opening) if until is None else until
        if PRONOUN_SUBJECT.match(opening) and not any(_speaks_before(p, opening, upto) for p in people):
            # "Dar briefed Wang on… He thanked China": a pronoun opening the sentence takes up the subject of
            # the sentence before (measured on the dev half: 5 of 5 such items, against 0 of 5 for the last
            # person named there); past sentences that open with the same pronoun ("He thanked Putin…": Putin
            # is its object) or name no one
            for i in range(index - 1, -1, -1):
                text = fold(art.sentences[i].text)
                if PRONOUN_SUBJECT.match(text):
                    continue
                subject = _subject_of(text, people)
                if subject is not None:
                    return subject.participant
        for i in range(index, -1, -1):
            text = fold(art.sentences[i].text)
            cut = len(text) if i != index or until is None else until
            best = None
            after = None
            # "Meeting Minister X in Beijing, Wang said…": a name in the opening phrase is not who speaks
            subject_from = max(cut, opening_phrase_end(text)) if i == index else cut
            for person in people:
                position = person.last_before(text, cut)
                if position >= 0 and (best is None or position > best[0]):
                    best = (position, person)
                later = person.first_after(text, subject_from)
                if i == index and later >= 0 and (after is None or later < after[0]):
                    after = (later, person)
            if best:
                return best[1].participant
            if after and not PRONOUN_SUBJECT.match(text):
                # "…, Wang said": the speaker named after the words. Not where a pronoun opens the
                # sentence (« Il a invité M. Qin à… »): the name after it is the object, the speaker is
                # the person the pronoun takes up from the sentences before.
                return after[1].participant
        return people[0].participant

    def _items(self, art: CleanArticle, raw: str, people: list[_Person], countries: list[str],
               candidate: Candidate, parts: list[_Part], draft: Any) -> list[Commitment | Position]:
        sentence = art.sentences[candidate.sentence]
        if isinstance(draft, Exception):
            # Keep the evidence and say why there is no decision: flagged, never silently dropped.
            if candidate.modality is None:
                return []
            speaker = self._speaker_actor(art, people, candidate.sentence, countries)
            return [Commitment(actors=[speaker], text="", modality=candidate.modality,
                               evidence=[evidence(raw, sentence.start, sentence.end, sentence.index)],
                               grounding="exact", flags=[f"model_error: {str(draft)[:100]}"])]
        items = draft.parsed()
        numbers = realign_parts([i.text for i in items], [p.text for p in parts], [i.part for i in items])
        items = sorted((i.model_copy(update={"part": n}) for i, n in zip(items, numbers)), key=lambda i: i.part)
        items = _split_copies(items)
        out: list[Commitment | Position] = []
        seen_parts: set[int] = set()
        governing = segments.governing_modalities([p.text for p in parts], [p.markers for p in parts],
                                                  art.language)
        # The sentence's marker straddles a cut (no part holds one): the first item takes it.
        borrowed = candidate.modality if not any(own for own, _ in governing) else None
        seen_texts: set[str] = set()
        for n, item in enumerate(items):
            if item.part in seen_parts:
                continue  # one item per part: a second one is the model repeating itself
            seen_parts.add(item.part)
            said = _said(item.text)
            copied = said in seen_texts  # a later part given an earlier part's text word for word
            seen_texts.add(said)
            part = parts[item.part - 1]
            # The item's evidence runs from its part to the next item's part: a list of objects cut
            # into several parts stays with the verb that governs it.
            following = [i.part for i in items[n + 1:] if i.part > item.part]
            end = parts[following[0] - 2].end if following else parts[-1].end
            span = _trim(sentence.text, part.start, end)
            proof = [evidence(raw, sentence.start + span[0], sentence.start + span[1], sentence.index)]
            markers = part.markers
            modality = governing[item.part - 1][1] or (borrowed if item.part == 1 or n == 0 else None)
            stance = (markers.stance if markers else None) or candidate.stance
            marker = markers.markers[0] if markers and markers.markers else None
            voice = self._voice(art, people, candidate.sentence, span[0], countries)
            chosen = item.actor
            # a clear stance of the part's own (the assessment markers are broad: "level", "history")
            own_stance = bool(markers and markers.stance not in (None, Stance.assessment))
            inherited = markers is None or markers.modality is None
            # Binding an actor to future action makes it a commitment (GUIDELINES.md), whatever type the model
            # gave it: an explicit marker in the part ("reaffirmed their determination to jointly oppose…"),
            # or a part that continues a modal's enumeration with no stance of its own ("…should strengthen X
            # and jointly combat Y"). A bare "will" is also a prediction: there the model's reading stands.
            is_commitment = modality is not None and (item.type == "commitment" or modality in (
                Modality.readiness, Modality.agreement) or binds(markers) or (inherited and not own_stance))
            own_future = bool(markers and markers.modality == Modality.pledge)
            if not is_commitment and modality == Modality.pledge and (not own_stance or own_future) and \
                    a_side_acts(sentence.text, span, marker, countries):
                # a bare future ("will", « respecterait ») is a prediction when a thing is its subject; a
                # side as its subject ("China would continue to provide…") binds that side, also to a stance
                # of its own part ("…and will continue to firmly support Tajikistan": a pledge of support)
                is_commitment = True
            if item.type == "position" and own_stance and not markers.modality:
                # a stance stated in its own part ("…and voiced their opposition to…") does not inherit
                # the pledge of the part before it
                is_commitment = False
            if is_commitment and own_stance and stance_governs(part.text, markers):
                is_commitment = False  # "concerned about X, where Y would continue…": the stance's object
            if is_commitment and modality == Modality.pledge and expects_an_outcome(part.text):
                # "the two leaders expressed confidence that joint efforts will overcome…": an expectation
                is_commitment, stance = False, stance or Stance.assessment
            if is_commitment and modality == Modality.agreement and agrees_on_a_judgement(part.text):
                # "the two sides agreed that there is no military solution": a shared judgement, no action
                # to come (GUIDELINES.md: an agreement is a consensus on future action)
                is_commitment, stance = False, stance or Stance.assessment
            future = predicts(part.text) if is_commitment and modality == Modality.pledge and \
                not binds(markers) else None
            if future == "schedule" or (is_commitment and is_programme(part.text)):
                continue  # "the summit will be held in September": an event's date, not an item
            if future == "prediction":
                is_commitment = False  # "the railway will become an artery": a judgement, no actor bound
            if copied:
                # no text of its own: the model gave this part an earlier part's sentence word for word
                # (same subject too, so not a stance restated by another holder); the earlier item stands
                continue
            actors = actors_for(sentence.text, span, marker, chosen, voice, countries,
                                self._counterpart(art, people, candidate.sentence, voice.speaker, countries),
                                stance=not is_commitment)
            if not actors or (not is_commitment and describes_the_meeting(item.text, part.text)):
                continue
            if len(actors) > MAX_ACTORS:  # "all sides" of a large council: the record's bound, said in a flag
                actors = actors[:MAX_ACTORS]
                flags_extra = [f"actors_truncated: the first {MAX_ACTORS} of the sides are kept"]
            else:
                flags_extra = []
            text = complete(_english(item.text), actors, modality if is_commitment else None, countries)
            flags = _text_flags(text, sentence.text) + flags_extra
            topic = topic_of(text, sentence.text, sentence.text[span[0]:span[1]])  # the part's own first
            if is_commitment:
                joint = len(actors) > 1
                named = actors_named_in(sentence.text[span[0]:span[1]]) or actors_named_in(sentence.text)
                targets = [c for c in _unique(sorted(named)) if c not in actors and (c in countries or
                                                                                 c == "CENTRAL_ASIA")][:MAX_ACTORS]
                if not targets and not joint:
                    counterpart = self._counterpart(art, people, candidate.sentence, actors[0], countries)
                    targets = [counterpart] if counterpart else []
                out.append(Commitment(actors=actors, targets=targets, text=text,
                                      topic=topic, modality=modality,
                                      category=category_of(part.text + " " + text),
                                      context=contexts_of(sentence.text + " " + text), evidence=proof,
                                      grounding="exact", flags=flags))
            else:
                # A stance the sides state together is one position per holder (GUIDELINES.md).
                for holder in holders_of(actors):
                    out.append(Position(holder=holder, topic=topic,
                                        stance=stance or Stance.assessment, statement=text, evidence=proof,
                                        grounding="exact", flags=flags))
        return out

    def _voice(self, art: CleanArticle, people: list[_Person], index: int, offset: int,
               countries: list[str]) -> Voice:
        folded = fold(art.sentences[index].text)
        # "the Turkmen president said his country…": a side named by its office speaks, when it is named
        # after the last participant the sentence names before this part (the part's own opening counts)
        side = side_speaking(folded, speaking_sides(countries), before=offset + SIDE_WINDOW)
        named = max((p.last_before(folded, offset + 1) for p in people), default=-1)
        if side and side[0] > named:
            return Voice(speaker=side[1], reported=True, named_here=True)
        titled = office_subject(folded, [p.participant.role for p in people]) if named < 0 else None
        if titled is not None and people[titled].participant.actor in countries:
            # "The Prime Minister also proposed…": the one participant who holds that office speaks
            return Voice(speaker=people[titled].participant.actor, reported=True, named_here=True)
        if named < 0 and index > 0 and PRONOUN_SUBJECT.match(folded):
            # « Il s'est félicité… » after « Le chef de l'Etat ouzbek a souligné… »: the pronoun takes up
            # the side the sentence before named by its office, when no person was named after it there
            before = fold(art.sentences[index - 1].text)
            side = side_speaking(before, speaking_sides(countries))
            if side and side[0] > max((p.last_before(before, len(before)) for p in people), default=-1):
                return Voice(speaker=side[1], reported=True)
        # until the part's first character: a name that opens the part ("Wang Yi, for his part, said…")
        # is found as the first one named from there on
        labelled = _turn_of(art, people, index)
        person = labelled or self._speaker_person(art, people, index, until=offset)
        # a sentence opening with the speaker's pronoun ("He assured that…") names him as well as his name
        # would: the chain's speaker then beats the model's guess, as a name does; a transcript's labelled
        # turn names its speaker for every sentence of it
        here = named >= 0 or any(p.first_after(folded, offset) >= 0 for p in people) or \
            (index > 0 and PRONOUN_SUBJECT.match(folded) is not None) or labelled is not None
        return Voice(speaker=person.actor if person and person.actor in countries else
                     self._speaker_actor(art, people, index, countries), reported=True,
                     named_here=here and person is not None and person.actor in countries)

    def _speaker_actor(self, art: CleanArticle, people: list[_Person], index: int, countries: list[str]) -> str:
        person = self._speaker_person(art, people, index)
        if person and person.actor in countries:
            return person.actor
        return countries[0]

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
                if person.first_after(folded, 0) >= 0:
                    named.add(person.participant.actor)
            hits = [c for c in others if c in named]
            if hits:
                return hits[0]
        return others[0] if others else None


# -- helpers ------------------------------------------------------------------------------------
def _split_copies(items: list[Any]) -> list[Any]:
    """Items of several parts that carry one rendering word for word, each given its own piece of it.

    The small model often renders a whole enumeration on the line of every part ("China agreed to hold X
    and to intensify Y" twice); kept as it is, the later parts were dropped as copies and their pledges
    lost. When the rendering cuts into one English sentence per part (wording.split_rendering), part i
    takes piece i. The model's types across such copies are arbitrary (one "commitment", one "position"
    for the same words): the group reads as a commitment if any copy does, and the part's own markers
    still decide (no modality, no commitment)."""
    groups: dict[str, list[int]] = {}
    for n, item in enumerate(items):
        groups.setdefault(_said(item.text), []).append(n)
    out = list(items)
    for members in groups.values():
        parts = [items[n].part for n in members]
        if len(members) < 2 or len(set(parts)) != len(parts):
            continue
        pieces = split_rendering(items[members[0]].text, len(members))
        if not pieces:
            continue
        kind = "commitment" if any(items[n].type == "commitment" for n in members) else items[members[0]].type
        for n, piece in zip(members, pieces):
            out[n] = items[n].model_copy(update={"text": piece, "type": kind})
    return out


def _said(text: str) -> str:
    """An item text compared word for word (case, accents and spacing aside)."""
    return " ".join(fold(text).split())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A part's span without the separator and spaces that open it or the spaces that close it."""
    while start < end and (text[start].isspace() or text[start] in ",;"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _title_in_text(art: CleanArticle, hit: tuple[int, int, str] | None) -> str | None:
    """The title the text gives the name at ``hit`` in its sentence (see ``meeting_fields.title_given_at``)."""
    at = _sentence_at(art, hit[0]) if hit else None
    if hit is None or at is None:
        return None
    sentence = art.sentences[at]
    return title_given_at(art.raw, sentence.start, sentence.end, hit[0], hit[1])


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


def _subject_of(folded: str, people: list[_Person]) -> _Person | None:
    """The person who is the subject of a sentence: the first one named outside a prepositional phrase."""
    hits = sorted((m.start(), n) for n, p in enumerate(people) if p.mention is not None
                  for m in p.mention.finditer(folded))
    for start, n in hits:
        if not after_preposition(folded[:start]):
            return people[n]
    return None


def _mention(participant: Participant) -> re.Pattern[str] | None:
    """How the article names the person: the name as written in the text and as the model wrote it."""
    return mention_pattern([participant.name] + ([participant.evidence[0].text] if participant.evidence else []))


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
_CODE_TAG = re.compile(r"\s*\((?:" + "|".join(a.value for a in Actor) + r")\)")


def _english(text: str) -> str:
    """The model's English text without the "(CHN)" tags it copies from the roster, ending as a sentence."""
    text = " ".join(_CODE_TAG.sub("", text).split()).strip()
    if text and text[-1] not in ".!?":
        text += "."
    return text[:1].upper() + text[1:]


def _speaks_before(person: _Person, folded: str, upto: int) -> bool:
    """Is ``person`` named before ``upto`` as someone who speaks there (a reporting verb right after the
    name)? « Il a invité le ministre Kamilov à…, et a demandé… »: a name after the pronoun's verb is its
    object, and the pronoun still speaks."""
    position = person.last_before(folded, upto)
    return position >= 0 and bool(REPORTING.search(folded[position:position + 60]))


def _text_flags(english: str, source: str) -> list[str]:
    language = detect_language(english)
    flags = [f"not_english: the model kept the text in {language} after a re-ask"] \
        if language not in ("en", "und") else []
    if len(english.split()) > prompt.TEXT_WORDS:
        flags.append(f"over_length: {len(english.split())} words (bound {prompt.TEXT_WORDS}) kept after the re-asks")
    flags += [f"term_not_in_source: {term!r}" for term in prompt.invented_terms(english, source)]
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
    source_words = set(re.findall(r"[a-z]{4,}", folded_source))
    source_stems = {w[:4] for w in source_words}
    for match in _NAME_TOKEN.finditer(english):
        for word in match.group(1).replace("-", " ").split():
            if word in _COMMON or len(word) < 4 or fold(word) in _CALENDAR or segments.is_dictionary_word(word):
                continue  # "Treaty", "South", "June": title-case English words, not names
            stem = fold(word)[:5]
            alias = _TRANSLATED.get(fold(word), "\0")
            if stem not in folded_source and alias not in folded_source and not actors_named_in(word) \
                    and not _spelled_in(fold(word), source_words, source_stems):
                flags.append(f"unsupported_name: {word}")
    return flags[:5]


_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _spelled_in(word: str, source_words: set[str], source_stems: set[str]) -> bool:
    """Is the name in the source under another spelling ("Putin"/« Poutine », "Syrian"/« syrienne »)?
    rapidfuzz's ratio on whole words, or a shared four-letter stem for a derived adjective."""
    from rapidfuzz import fuzz, process

    if word[:4] in source_stems and len(word) >= 5:
        return True
    best = process.extractOne(word, source_words, scorer=fuzz.ratio, score_cutoff=75)
    return best is not None


def _turn_of(art: CleanArticle, people: list[_Person], index: int) -> Participant | None:
    """The participant whose labelled turn sentence ``index`` belongs to (attribution.labelled_turn)."""
    sentence = art.sentences[index]
    found = labelled_turn(art.raw, art.paragraphs[0][0] if art.paragraphs else 0,
                          art.paragraphs[sentence.paragraph][0], sentence.start, [p.mention for p in people])
    return people[found].participant if found is not None else None


def _mentions(raw: str, name: str, hit: tuple[int, int, str] | None) -> list[tuple[int, int]]:
    """Where the article names the person: the located full name, its other occurrences (a headline's first
    one may carry no title) and every mention of the surname."""
    spans = [(hit[0], hit[1])] if hit else []
    spans += [(m.start(), m.end()) for m in re.finditer(re.escape(name), raw)] if name else []
    surname = name.split()[-1] if name.split() else ""
    if len(surname) >= 3:  # raw offsets (folding may change lengths); an accented spelling has its hit
        spans += [(m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + re.escape(surname) + r"(?!\w)", raw, re.I)]
    return spans
