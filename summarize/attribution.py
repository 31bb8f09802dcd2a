"""Who commits, who speaks, who is the other side: the attribution convention (GUIDELINES.md v2).

In a one-sided readout, what a speaker says is that speaker's side's, whatever the grammatical subject:
Wang saying "les deux parties devraient…" is China's call towards the other side. An item is joint only
where the report itself has both sides act: they agreed, signed, announced, reaffirmed, pledged, in the
narrator's voice (or an agreement verb, which needs both by its meaning). In between, the actor that opens
the clause decides ("la Chine est prête", "his country supports"), then the model's choice, then the speaker.

Everything here reads folded text (see ``vocab.fold``) and is independent of any one outlet's phrasing:
the patterns are French and English grammar (reporting verbs, joint subjects, agreement verbs, pronouns).
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from .vocab import CENTRAL_ASIA_COUNTRIES, NAME_PATTERNS, actors_named_in, fold, mentions_in

# Both sides as a subject: "les deux parties", "les deux ministres", "both sides", "the ministers", "ils".
JOINT_SUBJECT = re.compile(
    r"\b(?:les|ces) (?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix) (?:parties|pays|cotes|ministres|chefs|"
    r"dirigeants|presidents|gouvernements|nations|delegations|diplomates)\b|\bles (?:ministres|chefs de la diplomatie|"
    r"dirigeants|participants|parties)\b|\b(?:both|the two|the three|the four|the five|the six) (?:sides|countries|"
    r"parties|ministers|leaders|presidents|governments|nations|delegations|foreign ministers)\b|"
    r"\bthe (?:ministers|leaders|participants|parties|sides)\b|\bils\b|\bthey\b")
# What only several actors can do, whoever reports it. Not "jointly"/"conjointement": "Russia will jointly
# oppose … with China", in Lavrov's mouth, is Russia's pledge.
AGREEMENT_VERB = re.compile(
    # (feminine plurals too: « les deux parties se sont mises d'accord », « Elles sont convenues de… »)
    r"\b(?:ont|avaient|sont|se sont|s'etaient) (?:\w+ ){0,2}(?:convenu(?:e|s|es)?|mis(?:es)? d'accord|"
    r"entendu(?:e|s|es)?|parvenu(?:e|s|es)? a un consensus)\b|\bd'un commun accord\b|\bagreed\b|"
    r"\breached (?:a |an )?(?:consensus|agreement)\b|"
    r"\bjoint statement\b|\bdeclaration commune\b|\bcommunique conjoint\b")
# Realised actions in the narrator's voice (past or present indicative, never a modal).
REALISED = re.compile(
    r"^\W*(?:ont|sont|se sont|s'|avaient|have|has|had|will|shall|vont)?\s*(?:y |en |se |leur |lui )?"
    r"(?:\w+ment |also |further |again |"
    r"together |ensemble |egalement |aussi |encore |de nouveau |en outre |par ailleurs |jointly |conjointement )?"
    r"(?:\w+(?:e|es|is|it|u|us|ert|ont|ent|ra)|\w+ed|reaffirm\w*|pledged|vowed|adopted|issued|signed|announced|"
    r"reached|held|decided|committed|expressed|stressed|noted|welcomed|exchanged|reiterated|underlined|hold|"
    r"work|continue|strengthen|deepen|promote|expand|support|step up|sign)\b")
MODAL = re.compile(r"\bdevr\w*|\bdoivent\b|\bdoit\b|\bil faut\b|\bshould\b|\bmust\b|\bneed to\b|\bought to\b")
# Reporting in one person's voice: "M. Wang a dit", "a-t-il ajoute", "selon lui", "Wang said", "he added".
REPORTING = re.compile(
    # (« a, de son côté, appelé… »: a parenthesis between the auxiliary and its participle)
    r"\b(?:a|avait)(?:,[^,]{1,30},)? (?:\w+ ){0,3}(?:dit|declare|souligne|indique|note|ajoute|affirme|reaffirme|"
    r"estime|precise|rappele|insiste|"
    r"assure|fait savoir|fait remarquer|fait observer|observe|reitere|exprime|appele|propose|suggere|invite|"
    r"explique|plaide|encourage|exhorte|releve)\b|-t-(?:il|elle)\b|\bselon (?:lui|elle|m\.|le ministre)|"
    r"\bd'apres (?:lui|elle)\b|\b(?:said|says|noted|added|stressed|emphasized|emphasised|underlined|told|"
    r"pointed out|remarked|asserted|reaffirmed|urged|proposed|suggested|explained|observed|according to (?:him|her)|"
    r"expressed (?:the |his |her )?hope|hoped|a (?:\w+ )?exprime (?:l'espoir|le souhait)|espere)\b")
# A subject right after a complementiser is inside someone's clause ("he hoped that the two sides will…",
# "il a souhaité que les deux parties…"): the clause is that voice's, not the narrator's report.
COMPLEMENTISER_END = re.compile(r"\b(?:que|qu'|that)\s*$")
# Clause openers: the subject of a part is looked for after the last of these.
# "According to the Chinese minister, China will…", « Selon le ministre russe, la Russie… »: the frame names a
# source, the clause starts after its comma.
CLAUSE_START = re.compile(r"[.;:\u00ab\"]|(?<!\btant )\bque\b|\bqu'|\bthat\b|\bselon lui\b|\bsaid\b|\bnoted\b|"
                          # a contrast opens a clause with its own subject ("…, while the Kyrgyz president invited…")
                          r"\bwhile\b|\bwhereas\b|"
                          # an agreement's own clause ("an agreement on a grant, under which China will finance…")
                          r"\bunder which\b|\bwhereby\b|\baux termes (?:duquel|de laquelle)\b|"
                          r"\ben vertu (?:duquel|de laquelle)\b|"
                          r"\badded\b|\bstressed\b|\b(?:according to|selon|d'apres)\b[^,.;]{0,60},")
# The speaker's own side without a name: "son pays", "notre pays", "his country", "we".
OWN_SIDE = re.compile(r"^\W*(?:et |and |,\s*)?(?:son pays|notre pays|sa partie|leur pays|his country|her country|"
                      r"our country|nous|we|le sien)\b")
# A clause whose subject is a personal pronoun ("He thanked China for…", « Il a salué… »): the person last named,
# i.e. the speaker. Not the impersonal « il » (« il faut », « il est nécessaire »).
PRONOUN_SUBJECT = re.compile(r"^\W*(?:et |and |,\s*)?(?:he|she|il|elle)\b(?! (?:faut|fallait|y a|est (?:necessaire|"
                             r"important|temps|essentiel)))")
# A name after a preposition (and up to seven title or determiner words, no comma) is an object or a circumstance, not
# the subject: "briefed Wang Yi on…" is fine, but "during the talks with Wang, Dar said…" and « lors de son
# entretien avec M. Wang » name Wang outside the subject. "According to Wang" keeps him the voice.
_AFTER_PREPOSITION = re.compile(
    r"\b(?:with|avec|(?<!according )to|a|au|aux|from|by|par|for|pour|on|sur|chez|aupres de|than|between|entre)\s+"
    r"(?:[\w.']+\s+){0,7}$")  # not "of"/"de": titles hold them ("ministre des Affaires étrangères Wang Yi")


def after_preposition(folded_before: str) -> bool:
    """Is a name that follows ``folded_before`` placed as an object or circumstance (see above)?"""
    return _AFTER_PREPOSITION.search(folded_before[-60:]) is not None


_ARTICLE = (r"(?:.*,)?\s*(?:et |and )?(?:la |le |les |l'|the )?(?:partie |cote |side |gouvernement |government |"
            r"delegation |diplomatie |republique |republic of |president |presidente |ministre |minister |"
            r"foreign minister |"
            # an office of the country ("the prime minister of Pakistan", « le Premier ministre du Pakistan »)
            r"(?:prime minister|premier ministre|president|presidente|foreign minister|minister|ministre|leader|"
            r"dirigeant|head of state|chef de l'etat) (?:of (?:the )?|du |de la |de l'|des |d'))?")


@dataclass(frozen=True)
class Voice:
    """Who talks at one part of a sentence."""

    speaker: str  # actor code of the person whose words these are (the narrator's: the first participant)
    reported: bool  # inside one person's reported speech
    named_here: bool = False  # the speaker is named in this very sentence (then the speaker beats the model)


# The sides themselves as the voice: « Ils ont estimé que… », "the two ministers stressed that…". A plural
# reporting verb right after a joint subject: what follows is said by both, modal or not (never "the two
# sides should…, he said", whose verb is one person's).
_PLURAL_REPORT = re.compile(
    r"\s*,?\s*(?:(?:have|had|also|further|both|jointly|together|ont|avaient|egalement|aussi|ensemble|"
    r"conjointement|de nouveau|encore)\s+)*(?:said|noted|stressed|emphasi[sz]ed|underlined|believed|considered|"
    r"expressed|reaffirmed|reiterated|held|maintained|called|urged|pointed out|voiced|dit|estime|souligne|note|"
    r"affirme|reaffirme|reitere|exprime|appele|insiste|juge|considere|indique|declare|plaide)\b")


def joint_by_report(sentence: str, prefix: str, part: str) -> bool:
    """Does the report have the sides act together at this part?

    ``prefix``: the folded sentence before the part; ``part``: the folded part."""
    clause = prefix + part
    if AGREEMENT_VERB.search(clause):
        return True
    for match in JOINT_SUBJECT.finditer(clause):
        before = clause[:match.start()]
        if not (COMPLEMENTISER_END.search(before) or REPORTING.search(before)) and \
                _PLURAL_REPORT.match(clause, match.end()):
            return True
    if MODAL.search(clause):
        return False
    # A joint subject followed by a realised verb, and no single voice reporting it.
    for match in JOINT_SUBJECT.finditer(clause):
        before = clause[:match.start()]
        if COMPLEMENTISER_END.search(before):
            continue
        if REPORTING.search(before) or REPORTING.search(clause[match.end():match.end() + 25]):
            continue
        if REALISED.search(clause[match.end():match.end() + 60]):
            return True
    return False


def clause_window(prefix: str, part: str, marker: str | None) -> str:
    """The folded words from the opening of the part's clause up to its marker (or its first words)."""
    at = part.find(marker) if marker and marker in part else min(len(part), 40)
    window = (prefix + part[:at])[-220:]
    starts = [m.end() for m in CLAUSE_START.finditer(window)]
    return window[starts[-1]:] if starts else window


def clause_subject(prefix: str, part: str, marker: str | None) -> list[str]:
    """Actor(s) that open the clause of the part: "la Chine est prete a" -> [CHN]; "la Chine et la
    Russie doivent" -> [CHN, RUS]. Later names in the clause are objects or appositions, not subjects."""
    window = clause_window(prefix, part, marker)
    hits = mentions_in(window)
    if not hits:
        return []
    first = hits[0]
    if re.fullmatch(_ARTICLE, window[:first[0]]) is None:
        return []
    for other in hits[1:]:
        if other[2] != first[2] and re.fullmatch(r"\s*(et|and)\s+(la |le |les |l'|the )?(pays d')?",
                                                 window[first[1]:other[0]]):
            return [first[2], other[2]]
    return [first[2]]


# The clause's first words, one or two, before its verb: a capital there acts for its state.
_FIRST_WORDS = re.compile(r"(?:.*,)?\s*(?:et |and |but |mais )?([a-z][\w'-]+)(?: ([a-z][\w'-]+))?")


def capital_subject(prefix: str, part: str, marker: str | None, countries: list[str]) -> str | None:
    """« Selon lui, Tachkent est prêt à… », "Astana will host…": a side's capital opening the clause stands
    for it. Only the capitals of the meeting's sides, of four letters or more: GeoNames lists short
    codes and odd spellings among a capital's names ("was", "par")."""
    from .meeting_fields import country_of_capital  # GeoNames loads on the first clause without a country

    match = _FIRST_WORDS.match(clause_window(prefix, part, marker))
    if not match:
        return None
    for words in ([f"{match.group(1)} {match.group(2)}"] if match.group(2) else []) + [match.group(1)]:
        code = country_of_capital(words) if len(words) >= 4 else None
        if code in countries:
            return code
    return None


def a_side_acts(sentence: str, span: tuple[int, int], marker: str | None, countries: list[str]) -> bool:
    """Does a side of the meeting open the part's clause ("China would continue to…", « son pays
    respecterait… »)? Then its future binds that side: a pledge, not a prediction about a thing."""
    folded_prefix, folded_part = fold(sentence[:span[0]]), fold(sentence[span[0]:span[1]])
    window = clause_window(folded_prefix, folded_part, marker)
    if OWN_SIDE.search(window) or OWN_SIDE.search(folded_part):
        return True
    return any(c in countries for c in clause_subject(folded_prefix, folded_part, marker)) or \
        capital_subject(folded_prefix, folded_part, marker, countries) is not None


def actors_for(sentence: str, span: tuple[int, int], marker: str | None, chosen: str, voice: Voice,
               countries: list[str], counterpart: str | None, stance: bool = False) -> list[str]:
    """The actor set of the item found in ``sentence[span[0]:span[1]]`` (the convention above).

    ``stance``: the item is a position. A judgement belongs to whoever states it: "he noted that
    Tajikistan plays an important role" is the speaker's assessment, where "he said Kazakhstan is
    ready to…" is Kazakhstan's readiness."""
    folded_prefix, folded_part = fold(sentence[:span[0]]), fold(sentence[span[0]:span[1]])
    if joint_by_report(sentence, folded_prefix, folded_part):
        # the sides the subject names ("China and Russia agreed…"); countries named after the verb are its
        # objects or places ("…agreed to hold the next summit in Kazakhstan")
        verb = AGREEMENT_VERB.search(folded_prefix + folded_part) or JOINT_SUBJECT.search(folded_prefix + folded_part)
        subject = (folded_prefix + folded_part)[:verb.end()] if verb else folded_prefix + folded_part
        named = [c for c in _in_order(actors_named_in(subject)) if c in countries]
        if len(countries) > 2:  # at a meeting of many: those the sentence names, else all sides
            return named if len(named) >= 2 else list(countries)
        return _unique([voice.speaker, counterpart] if counterpart else countries)
    window = clause_window(folded_prefix, folded_part, marker)
    if OWN_SIDE.search(folded_part) or OWN_SIDE.search(window) or PRONOUN_SUBJECT.search(window):
        return [voice.speaker]
    if stance and voice.named_here:
        return [voice.speaker]
    # only a side of the meeting is bound by it: "Switzerland intends to host…" names no actor of the record
    opened_by = clause_subject(folded_prefix, folded_part, marker)
    if not opened_by:
        capital = capital_subject(folded_prefix, folded_part, marker, countries)
        opened_by = [capital] if capital else []
    subject = [c for c in opened_by if c in countries]
    if opened_by and not subject and not voice.reported and not stance and len(countries) >= 2:
        # the narrator says what a third party will do ("The US president is to meet the five leaders next
        # week"): no side of the meeting is bound; an empty set drops the item
        return []
    if len(subject) > 1 and voice.speaker in subject and _IN_ONE_VOICE.search(folded_prefix + folded_part):
        # "According to the Russian minister, Moscow and Beijing will…": both sides as the subject of one
        # speaker's words are that speaker's pledge or call, like "the two sides should…" in his mouth
        return [voice.speaker]
    if subject:
        return subject
    if span[0] > 0 and _BARE_PREDICATE.match(folded_part):
        # "Kazakhstan firmly adheres to X, recognizes that Y, and firmly supports Z": a predicate with no
        # subject of its own shares the sentence's ("recognizes" is Kazakhstan's, not the model's reading
        # of the "that"-clause)
        head = fold(sentence[:span[0]]).split(",")[0]
        opening = [c for c in clause_subject("", head, None) if c in countries]
        if len(opening) == 1:  # (two sides as the subject in one voice are that voice's: below)
            return opening
        if PRONOUN_SUBJECT.search(head):
            return [voice.speaker]  # "He proposed X and urged Y": "urged" is his too, not the model's pick
    if JOINT_SUBJECT.search(folded_part) or JOINT_SUBJECT.search(folded_prefix[-80:]):
        return [voice.speaker]  # "the two sides should…" in one voice: that voice's call
    if voice.named_here:
        return [voice.speaker]  # "Wang Yi, for his part, praised Kazakhstan's…": Wang's, not Kazakhstan's
    if chosen in countries and chosen != "BOTH":
        return [chosen]
    return [voice.speaker]


# A part that opens on its verb (after a conjunction and adverbs): "recognizes that…", "and firmly supports…",
# « et soutient… ». A determiner, a pronoun or a name would open a subject of its own.
_BARE_PREDICATE = re.compile(r"^\W*(?:(?:and|et|but|mais)\s+)?(?:(?:\w+ly|\w+ment|also|aussi|further|still|"
                             r"toujours|egalement)\s+)*(?!(?:the|a|an|this|that|these|those|its|their|his|her|"
                             r"it|he|she|they|we|both|all|each|le|la|les|l|un|une|il|elle|ils|elles|nous|on|son|"
                             r"sa|ses|leur|leurs|ce|cette|ces|tous|chaque|to|de|d|a|of|in|en|for|pour|with|avec|"
                             r"on|sur|as|comme|which|who|qui|que|where|when|while)\b)[a-z]+(?:s|ed|e|t|it)\b")
# An office named by its country: "the Turkmen president", "le ministre kazakh", "Russia's foreign minister".
_OFFICE = r"(?:president|presidente|leader|head of state|chef de l'etat|dirigeant|foreign minister|minister|ministre" \
          r"|side|partie|delegation|counterpart|homologue)"
# "turkmen president", "russia's foreign minister", "the azerbaijani deputy prime minister"
_OFFICE_AFTER = re.compile(r"(?:'s)?\s+(?:(?:first|deputy|vice|acting|prime)[ -])*" + _OFFICE + r"\b")
_OFFICE_BEFORE = re.compile(r"\b" + _OFFICE + r"\s+(?:of\s+(?:the\s+)?)?$")  # "le ministre kazakh", "the President of Turkmenistan"


# One person's words: a reporting verb or a source frame ("according to the minister", « selon lui »).
_IN_ONE_VOICE = re.compile(REPORTING.pattern + r"|\b(?:according to|selon|d'apres)\b")


# Verbs that report a side's statement but, after "the two sides", report a joint act ("the two sides
# reiterated their support"): a speaker for ``side_speaking`` only, never in ``REPORTING``.
_STATES = re.compile(r"\b(?:stated|states|reiterated|reiterates|affirmed|affirms|indicated|underscored|highlighted|"
                     r"maintained|believes|believed|voiced|expressed|welcomed|praised|called for|"
                     r"s'est (?:dit|declare|felicite|inquiete|alarme|prononce|montre)|s'inquiete|a salue)\b")


def sides_speaking(folded: str, countries: list[str]) -> list[tuple[int, str]]:
    """Every (position, code) in ``folded`` where one of ``countries`` is named with an office that speaks
    ("the Kazakh president said", « la partie russe a estimé »), in reading order."""
    found: list[tuple[int, str]] = []
    for code in countries:
        pattern = NAME_PATTERNS.get(code)
        if pattern is None:
            continue
        for match in pattern.finditer(folded):
            before = folded[max(0, match.start() - 30):match.start()]
            after = folded[match.end():match.end() + 130]
            # « Le chef de l'État kirghiz, qui a pris la parole en premier, a exprimé… »: the verb after the
            # relative clause that describes the speaker
            after = _RELATIVE.sub(" ", after, count=1)[:60]
            if _OBJECT_OF_VERB.search(before):
                continue  # "the Turkmen leader thanked the Chinese side … and reaffirmed": the object, not who speaks
            office = _OFFICE_AFTER.match(after) or _OFFICE_BEFORE.search(before)
            # …and it speaks: a reporting verb follows ("the Kazakh side should…" in Wang's words is no speaker)
            if office and (REPORTING.search(after) or _STATES.search(after)):
                found.append((match.start(), code))
    return sorted(found)


_RELATIVE = re.compile(r"^,\s*(?:qui|who)\b[^,]{0,60},")
# a side named right after a past verb and its article is that verb's object ("thanked the Chinese side", « a
# remercié la partie chinoise »)
_OBJECT_OF_VERB = re.compile(r"(?:\b[a-z]+ed|\b(?:a|ont|avait|avaient)\s+[a-z]+e)\s+(?:the|la|le|les|l')\s*"
                             r"(?:" + _OFFICE + r"\s+)?$")


def side_speaking(folded: str, countries: list[str], before: int | None = None) -> tuple[int, str] | None:
    """The last (position, code) in ``folded``, before ``before``, where a participating country is named with
    an office that speaks ("the Kazakh president said", « la partie russe a estimé »), or None."""
    found = [hit for hit in sides_speaking(folded, countries) if before is None or hit[0] < before]
    return max(found, key=lambda hit: hit[0]) if found else None


def speaking_sides(countries: list[str]) -> list[str]:
    """The sides that may speak by their office: with Central Asia as one side of the meeting, each of its
    countries ("Le président kirghiz a plaidé…" at a summit with the five, whom the lead names as a group)."""
    if "CENTRAL_ASIA" in countries:
        return countries + sorted(CENTRAL_ASIA_COUNTRIES - set(countries))
    return countries


# A participial or adverbial phrase that opens a sentence before its subject ("Warmly greeting the guest, the
# head of state…", "Meeting Deputy Prime Minister X in Beijing, Wang said…", « Recevant son hôte, le
# président… », "During his talks with X, Y said"): the people it names are not the sentence's subject.
_OPENING_PHRASE = re.compile(r"^\W*(?:\w+ly\s+)?(?:en\s+)?[a-z]+(?:ing|ant)\b[^,.;:\"«»]{3,110},\s*")
# An office said another way: the head of state is the president (« le chef de l'Etat »).
_HEAD_OF_STATE = re.compile(r"\b(?:head of state|chef de l'etat|chef d'etat)\b")


def opening_phrase_end(folded_sentence: str) -> int:
    """Where the subject can start: after an opening participial phrase, else 0."""
    match = _OPENING_PHRASE.match(folded_sentence)
    return match.end() if match else 0


# A commentator quoted beside the readout ("…," said Dana Omarova, an Almaty-based political analyst; « selon
# X, politologue à… »): a named person who is no side of the meeting, whose views are no participant's.
_COMMENTATOR = (r"(?i:(?:[\w'-]+\s+){0,4}(?:analyst|expert|scholar|researcher|professor|economist|observer|"
                r"commentator|political scientist|fellow|analyste|experte?|politologue|chercheu(?:r|se)|"
                r"professeu?re?|[ée]conomiste|observat(?:eur|rice)|sp[ée]cialiste|universitaire)s?)\b")
_COMMENT_VERB = (r"(?i:said|says|told|noted|argued|added|explained|wrote|believes|a (?:dit|d[ée]clar[ée]|"
                 r"estim[ée]|expliqu[ée]|soulign[ée]|ajout[ée])|estime|explique|souligne|selon)")
_PERSON = r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
_COMMENTARY = re.compile(r"\b" + _COMMENT_VERB + r"\s+" + _PERSON + r",\s+(?i:an?|the|un|une|le|la|l')?\s*"
                         + _COMMENTATOR
                         + r"|" + _PERSON + r",\s+(?i:an?|the|un|une|le|la|l')\s*" + _COMMENTATOR + r"[^.]{0,80}?,\s*"
                         + _COMMENT_VERB)


def commentary(sentences: list[str]) -> set[int]:
    """The sentences that quote a commentator, and those that go on quoting him: a quotation that follows
    on its own, a pronoun sentence ("She said Kazakhstan would likely resist…"): what no side said."""
    found: set[int] = set()
    for index, text in enumerate(sentences):
        opening = text.lstrip()[:1]
        goes_on = index - 1 in found and (PRONOUN_SUBJECT.match(fold(text)) or (opening and opening in "\"“«"))
        if _COMMENTARY.search(text) or goes_on:
            found.add(index)
    return found


# A transcript's turn: a paragraph that opens on its speaker's label ("President of Russia Vladimir Putin:
# Mr President, friends…", « Jeenbek Kulubaev : Nous… »)
_TURN_LABEL = re.compile(r"(?m)^[ \t]*([^\n:.!?«»\"]{3,80}?)\s?:[ \t]+\S")
_NOT_A_SPEAKER = re.compile(r"^(?:photo|image|video|source|tags?|read|lire|credit|published|updated|publie|mis a jour)\b")


@lru_cache(maxsize=64)
def _labelled_turns(raw: str, body_start: int, mentions: tuple[re.Pattern[str] | None, ...]
                    ) -> tuple[tuple[int, int | None], ...]:
    """(label's offset, whose turn) of every speaker label in the body, in reading order: read once per
    article (every part of every sentence asks who speaks)."""
    turns: list[tuple[int, int | None]] = []
    for label in _TURN_LABEL.finditer(raw, body_start):
        words = fold(label.group(1)).strip()
        if _NOT_A_SPEAKER.match(words):
            continue
        named = [i for i, mention in enumerate(mentions) if mention is not None and mention.search(words)]
        turns.append((label.start(), named[0] if len(named) == 1 else None))
    return tuple(turns)


def labelled_turn(raw: str, body_start: int, paragraph_start: int, sentence_start: int,
                  mentions: list[re.Pattern[str] | None]) -> int | None:
    """Whose labelled turn (index into ``mentions``, one per participant) the sentence at ``sentence_start``
    belongs to: the nearest speaker label before it in the body, when it names one participant. A
    transcript (labelled turns of two participants) runs a turn over its paragraphs; one labelled quote in
    a narrative ("Lavrov: …") speaks for its own paragraph only. None when no label names the speaker."""
    turns = _labelled_turns(raw, body_start, tuple(mentions))
    before = [turn for turn in turns if turn[0] <= sentence_start]
    if not before or before[-1][1] is None:
        return None
    start, person = before[-1]
    transcript = len({who for _, who in turns if who is not None}) >= 2
    return person if transcript or paragraph_start <= start else None


def office_subject(folded_sentence: str, roles: list[str]) -> int | None:
    """Which participant (index into ``roles``) a sentence opens on by office alone ("The Prime Minister
    also proposed…", « Le chef de l'Etat a souligné… », "Warmly greeting the guest, the head of state
    expressed…"), when exactly one participant holds that office."""
    subject = folded_sentence[opening_phrase_end(folded_sentence):]
    opening = re.match(r"\W*(?:the|le|la|l')\s*((?:[\w-]+\s+){0,4}[\w-]+)", _HEAD_OF_STATE.sub("president", subject))
    if not opening:
        return None
    words = opening.group(1)
    holders = [i for i, role in enumerate(roles) if role not in ("", "unknown")
               and re.match(re.escape(fold(role)) + r"\b", words)]
    if len(holders) != 1:
        return None
    office = fold(roles[holders[0]])
    return holders[0] if sum(fold(role) == office for role in roles) == 1 else None


def _in_order(codes: set[str]) -> list[str]:
    return sorted(codes)


def _unique(values) -> list[str]:
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return out


def holders_of(actors: list[str]) -> list[str]:
    """The holders of a stance several sides state together: one each, the five Central Asian countries as
    their group (the vocabulary's CENTRAL_ASIA) when all five state it beside another side (the "Central
    Asia + China" format's two sides). The five alone ("the Central Asian ministers condemned…", a summit of
    the five) state it one by one (GUIDELINES.md: one position per holder)."""
    if "CENTRAL_ASIA" in actors:  # the group among the sides stands for its five
        actors = [a for a in actors if a != "CENTRAL_ASIA"] + sorted(CENTRAL_ASIA_COUNTRIES - set(actors))
    if CENTRAL_ASIA_COUNTRIES <= set(actors) and set(actors) - CENTRAL_ASIA_COUNTRIES:
        actors = [a for a in actors if a not in CENTRAL_ASIA_COUNTRIES] + ["CENTRAL_ASIA"]
    return list(dict.fromkeys(actors))  # the group may already be among the sides: one position each
