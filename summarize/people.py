"""People across records: one person per (side, surname skeleton), named and titled by the records themselves.

Records name the same minister many ways (Mukhtar Tileuberdi, Moukhtar Tleouberdi, M. Tleuberdi,
Tileuberdi) and sometimes put a country, a ministry or a city where a person should be.  This module:

* tells a person from a side (``is_person``): a name that resolves to a country or an organisation, or that
  is made of institution words, is never a person;
* keys a person by side + the consonant skeleton of the surname (``person_key``), with the given name as a
  tie-breaker so two ministers who share a surname stay apart;
* picks the display name from the records (the full form English-language articles use most) and the office
  from the records of the meeting's date (``Directory.office``); the gazetteer in ``resolve.PEOPLE`` only
  fills an office that no record gives.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from . import resolve
from .vocab import fold

# Sides whose names put the family name first in English (Wang Yi, Qin Gang).
_FAMILY_NAME_FIRST = frozenset({"CHN", "PRK", "KOR", "VNM"})
_TITLES = re.compile(r"^((m|mr|mrs|ms|mme|dr|h\.?e)\.?\s+|monsieur\s+|madame\s+)+")
# Words that make a "name" an institution or a group, not a person.
_INSTITUTION = re.compile(r"\b(ministry|ministere|government|gouvernement|delegation|side|partie|embassy|ambassade|"
                          r"office|bureau|council|conseil|committee|comite|secretariat|presidency|presidence|"
                          r"administration|parliament|parlement|people|peuple|leaders?|dirigeants?|"
                          # outlets: a model sometimes takes the publication for a speaker
                          r"times|news|agency|agence|press|presse|daily|post|tribune|journal|media|radio|tv|"
                          r"television|gazette|xinhua|tass|kazinform)\b")


@lru_cache(maxsize=65536)
def _words(name: str) -> tuple[str, ...]:
    """The words of a name, folded, titles off (memoised: a person's display name re-reads every mention)."""
    folded = _TITLES.sub("", fold(name).strip())
    return tuple(w for w in re.split(r"[\s\-]+", folded.strip(" .,;:")) if w)


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """Transliteration-blind form of one name word: first letter kept, then consonants only, doubles squeezed.

    French and English transliterations differ in vowels and digraphs (ou/u, kh/k, gu/g, dj/j), so
    Tileuberdi, Tleuberdi and Tleouberdi all give ``tlbrd``.
    """
    word = fold(word).replace("gu", "g").replace("ou", "u").replace("kh", "k").replace("dj", "j")
    if not word:
        return ""
    key = word[0] + re.sub(r"[aeiouyhw'\W\d]", "", word[1:])
    return re.sub(r"(.)\1+", r"\1", key)


@lru_cache(maxsize=65536)
def is_person(name: str, actor: str | None = None) -> bool:
    """False for a country, an organisation, an institution or an empty name put where a person should be."""
    words = _words(name)
    if not words or not any(c.isalpha() for c in name):
        return False
    folded = " ".join(words)
    if _INSTITUTION.search(folded):
        return False
    if resolve.resolve_actors(name) or (actor and fold(name).strip() == fold(actor)):
        return False
    # "China and Kazakhstan", "the Kazakh side": every word a side's name or a filler
    fillers = {"the", "and", "et", "la", "le", "les", "of", "de", "du", "des", "republic", "republique"}
    if all(w in fillers or resolve.resolve_actors(w) for w in words):
        return False
    return not (len(name.split()) == 1 and _is_city(name))


def _is_city(name: str) -> bool:
    """A one-word "name" that is a city (a dateline taken for a speaker)."""
    from .meeting_fields import city  # GeoNames loads on the first one-word name only

    return city(name) is not None


@dataclass(frozen=True)
class NameParts:
    surname: str
    given: str  # skeleton of the given name(s), "" when the record names the surname only


@lru_cache(maxsize=65536)
def name_parts(name: str, actor: str | None) -> NameParts:
    words = _words(name)
    if not words:
        return NameParts("", "")
    if actor in _FAMILY_NAME_FIRST and 2 <= len(words) <= 3:
        surname, given = words[0], words[1:]
    else:
        surname, given = words[-1], words[:-1]
    return NameParts(skeleton(surname), "".join(skeleton(w) for w in given))


def person_key(name: str, actor: str | None) -> tuple[str, str]:
    """(side, surname skeleton): the key under which mentions of one person are gathered."""
    return (actor or "", name_parts(name, actor).surname)


def same_person(a: str, b: str, actor: str | None) -> bool:
    """Same side's surname skeleton, and given names that do not contradict each other."""
    pa, pb = name_parts(a, actor), name_parts(b, actor)
    if not pa.surname or pa.surname != pb.surname:
        return False
    # Sergei / Sergey / Sergueï share their first consonants; a surname alone agrees with any given name.
    return not pa.given or not pb.given or pa.given[:2] == pb.given[:2]


@dataclass
class Mention:
    name: str
    role: str | None
    date: str | None
    english: bool


@dataclass
class Person:
    actor: str
    key: tuple[str, str]
    mentions: list[Mention] = field(default_factory=list)
    _name: str | None = None  # cached display name; reset by ``mention``

    _months: dict[int, dict[str, int]] | None = None  # month index -> roles given that month; built on first use
    _around: dict[int, Counter] | None = None  # centre month -> roles_around's answer; reset with _months
    _offices: dict | None = None  # Directory.office's answers that depend on the month only; reset with _months

    def mention(self, mention: Mention) -> None:
        self.mentions.append(mention)
        self._name = None
        self._months = None
        self._around = None
        self._offices = None

    def roles_around(self, date: str | None) -> Counter:
        """The offices the records give this person within about a year of ``date`` (tidied, counted).

        Counted per month once, then summed over the 25 months around the date (once per month: the meetings
        of one month ask the same): a minister named in thousands of records is not re-read for every meeting.
        The answer is shared: callers read it, never change it."""
        if self._months is None:
            # plain dicts counted in the order roles first come, as Counter's would be (no Counter per mention)
            months: dict[int, dict[str, int]] = {}
            for m in self.mentions:
                role = m.role
                if role and _is_role(role):
                    month = _month(m.date)
                    if month is not None:
                        counts = months.get(month)
                        if counts is None:
                            counts = months[month] = {}
                        role = tidy_role(role)
                        counts[role] = counts.get(role, 0) + 1
            self._months = months
            self._around = {}
            self._offices = {}
        centre = _month(date)
        if centre is None:
            return Counter()
        out = self._around.get(centre)
        if out is None:
            # Counter.update's sum, in its order: a role's place is where it first comes, month by month
            total: dict[str, int] = {}
            months = self._months
            for month in range(centre - 12, centre + 13):
                counts = months.get(month)
                if counts:
                    for role, n in counts.items():
                        total[role] = total.get(role, 0) + n
            out = self._around[centre] = Counter(total)
        return out

    @property
    def name(self) -> str:
        """The full form (two words or more) English-language articles use most; else the most frequent."""
        if self._name is None:
            ranks = [(len(_words(m.name)) >= 2, m.english, m.name.isascii()) for m in self.mentions]
            best_rank = max(ranks)
            counts = Counter(_clean(m.name) for m, rank in zip(self.mentions, ranks) if rank == best_rank)
            self._name = max(counts, key=lambda n: (counts[n], -len(n), n))
        return self._name

    @property
    def short(self) -> str:
        """The surname as written in the display name (Wang, Tileuberdi): what a narrow table shows."""
        words = self.name.split()
        if not words:
            return self.name
        return words[0] if self.actor in _FAMILY_NAME_FIRST and 2 <= len(words) <= 3 else words[-1]


@lru_cache(maxsize=65536)
def _clean(name: str) -> str:
    return " ".join(_TITLES.sub("", name.strip(), count=1).split()) if _TITLES.match(fold(name).strip()) else \
        " ".join(name.split())


class Directory:
    """Every person the records name, with the offices the records give them on each date."""

    def __init__(self) -> None:
        self._people: dict[tuple[str, str], list[Person]] = {}

    def add(self, name: str, actor: str, role: str | None, date: str | None, english: bool) -> Person | None:
        if not is_person(name, actor):
            return None
        key = person_key(name, actor)
        if not key[1]:
            return None
        candidates = self._people.setdefault(key, [])
        for person in candidates:
            if any(same_person(name, m.name, actor) for m in person.mentions[:4]):
                person.mention(Mention(name, role, date, english))
                return person
        person = Person(actor, key, [Mention(name, role, date, english)])
        candidates.append(person)
        return person

    def find(self, name: str, actor: str) -> Person | None:
        for person in self._people.get(person_key(name, actor), ()):
            if any(same_person(name, m.name, actor) for m in person.mentions[:4]):
                return person
        return None

    def office(self, person: Person, date: str | None, roles_here: list[str]) -> str | None:
        """The office on ``date``, from the records: the roles the meeting's own articles give that agree with
        the office the person's records around that date (within a year) usually give (a slip such as
        "President" for a foreign minister is outvoted), the most frequent then the fullest; else that usual
        office; else the gazetteer's."""
        around = person.roles_around(date)
        if around:
            # the answer then depends on the month (through ``around``) and the roles only: asked once per month
            # and roles, not once per meeting
            key = (_month(date), tuple(roles_here))
            office = person._offices.get(key, _NOT_YET)
            if office is _NOT_YET:
                office = person._offices[key] = self._office(person, date, roles_here, around)
            return office
        return self._office(person, date, roles_here, around)

    @staticmethod
    def _office(person: Person, date: str | None, roles_here: list[str], around: Counter) -> str | None:
        here = [tidy_role(r) for r in roles_here if _is_role(r)]
        if around:
            usual = max(around, key=lambda r: (around[r], len(r)))
            heads = _heads(usual)
            kept = [r for r in here if _heads(r) & heads] if heads else here
        else:
            usual, kept = None, here
        if kept:
            counts = Counter(kept)
            return max(counts, key=lambda r: (counts[r], len(r)))
        if usual:
            return usual
        known = resolve.resolve_person(person.name, person.actor)
        return resolve.office_on(known, date) if known is not None else None


_NOT_YET = object()
_HEAD = re.compile(r"minister|president|premier|councill?or|secretary|ambassador|chair\w*|director|envoy|"
                   r"spokes\w*|king|emir|governor|speaker|commissioner")


@lru_cache(maxsize=4096)
def _heads(role: str) -> frozenset[str]:
    """The title words of an office ("Deputy Prime Minister and Foreign Minister" -> {minister})."""
    return frozenset(_HEAD.findall(role.lower()))


_SMALL = {"of", "and", "the", "for", "on", "in", "to"}


@lru_cache(maxsize=4096)
def tidy_role(role: str) -> str:
    """One spelling per office: no leading nationality ("chinese Foreign Minister"), words capitalised."""
    words = role.split()
    while len(words) > 1 and resolve.resolve_actors(words[0]) and (words[0][:1].islower() or len(words) > 2):
        words = words[1:]
    return " ".join(w if w.lower() in _SMALL and i else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _is_role(role: str | None) -> bool:
    return bool(role and role.strip() and role.strip().lower() not in ("unknown", "none", "n/a", "null", "-"))


@lru_cache(maxsize=65536)
def _month(value: str | None) -> int | None:
    if not value or len(value) < 7 or not value[:4].isdigit() or not value[5:7].isdigit():
        return None
    return int(value[:4]) * 12 + int(value[5:7]) - 1


# --------------------------------------------------------------------------- a person's side

# How many records' worth of weight the gazetteer's word on a person's side carries: enough to break a tie
# between records, not to outvote several.
GAZETTEER_VOTES = 2


@lru_cache(maxsize=65536)
def _name_set(name: str) -> frozenset[str]:
    """The skeletons of every word, order-blind: "Moukhtar Tleouberdi" whatever side the record puts it on."""
    return frozenset(skeleton(w) for w in _words(name) if len(w) > 1)


def sides_by_vote(records) -> dict[frozenset[str], str]:
    """The side each fully named person belongs to, by the records' majority (plus the gazetteer's vote).

    A small model sometimes puts a minister on the other side of the table (a Kazakh minister coded CHN);
    one record's slip is outvoted by the others that name the same person."""
    votes: dict[frozenset[str], Counter] = {}
    for record in records:
        seen: set[frozenset[str]] = set()
        for p in record.participants:
            key = _name_set(p.name)
            if len(key) < 2 or key in seen or not is_person(p.name, p.actor):
                continue
            seen.add(key)
            votes.setdefault(key, Counter())[p.actor] += 1
    out: dict[frozenset[str], str] = {}
    for key, counter in votes.items():
        if len(counter) > 1:  # the records disagree: the majority, the gazetteer breaking ties
            known = _gazetteer_side(key)
            if known:
                counter[known] += GAZETTEER_VOTES
            (top, n), *rest = counter.most_common()
            if not rest or n > rest[0][1]:
                out[key] = top
    return out


@lru_cache(maxsize=4096)
def _gazetteer_side(key: frozenset[str]) -> str | None:
    for person in resolve.PEOPLE:
        for variant in (person.name, *person.variants):
            if _name_set(variant) == key:
                return person.actor
    return None


def corrected_actor(name: str, actor: str, sides: dict[frozenset[str], str]) -> str:
    return sides.get(_name_set(name), actor)
