"""Cut one sentence into parts, one per coordinated action, with offsets.

Readouts list several pledges in one sentence ("should align X, deepen Y, upgrade Z and explore W").
The record keeps one item per pledge, each grounded in its own span, so the sentence is cut before
every coordinated verb phrase and the model answers per numbered part.

French: spaCy's ``fr_core_news_sm`` tags the verbs (its part-of-speech tags are reliable on these
enumerations; its attachments are not, so only the tags are used). English: no maintained English
pipeline installs offline, so a boundary is a coordinator followed by a word that opens a verb
phrase: "to", a base-form verb by lemminflect's lexicon ("resume direct flights"), or a lower-case
word followed by an article, possessive or preposition ("and expand cooperation in", "and to deepen"),
never an article or preposition itself ("and the digital economy" stays one part).

A part that would be tiny is merged into the one before it; a sentence gives at most MAX_PARTS.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .vocab import fold

MAX_PARTS = 6
MIN_PART_WORDS = 3

_FR_SKIP = {"à", "a", "de", "d'", "d’", "se", "s'", "s’", "également", "aussi", "en", "y", "ne", "n'", "pleinement",
            "activement", "conjointement", "ensemble", "encore", "davantage", "notamment", "par", "ailleurs"}
_FR_COORD = {",", ";", "et", "ou", "ainsi", "puis", "mais"}

_EN_BOUNDARY = re.compile(r";\s+|,\s+(?:and\s+|as well as\s+)?|\s+(?:and|as well as)\s+")
_EN_FUNCTION = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those", "that", "in",
                "on", "at", "of", "for", "with", "to", "from", "by", "as", "into", "between", "among", "within",
                "under", "other", "more", "new", "further", "all", "both", "each", "such", "key", "bilateral",
                "mutual", "regional", "international", "joint", "jointly", "closer", "greater", "high-level",
                "any", "some", "every", "no", "many", "several", "various"}
# "step up", "carry out", "set up", "move forward": a verb's particle follows it where an object would
_EN_PARTICLES = {"up", "out", "forward", "ahead", "down", "off", "back"}
# "to invest and do business", "should promote and protect investment": a one-word conjunct right after
# "to" or a modal shares the object (or complement) of the verb after the coordinator — one action
_EN_MODALS = {"should", "will", "would", "must", "can", "could", "shall", "may"}
_EN_HEADS = _EN_MODALS | {"to"}
_EN_REPORTING = {"said", "noted", "added", "stressed", "underlined", "emphasized", "emphasised", "pointed",
                 "expressed", "urged", "called", "proposed", "suggested", "voiced", "reaffirmed", "reiterated"}
# « …, ajoutant que la partie kazakhe… »: a reporting gerund that opens a new reported clause
_FR_REPORTING = {"ajoutant", "soulignant", "notant", "indiquant", "estimant", "affirmant", "precisant", "précisant",
                 "declarant", "déclarant", "rappelant", "assurant", "expliquant", "insistant", "relevant"}
_EN_NOT_VERB = _EN_FUNCTION - {"to"} | {"and", "or", "which", "who", "whose", "where", "when", "he", "she", "it",
                                        "they", "we", "i", "you", "said", "noted", "added", "stressed"}


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    # the tags cut enumerations and the lemmas tell an imperfect from a conditional; the parser and NER
    # would cost time for nothing
    return spacy.load("fr_core_news_sm", exclude=["ner", "parser"])


def split(text: str, language: str) -> list[tuple[int, int]]:
    """Spans (start, end), relative to ``text``, that tile it from the first to the last character."""
    cuts = _french_cuts(text) if language == "fr" else _english_cuts(text)
    return _spans(text, cuts)


def _french_cuts(text: str) -> list[int]:
    doc = _nlp()(text)
    cuts: list[int] = []
    seen_verb = False
    tokens = list(doc)
    for i, token in enumerate(tokens):
        if token.pos_ == "VERB":
            seen_verb = True
        if token.text == ";" and seen_verb:
            cuts.append(token.idx)
            seen_verb = False
            continue
        if token.lower_ not in _FR_COORD or not seen_verb:
            continue
        if (i + 2 < len(tokens) and tokens[i + 1].lower_ in _FR_REPORTING
                and tokens[i + 2].lower_ in ("que", "qu'", "qu’")):
            cuts.append(token.idx)
            seen_verb = False
            continue
        if token.lower_ in ("et", ",") and i + 1 < len(tokens) and tokens[i + 1].lower_ in ("que", "qu'", "qu’") \
                and not _que_opens_sentence(tokens, i):
            cuts.append(token.idx)  # « …, et qu'elle s'opposait à… »: a second reported clause
            seen_verb = False
            continue
        j = i + 1
        while j < len(tokens) and (tokens[j].lower_ in _FR_SKIP or tokens[j].pos_ in ("ADV", "PRON")
                                   or tokens[j].lower_ in ("que", "qu'")):
            if tokens[j].lower_ in ("que", "qu'"):
                break
            j += 1
        if j < len(tokens) and tokens[j].pos_ == "VERB" and "Part" not in tokens[j].morph.get("VerbForm"):
            cuts.append(token.idx)
            seen_verb = False
        elif _new_clause(tokens, i):
            cuts.append(token.idx)
            seen_verb = False
    return cuts


_CLAUSE_SUBJECT = {"DET", "NUM", "NOUN", "PROPN", "ADJ", "PRON"}


def _new_clause(tokens: list[Any], i: int) -> bool:
    """« …, et les deux présidents signeront… », « …, et nous sommes prêts… »: after a comma, a coordinator
    opens a clause with a subject of its own and a finite verb (a second actor, or the same one again). Only
    after a comma: « la Chine et le Kazakhstan devraient… » is one subject of two countries."""
    if tokens[i].lower_ not in ("et", "mais") or i == 0 or tokens[i - 1].text != ",":
        return False
    k = i + 1
    while k < len(tokens) and k <= i + 5 and tokens[k].pos_ in _CLAUSE_SUBJECT:
        k += 1
    return k > i + 1 and k < len(tokens) and tokens[k].pos_ in ("VERB", "AUX") \
        and "Fin" in tokens[k].morph.get("VerbForm")


def _que_opens_sentence(tokens: list[Any], i: int) -> bool:
    """Is the « que » after token ``i`` the first reported clause of its verb (« a dit, et que… » is rare;
    « a souligné que X et que Y » is the common shape): only a « que » after an earlier one opens a second
    clause."""
    return not any(t.lower_ in ("que", "qu'", "qu’") for t in tokens[:i])


def _english_cuts(text: str) -> list[int]:
    cuts: list[int] = []
    for match in _EN_BOUNDARY.finditer(text):
        if match.group(0).startswith(";"):
            cuts.append(match.start())
            continue
        after = re.findall(r"[A-Za-z][A-Za-z'-]*", text[match.end():match.end() + 80])[:4]
        before = re.findall(r"[A-Za-z][A-Za-z'-]*", text[max(0, match.start() - 40):match.start()])[-2:]
        if (match.group(0).strip() in ("and", "or") and len(before) == 2 and before[0].lower() in _EN_HEADS
                and _can_be_verb(before[1].lower())):
            continue
        if after and after[0] == "that" and "and" in match.group(0):
            cuts.append(match.start())  # "…, and that the two sides should…": a new reported clause
            continue
        if "," in match.group(0) and "and" in match.group(0) and _opens_clause(after) and \
                _has_predicate(text[(cuts[-1] if cuts else 0):match.start()]):
            cuts.append(match.start())  # "…, and the two presidents will sign…", "…, and we are ready to…"
            continue
        if after and after[0] in _EN_MODALS and len(after) > 1 and after[1] not in ("be", "not"):
            cuts.append(match.start())  # "…, and will take effective measures…": a new modal predicate
            continue
        if after and after[0] in _EN_REPORTING:
            # "…, and said the two countries should…": a new reported clause — after a clause of its own;
            # "Wang Yi, in turn, said that…" has only its subject before the verb: one part
            if _has_predicate(text[(cuts[-1] if cuts else 0):match.start()]):
                cuts.append(match.start())
            continue
        if len(after) > 1 and after[0].islower() and _is_finite_form(after[0]) and \
                (after[1].lower() in _EN_FUNCTION or after[1][:1].isupper()):
            # "…a trustworthy partner and supports Kazakhstan's…": a new predicate — after a clause of its
            # own; "Wang Yi, for his part, praised…" has only its subject before the verb: one part
            if _has_predicate(text[(cuts[-1] if cuts else 0):match.start()]):
                cuts.append(match.start())
            continue
        # an adverb before a word that can be a verb: that word is the verb ("and jointly combat")
        if len(after) > 2 and (after[0] in ("also", "further", "together") or
                               (after[0].endswith("ly") and "ADV" in _readings(after[0]))):
            if after[1].islower() and _can_be_verb(after[1]):
                cuts.append(match.start())
            continue
        after = after[:3]
        if len(after) < 2:
            continue
        first, second = after[0], after[1].lower()
        third = after[2].lower() if len(after) > 2 else ""
        if first == "to" and second not in _EN_FUNCTION:
            cuts.append(match.start())
        elif _opens_verb_phrase(first, second):
            cuts.append(match.start())
        elif (first.islower() and first not in _EN_NOT_VERB and not first.endswith(("ly", "al", "ic", "ive", "ous"))
              and _can_be_verb(first)
              and (second in _EN_FUNCTION or (third in _EN_FUNCTION and second not in _EN_NOT_VERB))):
            cuts.append(match.start())
    return cuts


_EN_SUBJECT_OPENERS = {"we", "they", "he", "she", "it", "i", "the", "both", "our", "its", "their", "his", "her"}
_EN_FINITE_AUX = _EN_MODALS | {"is", "are", "was", "were", "has", "have", "had"}


def _opens_clause(after: list[str]) -> bool:
    """A subject (a pronoun, or a short noun phrase opened by a determiner or a name) then a modal or an
    auxiliary: a clause with an actor of its own."""
    if not after or not (after[0].lower() in _EN_SUBJECT_OPENERS or after[0][:1].isupper()):
        return False
    return any(w in _EN_FINITE_AUX for w in after[1:4])


def _has_predicate(segment: str) -> bool:
    """Does the text hold a verb of its own (a modal, an auxiliary, "to", a past or third-person form)?"""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", segment) if w.islower()]
    return any(w in _EN_MODALS or w in _EN_AUXILIARIES or w == "to" or _is_finite_form(w) for w in words)


@lru_cache(maxsize=4096)
def _readings(word: str) -> dict[str, tuple[str, ...]]:
    from lemminflect import getAllLemmas

    return getAllLemmas(word.lower())


def is_dictionary_word(word: str) -> bool:
    """Does lemminflect's English lexicon know the word (any part of speech)?"""
    return bool(_readings(word.lower()))


def _opens_verb_phrase(first: str, second: str) -> bool:
    """"resume direct flights", "make good preparations", "strengthen cooperation": a verb in its base form
    (lemminflect's lexicon) followed by its object. A word that is also a noun ("trade", "support") opens a
    verb phrase only before an article or a modifier that cannot be a noun ("support the", not "support
    measures"); before a coordinator it is a list item ("trade and tourism")."""
    if not first.islower() or second in ("and", "or") or not second.isalpha():
        return False
    readings = _readings(first)
    if first not in readings.get("VERB", ()):
        return False
    if second in _EN_PARTICLES:
        return True
    if "NOUN" not in readings and "ADJ" not in readings:  # "strengthen", "deepen", "cooperate"
        return True
    # "resume direct flights", "keep the corridors" — but "trade cooperation", "smooth, resume"
    following = _readings(second)
    return second in _EN_FUNCTION or (bool(following) and "NOUN" not in following)


def _can_be_verb(word: str) -> bool:
    return "VERB" in _readings(word)


def _spans(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    bounds = [0] + sorted(set(c for c in cuts if 0 < c < len(text))) + [len(text)]
    spans = [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and len(text[start:end].split()) < MIN_PART_WORDS:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    while len(merged) > MAX_PARTS:  # the tail folds into the last kept part
        last = merged.pop()
        merged[-1] = (merged[-1][0], last[1])
    return merged


def part_text(text: str, span: tuple[int, int]) -> str:
    """A part as the prompt shows it: the separator that opens it stripped."""
    return " ".join(text[span[0]:span[1]].lstrip(" ,;").split())


_EN_OPENERS = {"and", "or", "as", "well", "also", "further", "together", "jointly", "then", "but", "while"}
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "il", "elle", "ils", "elles"}
_EN_AUXILIARIES = {"has", "have", "had", "was", "were", "is", "are", "did", "does"}


def opens_with_finite_verb(part: str, language: str) -> bool:
    """Does the part open a new predicate of its own: a finite verb after its coordinator ("…and voiced
    their opposition to…", "…et s'opposait à…", "…and has signed") or a new subject pronoun ("…, and he
    said…")? Such a part is no longer governed by a modal or "ready to" earlier in the sentence, unlike
    one more infinitive of the enumeration ("…and support each other", "…et soutenir").

    English uses lemminflect's lexicon (a past or third-person form of a verb); French uses spaCy's
    morphology (VerbForm=Fin)."""
    if language == "fr":
        return _french_opens_finite(part)
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", part[:120])
    for word in words[:6]:
        low = word.lower()
        if low in _EN_OPENERS or (low.endswith("ly") and "ADV" in _readings(low)):
            continue
        if low in _PRONOUNS or low in _EN_AUXILIARIES:
            return True
        if not word.islower():
            return False
        return _is_finite_form(low)
    return False


@lru_cache(maxsize=4096)
def _is_finite_form(word: str) -> bool:
    from lemminflect import getAllInflections

    for lemma in _readings(word).get("VERB", ()):
        forms = getAllInflections(lemma, upos="VERB")
        if word in forms.get("VBD", ()) or word in forms.get("VBZ", ()):
            return True
    return False


def _french_opens_finite(part: str) -> bool:
    for token in _nlp()(part[:160]):
        if token.pos_ in ("VERB", "AUX"):  # before the skip list: "a" is both "has" and an unaccented "à"
            if "Fin" not in token.morph.get("VerbForm"):
                return False
            # A past or perfect tense is a new predicate (« et s'opposait à… », « et a exprimé… »); a present
            # form continues a clause's list (« a proposé que les membres renforcent…, établissent… »). The
            # small model's tense feature confuses the two, the imperfect's ending does not.
            return token.pos_ == "AUX" or fold(token.text).endswith(("ait", "aient"))
        if token.is_punct or token.lower_ in _FR_COORD or token.lower_ in _FR_SKIP or token.pos_ == "ADV":
            continue
        if token.pos_ == "PRON":
            if token.lower_ in _PRONOUNS:
                return True
            continue  # a clitic ("s'", "l'", "leur") before its verb
        return False
    return False


# A part that opens with a reporting participle reports a new clause ("…, noting that a trade war has no
# winners", « …, soulignant que… »): the modal of the part before does not govern it.
_REPORT_OPENER = re.compile(r"^\W*(?:(?:and|et|while|tout en)\s+)?(?:noting|adding|saying|stressing|underlining|"
                            r"emphasi[sz]ing|pointing out|stating|observing|recalling|ajoutant|soulignant|estimant|"
                            r"indiquant|notant|rappelant|precisant|affirmant|declarant|insistant|faisant valoir)\b")


def governing_modalities(parts: list[str], found: list[Any], language: str) -> list[tuple[Any, Any]]:
    """Per part: (its own modality marker, the modality that governs it). A modality runs along an
    enumeration ("should align X, deepen Y and upgrade Z": all three are calls) until a part has its own
    marker or opens a new predicate (``opens_with_finite_verb``): "…will continue to support each other
    and voiced their opposition to…" makes the second part a stated stance, not a pledge.

    ``found``: each part's markers (``candidates.classify``; this module stays free of the marker tables)."""
    out: list[tuple[Any, Any]] = []
    current = None
    for text, markers in zip(parts, found):
        own = markers.modality if markers else None
        if own is not None:
            current = own
        elif out and (opens_with_finite_verb(text, language) or _REPORT_OPENER.match(fold(text))):
            current = None
        out.append((own, current))
    return out


def is_french_imperfect(word: str, text: str) -> bool:
    """Is ``word`` (folded, as found in ``text``) the imperfect of an -er verb rather than a conditional?
    « adhérait » (adhérer) and « considérait » end like « renforcerait » (renforcer): the lemma decides —
    the imperfect is the lemma's stem + -ait/-aient, the conditional the whole infinitive + -ait."""
    for token in _nlp()(text[:400]):
        if fold(token.text) != word:
            continue
        lemma = fold(token.lemma_)
        return lemma.endswith("er") and word in (lemma[:-2] + "ait", lemma[:-2] + "aient")
    return False
