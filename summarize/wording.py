"""Item texts as complete English sentences that name their actor.

The model translates one part of an enumeration at a time, and a small model often writes the part as
it stands ("And is ready to increase exports.", "Expanding cooperation in trade.", "To hold talks."),
or keeps the reporting frame ("According to Mr Wang, the two sides should ..."). The record's texts are
read on their own (in exports, comparisons and the summary), so each becomes a sentence whose subject is
the item's actor, built from the actor set the attribution rules chose and the modality the markers
found. Nothing is added that the item does not already hold.
"""

from __future__ import annotations

import re

from . import segments
from .topics import strip_reporting
from .vocab import ENGLISH_NAMES, Modality

_SUBJECTLESS = re.compile(r"^(?:is|are|was|were|will|would|should|must|shall|can|could|has|have|had|also|"
                          r"further|then)\b", re.I)
_GERUND = re.compile(r"^([A-Za-z]+ing)\b")
_LEADING_AND = re.compile(r"^(?:and|as well as|while|also|but|then|et)\s+|^[,;:\s]+", re.I)
_TO = re.compile(r"^to\s+", re.I)
_FRAME = re.compile(r"^(?:according to|in the view of|in the words of|for his part|for her part|on his part|"
                    r"in his view|in her view)\b[^,]{0,60},\s*", re.I)
# Verbs that follow a subject in the model's texts ("Kazakhstan supports…", "China agreed…")
_SUBJECT_VERBS = (r"is|are|will|would|should|must|has|have|had|was|were|agreed|said|called|proposed|pledged|"
                  r"supports?|opposes?|welcomed?|expressed|hopes?|wants?|wishes|believes?|considers?|stressed|noted|"
                  r"invited|reaffirmed|thanked|appreciates?|values?|regards?|looks?|remains?|stands?|sees?|plans?|"
                  r"intends?|seeks?")
_OPENS_WITH_SUBJECT = re.compile(
    r"^(?:the|both|china|chinese|beijing|all|each|they|he|she|it|we|our|its|their|[A-Z][a-z]+(?:\s[A-Z][a-z]+)*"
    r"\s(?:" + _SUBJECT_VERBS + r"))\b")

# …and the base forms a group subject takes ("The leaders … stress that…")
_VERBS = _SUBJECT_VERBS + r"|stress|emphasi[sz]ed?|committed|commit|called|urged?|praised?|highly"
# "The ministers of foreign affairs of China proposed…", "The leaders of A, B and C stress…": a group as the
# subject, up to its verb
_GROUP_SUBJECT = re.compile(r"^the (?:leaders|ministers|sides|parties|participants|foreign ministers)\b"
                            r"(?:\s+of\b[^.;]{0,90}?)?\s+(?=(?:" + _VERBS + r")\b)", re.I)

# "…, he said." / "…, he noted." — the reporting frame at the end says nothing the actor does not
_TRAILING_REPORT = re.compile(r",?\s+(?:he|she|they|it|the minister)\s+(?:said|noted|added|stressed|stated|"
                              r"underlined|emphasized|emphasised|pointed out|assured|explained)\s*([.!?]?)$", re.I)

# the fixed English name of « principe d'une seule Chine » (a literal "principle of a single China" is the
# same principle under a name nobody searches for)
_ONE_CHINA = re.compile(r"\b(principle|policy) of (?:a |the )?(?:single|one) China\b|"
                        r"\b(?:single|one) China (principle|policy)\b")
_EXPRESSED_STANCE = re.compile(r"^[^,]{0,80}\b(?:has |have |had )?expressed (?!that\b)", re.I)

_OWN_SIDE = re.compile(r"^(?:his|her|its|their|our) (?:country|side|government) ", re.I)

_VERB_FOR = {Modality.call: "should", Modality.readiness: "is ready to", Modality.pledge: "will",
             Modality.agreement: "agreed to", Modality.proposal: "proposed to"}
_GERUND_FOR = {Modality.call: "called for", Modality.readiness: "is ready to work on", Modality.pledge: "pledged",
               Modality.agreement: "agreed on", Modality.proposal: "proposed"}
_TO_FOR = {Modality.call: "called on the sides", Modality.readiness: "is ready", Modality.pledge: "pledged",
           Modality.agreement: "agreed", Modality.proposal: "proposed"}


def actor_phrase(actors: list[str]) -> str:
    names = [ENGLISH_NAMES.get(a, a) for a in actors]
    names = [n[4:] if n.startswith("the ") else n for n in names]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return "The sides"


def complete(text: str, actors: list[str], modality: Modality | None, others: list[str] = ()) -> str:
    """``text`` as a sentence that opens with its actor, or unchanged when it already does.

    ``others``: the article's other participant countries; a text that opens with one of them while the
    attribution rules chose another single actor gets the rules' actor as its subject (one record, one
    answer to "whose is it")."""
    text = " ".join(text.split())
    # "China expressed concern over…": "expressed" + a noun is the stance itself, not a reporting frame
    # ("expressed that…" is one): stripping it would leave "concern over…" and a made-up verb in front
    if not _EXPRESSED_STANCE.match(text):
        text = strip_reporting(text)
    text = _TRAILING_REPORT.sub("", _FRAME.sub("", text))
    text = _ONE_CHINA.sub(lambda m: f"one-China {m.group(1) or m.group(2)}", text)
    group = _GROUP_SUBJECT.match(text) if len(actors) == 1 else None
    if group:
        # the prompt offers "the ministers"/"the leaders" as a subject at a meeting of many, and the model
        # uses it for one side's words too ("The leaders of Uzbekistan, Kyrgyzstan… stress that…")
        text = f"{actor_phrase(actors)} {_agree(text[group.end():], plural=False)}"
    if len(actors) == 1:
        for code in others:
            name = actor_phrase([code])
            if code not in actors and text.startswith(name + " ") and not text.startswith(name + " and "):
                own = actor_phrase(actors)
                # "China regards Kazakhstan as a friend" for Kazakhstan's words: the model swapped the two
                # roles, so the object becomes the side the subject was ("…regards China as a friend")
                rest = re.sub(r"\b" + re.escape(own) + r"\b", name, text[len(name):], count=1)
                text = own + rest
                break
    elif len(actors) > 1:
        # a joint item whose text names one side as its subject ("China agreed to…", "Uzbekistan voiced
        # their shared opposition…"): the record's answer is both sides, so the text says so
        for code in list(actors) + [c for c in others if c not in actors]:
            name = actor_phrase([code])
            if text.startswith(name + " ") and not re.match(r"(?:and|&|,)\s", text[len(name) + 1:]):
                text = f"{actor_phrase(actors)} {_agree(text[len(name) + 1:], plural=True)}"
                break
    text = _LEADING_AND.sub("", text).strip()
    if not text:
        return text
    subject = actor_phrase(actors)
    # "his country is ready to…" (the model kept the speaker's pronoun): the actor is the subject
    text = _OWN_SIDE.sub(subject + " ", text, count=1)
    plural = len(actors) > 1
    if _OPENS_WITH_SUBJECT.match(text) and not _SUBJECTLESS.match(text):
        out = text
    elif _SUBJECTLESS.match(text):
        text = text[0].lower() + text[1:]
        out = f"{subject} {_agree(text, plural=True) if plural else text}"
    elif _TO.match(text):
        lead = _TO_FOR.get(modality, "pledged") if modality else "pledged"
        out = f"{subject} {_plural(lead, plural)} {text[0].lower()}{text[1:]}"
    elif _GERUND.match(text):
        lead = _GERUND_FOR.get(modality, "pledged") if modality else "supports"
        out = f"{subject} {_plural(lead, plural)} {text[0].lower()}{text[1:]}"
    elif _CLAUSE_OF_ITS_OWN.match(text):
        # the reported clause has its own subject ("a trade war has no winners"): no verb of ours fits
        # in front of it, so the text says who said it
        out = f"{subject} {'say' if plural else 'says'} that {text}"
    elif text[:1].islower():
        lead = _VERB_FOR.get(modality, "will") if modality else "supports"
        out = f"{subject} {_plural(lead, plural)} {text[0].lower()}{text[1:]}"
    else:
        out = text
    out = out[0].upper() + out[1:]
    return out if out[-1] in ".!?" else out + "."


# a lowercase text that opens with a determiner is a noun phrase: a clause's subject, not a verb phrase
_CLAUSE_OF_ITS_OWN = re.compile(r"(?:a|an|the|this|these|those|such|no|every|all|both|its|their|his|her)\s")


def _plural(phrase: str, plural: bool) -> str:
    return re.sub(r"^is\b", "are", phrase) if plural else phrase


def _third_person(verb: str) -> str:
    """A verb in its base form as the third person singular (lemminflect), anything else unchanged."""
    from lemminflect import getAllLemmas, getInflection

    if verb in ("will", "would", "should", "must", "can", "could", "shall", "may", "might"):
        return verb
    if verb not in getAllLemmas(verb).get("VERB", ()):
        return verb  # already inflected ("stressed", "supports")
    forms = getInflection(verb, tag="VBZ")
    return forms[0] if forms else verb


_TO_PLURAL = {"is": "are", "was": "were", "has": "have"}
_TO_SINGULAR = {plural: singular for singular, plural in _TO_PLURAL.items()}


def _agree(predicate: str, plural: bool) -> str:
    """A predicate whose first verb agrees with a new subject: "is ready…" after "China and Kazakhstan"
    becomes "are ready…"; "are ready…" or a base form ("stress that…") after one country "is ready…",
    "stresses that…"."""
    verb = predicate.split(" ", 1)[0]
    if plural:
        return _TO_PLURAL.get(verb, verb) + predicate[len(verb):]
    if verb in _TO_SINGULAR:
        return _TO_SINGULAR[verb] + predicate[len(verb):]
    return _third_person(verb) + predicate[len(verb):]


# -- one rendering, several parts ------------------------------------------------------------------

_COORDINATOR = re.compile(r"^(?:and|or|as well as|but also|while)\s+", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def split_rendering(text: str, count: int) -> list[str] | None:
    """One English sentence per part, from a rendering the model gave several parts word for word.

    A small model often writes a whole enumeration ("China agreed to hold X and to intensify Y") on the
    line of each of its parts. The rendering is cut where an English enumeration is cut (segments.split:
    before "to", a modal, a verb that opens its own phrase); when that gives exactly one piece per part,
    each later piece takes the first piece's words up to the same kind of verb form ("China agreed" +
    "to intensify Y", "India should" + "defend Z"). None when the pieces do not match the parts or a
    piece's verb has no counterpart in the first one: the caller then keeps the one rendering."""
    spans = segments.split(text, "en")
    if count < 2 or len(spans) != count:
        return None
    pieces = [segments.part_text(text, span).rstrip(" ,;.") for span in spans]
    first = pieces[0]
    out = [first + "."]
    for piece in pieces[1:]:
        body = _COORDINATOR.sub("", piece).strip()
        head = _head_for(first, body)
        if not head or not body:
            return None
        out.append(f"{head} {body}.")
    return out


def _head_for(first: str, body: str) -> str | None:
    """The first piece's words before the verb form ``body`` opens with (its subject and governing words)."""
    opener = _WORD.match(body)
    if not opener or not opener.group(0).islower():
        return None
    word = opener.group(0)
    if word == "to":
        same = lambda w: w == "to"  # noqa: E731
    elif word.endswith("ing") and segments._can_be_verb(word):
        same = lambda w: w.endswith("ing") and segments._can_be_verb(w)  # noqa: E731
    elif segments._is_finite_form(word):
        same = segments._is_finite_form
    elif word in segments._readings(word).get("VERB", ()) and (
            not {"NOUN", "ADJ"} & set(segments._readings(word))
            or (_WORD.findall(body)[1:2] or [""])[0].lower() in segments._EN_FUNCTION):
        # a base form that opens its own phrase ("defend the system", "support the"), not a noun that is
        # also a verb ("drug trafficking", "trade and tourism")
        same = lambda w: w not in segments._EN_MODALS and w in segments._readings(w).get("VERB", ())  # noqa: E731
    else:
        return None  # "…as well as drug trafficking": a list item, not a verb of its own
    for match in list(_WORD.finditer(first))[1:]:  # the first word is the subject's
        if match.group(0).islower() and same(match.group(0)):
            head = first[:match.start()].rstrip()
            return head if _WORD.search(head) else None
    return None
