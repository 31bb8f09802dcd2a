"""Normalised topics: short labels that stay the same across meetings.

One table serves the records (``Commitment.topic``, ``Position.topic``) and the
cross-meeting comparison, so a pledge is labelled the same way in both places.
Patterns are regular expressions on ``fold``ed text (lower case, no accents),
matched on the English text and its French evidence. A text that matches no
topic gets its own head words as a label.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .vocab import fold

# Recurring pledges, each a normalised topic key with the English and French phrases that name it.
# Patterns are regular expressions on ``fold``ed text (lower case, no accents).
TOPICS: dict[str, tuple[str, tuple[str, ...]]] = {
    "belt_and_road_alignment": ("Belt and Road alignment (Nurly Zhol / development strategies)", (
        r"belt and road", r"\bbri\b", r"ceinture et (la )?route", r"nurly zhol", r"bright path", r"voie lumineuse",
        r"(align|synerg|dock|articul|arrim)\w*.{0,40}(development|developpement) strateg",
        r"strategies de developpement", r"silk road", r"route de la soie")),
    "heads_of_state_consensus": ("Implementing the heads of state's consensus", (
        r"(implement|turn|translat|put)\w*.{0,60}consensus", r"(leaders|heads of state)'?s?'? consensus",
        r"consensus (reached|atteints?) (by|par) (the |les )?(two |deux )?(heads of state|leaders|chefs d'etat)",
        r"mettre en (oe|œ)uvre.{0,40}consensus")),
    "high_level_exchanges": ("High-level exchanges and political dialogue", (
        r"high-level exchanges", r"echanges de haut niveau", r"political dialogue", r"dialogue politique")),
    "multilateral_coordination": ("Multilateral coordination and international order", (
        r"multilateral", r"unilateralism", r"protectionism", r"international order", r"ordre international",
        r"fairness and justice", r"equite et (la )?justice", r"norms of international relations")),
    "pandemic_cooperation": ("Cooperation against COVID-19", (
        r"covid", r"pandemi", r"coronavirus", r"vaccin")),
    "winter_olympics": ("Beijing 2022 Winter Olympics", (r"olympic", r"olympique",)),
    "afghanistan": ("Afghanistan", (r"afghan",)),
    "central_asia_stability": ("Stability of Central Asia, against external interference", (
        r"colou?r revolution", r"revolutions? de couleur", r"external (forces|interference)",
        r"ingerence", r"three forces", r"trois forces", r"chaos or war")),
    "leaders_visit": ("Preparing the heads of state's visit or meeting", (
        r"(preparations?|prepar\w+) for the visit", r"heads of state'?s? .{0,40}meeting",
        r"preparatifs de la visite")),
    "people_to_people": ("People-to-people and cultural exchanges", (
        r"people-to-people", r"cultural exchanges", r"echanges culturels", r"humanitarian exchanges")),
    "core_interests": ("Mutual support on core interests", (
        r"core (issues|interests)", r"interets fondamentaux", r"questions fondamentales")),
    "strategic_coordination": ("Strategic coordination", (
        r"back-to-back", r"strategic coordination", r"coordination strategique")),
    "regional_security": ("Regional security initiatives", (
        r"global security initiative", r"initiative pour la securite mondiale", r"security challenges",
        r"non-traditional")),
    # Subjects that recur in readouts beyond pledges (positions mostly); after the pledge topics so a
    # commitment keeps its more specific key.
    "one_china": ("One-China principle", (r"une seule chine", r"one-china", r"one china", r"taiwan")),
    "trade_investment": ("Trade and investment", (
        r"commerc", r"\btrade\b", r"investiss", r"investment", r"libre-echange", r"free trade")),
    "connectivity": ("Transport and connectivity", (
        r"\bfret\b", r"freight", r"interconnex", r"connectivit", r"canaux verts", r"green (lanes?|channels?)",
        r"logisti")),
    "terrorism": ("Terrorism, separatism and extremism", (r"terroris", r"separatis", r"extremis")),
    "energy": ("Energy", (r"\benergie", r"\benergy\b", r"petrole", r"\bgaz\b", r"\bgas\b")),
    "digital_technology": ("Digital economy and technology", (
        r"numerique", r"digital", r"intelligence artificielle", r"artificial intelligence", r"technolog")),
    "strategic_partnership": ("Bilateral relations and strategic partnership", (
        r"partenariat", r"partnership", r"relations bilaterales", r"bilateral relations",
        r"communaute (d'avenir|de destin)", r"shared future")),

}

_COMPILED = {key: re.compile("|".join(f"(?:{p})" for p in pats)) for key, (_, pats) in TOPICS.items()}


def _anchors(patterns: tuple[str, ...]) -> tuple[str, ...] | None:
    """Literal strings one of which every match of ``patterns`` contains: for each pattern, its longest run
    of plain characters outside any group, repeat or alternative (a match holds that run as it is).  None when
    a pattern has no such run of two characters or more, or sets a flag: that topic is always searched."""
    try:
        from re import _constants, _parser  # the parser re itself uses; without it, no prefilter
    except ImportError:  # pragma: no cover - another Python
        return None
    out: list[str] = []
    for pattern in patterns:
        try:
            parsed = _parser.parse(pattern)
        except Exception:  # noqa: BLE001 - a pattern re compiles but this cannot read: searched as it is
            return None
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE | re.LOCALE):
            return None
        best, run = "", ""
        for op, arg in [*parsed, (None, None)]:
            if op is _constants.LITERAL:
                run += chr(arg)
                continue
            best, run = max(best, run, key=len), ""
        if len(best) < 2:
            return None
        out.append(best)
    # an anchor that holds another is redundant: the shorter one is in every text the longer one is
    return tuple(a for a in dict.fromkeys(out) if not any(b != a and b in a for b in out))


# A text that holds none of a topic's anchors cannot match it: most texts name few topics, so most of the
# searches are skipped (tests/test_resolve.py checks the prefilter against the bare search).
_ANCHORS = {key: _anchors(pats) for key, (_, pats) in TOPICS.items()}


def _matches(key: str, folded: str) -> bool:
    anchors = _ANCHORS[key]
    if anchors is not None and not any(a in folded for a in anchors):
        return False
    return _COMPILED[key].search(folded) is not None


def _trie_pattern(words: list[str]) -> str:
    """One regular expression for a set of literal strings, factored as a trie (``trade|trafic`` ->
    ``tra(?:de|fic)``), greedy: at a position it matches the longest of them that starts there."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return build(trie)


# Every anchor of every topic, found in one pass: at each place where one starts, the trie pattern matches the
# longest that starts there; the others that start there are its prefixes (_PREFIX_TOPICS gives their topics).
_ALWAYS = tuple(key for key, anchors in _ANCHORS.items() if anchors is None)  # no anchors: always searched
_ANCHOR_TOPICS: dict[str, set[str]] = {}
for _key, _anchors_of in _ANCHORS.items():
    for _a in _anchors_of or ():
        _ANCHOR_TOPICS.setdefault(_a, set()).add(_key)
_PREFIX_TOPICS = {a: frozenset(k for b in _ANCHOR_TOPICS if a.startswith(b) for k in _ANCHOR_TOPICS[b])
                  for a in _ANCHOR_TOPICS}
# As a lookahead, ``findall`` tries the trie at every place in one C loop and gives the longest anchor starting at
# each place where one starts (a zero-width match moves on by one character).
_ANCHOR_FINDALL = re.compile("(?=(" + _trie_pattern(list(_ANCHOR_TOPICS)) + "))").findall if _ANCHOR_TOPICS \
    else None


def _candidates(folded: str) -> set[str]:
    """The topics one of whose anchors is in ``folded`` (the same as ``_matches``' prefilter, in one pass)."""
    found = set(_ALWAYS)
    if _ANCHOR_FINDALL is not None:
        for anchor in set(_ANCHOR_FINDALL(folded)):
            found |= _PREFIX_TOPICS[anchor]
    return found


def topic_label(key: str) -> str:
    if key in TOPICS:
        return TOPICS[key][0]
    return key.removeprefix("other:").replace("_", " ")


# A pattern that can match a line break or look at the ends of the string could see the join of the English
# text and the evidence (``fold(text) + " \n " + fold(evidence)``: ``fold`` leaves no line break inside either).
# None in the table does, so each half is searched alone and memoised: the evidence and the text repeat
# independently (the same quote under several translations, the same boilerplate in many articles).
_ACROSS_JOIN = re.compile(r"\\[sSWDAZnrtvfx0-9uUN]|\[[^\]]*[-^\\]|(?<!\\)[\^$]|\(\?<|\(\?[a-z]*s")
_SPLIT_SAFE = not any(_ACROSS_JOIN.search(p) for _, pats in TOPICS.values() for p in pats)


def _fold(text: str) -> str:
    """``fold(text)``: printable ASCII text without a run of spaces (most texts) needs lower-casing only (fold's
    ``\\s+`` -> " " changes nothing there), and fold's own cache is left to the texts that need its work."""
    if text.isascii() and text.isprintable() and "  " not in text:
        return text.lower()
    return fold(text)


@lru_cache(maxsize=65536)
def topics_of(text: str, evidence_text: str = "") -> tuple[str, ...]:
    """Glossary topics named by a commitment's English text or its (French) evidence."""
    if not _SPLIT_SAFE:
        folded = fold(text) + " \n " + fold(evidence_text)
        return tuple(key for key in _COMPILED if _matches(key, folded))
    named = _topics_in(_fold(text) + " ")
    if evidence_text:
        named = named | _evidence_topics(evidence_text)
    else:
        named = named | _topics_in(" ")
    return _in_table_order(named)


@lru_cache(maxsize=65536)
def _evidence_topics(evidence_text: str) -> frozenset[str]:
    """The topics of an evidence quote (one quote stands under many texts: folded and searched once)."""
    return _topics_in(" " + _fold(evidence_text))


@lru_cache(maxsize=4096)
def _in_table_order(named: frozenset[str]) -> tuple[str, ...]:
    return tuple(key for key in _COMPILED if key in named)


@lru_cache(maxsize=65536)
def _topics_in(folded: str) -> frozenset[str]:
    candidates = _candidates(folded)
    return frozenset(key for key in candidates if _COMPILED[key].search(folded))


_ACCORDING = re.compile(r"^(?:according to|in the view of|for) (?:him|her|them|the minister)[, ]+", re.I)
_REPORTING = re.compile(
    r"^(?:(?:[^,]{2,60}, ){1,2}|[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3} )?"
    r"(?:has |had )?(?:said|stated|affirmed|emphasi[sz]ed|stressed|added|noted|declared|indicated|announced|"
    r"recommended|underlined|highlighted|confirmed|expressed)(?: that)?\s+", re.I)




def strip_reporting(text: str) -> str:
    """"Wang Yi, Minister of ..., said that China will ..." -> "China will ..." (kept whole when too little
    would remain)."""
    stripped = _REPORTING.sub("", _ACCORDING.sub("", text, count=1), count=1)
    return stripped if len(stripped.split()) >= 4 else text


_LEAD = re.compile(r"^(?:(?:the|both|two|china|chinese|russia|kazakhstan|[a-z]+stan|side|sides|countries|parties|"
                   r"and|he|she|they|it|will|would|should|must|is|are|ready|willing|to|agreed|agree|hopes?|"
                   r"wishes?|calls?|for|on|work|with)\s+)+")


def topic_of(english: str, source: str, part: str = "") -> str:
    """The label of the first topic the item's own part of the source names, else the source sentence
    (a mistranslation cannot move an item to another topic; « qui soutient … Taiwan …, espère … sur la
    question de l'Afghanistan »: each part keeps its own), else the first one the English names, else the
    English head words."""
    keys = topics_of(part) or topics_of(source) or topics_of(english)
    if keys:
        return topic_label(keys[0])
    words = _LEAD.sub("", fold(strip_reporting(english)).strip(" .")).split()[:5]
    return " ".join(words) or "unspecified"
