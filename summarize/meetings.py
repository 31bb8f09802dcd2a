"""Meeting identity across articles: which articles report the same meeting.

Several outlets report one meeting, each side publishes its own account (the partner's often a day or
two later), and the record of each article has its own errors (a date missing or resolved against a
later publication day, a place missing).  Two accounts are one meeting when

* their dates fall within ``WINDOW_DAYS`` of each other (the date from the article's text, else the
  input ``date`` the article came with, else its publication date);
* one is not a phone call while the other is in person (unless both texts give the same day, the same people
  on both sides, and the call account names no place: then the kind is the record's slip);
* their places agree where both give one (compared by consonant skeleton: Nur-Sultan / Nour-Soultan);
* their sides agree: the same states; a record that names only one side joins a meeting only through a
  person both name;
* the people both name for a shared side are the same people (Wang Yi is not Qin Gang).

Grouping is complete-link (an account joins a meeting only when it agrees with every account already in
it), so two different meetings a few days apart are not chained together through a vague third account.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache
from typing import Iterable, Literal

from . import people
from . import resolve
from .schema import Record
from .vocab import ORGANISATIONS, fold

# Publication lags: a partner-side account or a weekly digest is dated up to three days after the meeting.
WINDOW_DAYS = 3

DateSource = Literal["text", "input", "published", "none"]
KindClass = Literal["phone", "bilateral", "multilateral", "other"]


@dataclass(frozen=True)
class ArticleMeta:
    """What the batch input said about an article beyond its text: outlet, address, date, and the text."""

    id: str | None = None  # the input's id (JSONL id or file path)
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    text: str | None = None


@dataclass
class Account:
    """One article's account of a meeting, reduced to what identity needs."""

    index: int
    record: Record
    day: int | None  # proleptic ordinal of the date used
    date: str | None
    date_source: DateSource
    phone: bool | None  # None: the record does not say
    place: str | None
    place_key: str | None  # spelling key
    states: frozenset[str]
    people: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict)  # state -> (surname, given)


def _ordinal(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return Date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _skeleton(name: str) -> str:
    # French writes English "sh" as "ch" (Bichkek, Douchanbé, Tachkent)
    return people.skeleton(re.sub(r"[^a-z]", "", fold(name).replace("ch", "sh")))


@lru_cache(maxsize=4096)
def spelling_key(place: str | None) -> str | None:
    """Nour-Soultan and Nur-Sultan, Douchanbé and Dushanbe share one key; ``None`` when there is no place."""
    if not place or not place.strip():
        return None
    return _skeleton(place)


@lru_cache(maxsize=4096)
def place_key(place: str | None) -> str | None:
    """The key of the city's English name: Pékin and Beijing, Nur-Sultan and Astana (renamed) share one.

    GeoNames' alternate names (``meeting_fields.city``) give the English name of a known city; the consonant
    skeleton then absorbs spellings it does not list.  Loading GeoNames takes about a second, so
    ``same_place`` asks it only when the spellings differ."""
    if not place or not place.strip():
        return None
    from .meeting_fields import city

    return _skeleton(city(place) or place)


def same_place(a: str | None, b: str | None) -> bool:
    """True when either has no place, or both spell (or name) one city."""
    ka, kb = spelling_key(a), spelling_key(b)
    return ka is None or kb is None or ka == kb or place_key(a) == place_key(b)


def kind_class(kind: str | None, mode: str | None) -> KindClass:
    """The kind of meeting a pledge can be expected to be restated at: a call, a visit, a multilateral event."""
    if kind == "phone_call" or mode == "phone":
        return "phone"
    if kind in ("multilateral_meeting", "summit") or mode == "multilateral":
        return "multilateral"
    if kind == "bilateral_meeting" or mode == "visit":
        return "bilateral"
    return "other"


def states_of(codes: Iterable[str]) -> frozenset[str]:
    return frozenset(c for c in resolve.expand(tuple(codes)) if c not in ORGANISATIONS and c != "OTHER")


def account(index: int, record: Record, meta: ArticleMeta | None) -> Account:
    m = record.meeting
    candidates: list[tuple[str | None, DateSource]] = [(m.date if m else None, "text"),
                                                       (meta.date if meta else None, "input"),
                                                       (record.article.published, "published")]
    day, when, source = None, None, "none"
    for value, origin in candidates:
        day = _ordinal(value)
        if day is not None:
            when, source = Date.fromordinal(day).isoformat(), origin
            break
    named: dict[str, set[tuple[str, str]]] = {}
    states: set[str] = set()
    for p in record.participants:
        if p.actor in ORGANISATIONS or p.actor == "OTHER":
            continue
        states.add(p.actor)
        if people.is_person(p.name, p.actor):
            parts = people.name_parts(p.name, p.actor)
            if parts.surname:
                named.setdefault(p.actor, set()).add((parts.surname, parts.given))
    if len(states) < 2:  # the participants miss a side: who commits tells who met
        for c in record.commitments:
            states |= states_of(c.actors)
    phone = None if m is None else (m.kind == "phone_call" or m.mode == "phone")
    return Account(index=index, record=record, day=day, date=when, date_source=source, phone=phone,
                   place=m.place if m else None, place_key=spelling_key(m.place) if m else None,
                   states=frozenset(states),
                   people={k: frozenset(v) for k, v in named.items()})


def _people_agree(a: Account, b: Account) -> tuple[bool, int]:
    """(no contradiction, number of people both name)."""
    shared = 0
    for state in a.states & b.states:
        pa, pb = a.people.get(state), b.people.get(state)
        if not pa or not pb:
            continue
        matches = sum(1 for x in pa for y in pb if x[0] == y[0] and (not x[1] or not y[1] or x[1][:2] == y[1][:2]))
        if not matches:
            return False, 0
        shared += matches
    return True, shared


def _kind_slip(a: Account, b: Account, shared_people: int) -> bool:
    """A "call" that is the same day's talk: both texts give that day, the same people on both sides, and the
    call account names no place.  The kind is the record's least reliable field (« entretien » is a talk or
    a call), so it does not split what the date, the people and the place agree on."""
    call = a if a.phone else b
    return (a.day == b.day and a.date_source == b.date_source == "text" and shared_people >= 2
            and not call.place)


def compatible(a: Account, b: Account) -> bool:
    """Could these two accounts report the same meeting?  (The rules of the module docstring.)"""
    if a.day is None or b.day is None or abs(a.day - b.day) > WINDOW_DAYS:
        return False
    # the sides of two accounts that each name two states or more are checked first: the cheapest test, and
    # the one most near-dated accounts of other meetings fail (every test must pass: the order changes nothing)
    sa, sb = a.states, b.states
    both_sided = len(sa) >= 2 and len(sb) >= 2
    if both_sided:
        if len(sa) <= 2 or len(sb) <= 2:
            sides = sa == sb
        else:
            common = len(sa & sb)  # a summit: outlets list different subsets of the attendees
            sides = common >= 2 and common / len(sa | sb) >= 0.5
        if not sides:
            return False
    agree, shared = _people_agree(a, b)
    if not agree:
        return False
    if a.phone is not None and b.phone is not None and a.phone != b.phone and not _kind_slip(a, b, shared):
        return False
    if not both_sided:
        small, big = (sa, sb) if len(sa) < len(sb) else (sb, sa)
        sides = bool(small) and small <= big and shared > 0
    # places last: the only check that may need GeoNames
    return sides and (a.place_key == b.place_key or same_place(a.place, b.place))


def _affinity(a: Account, members: list[Account]) -> tuple[int, int, int]:
    """Higher is a better home: shared people, agreeing places, then the smaller date gap."""
    shared = sum(_people_agree(a, m)[1] for m in members)
    places = sum(1 for m in members if a.place and m.place and same_place(a.place, m.place))
    gap = min(abs((a.day or 0) - (m.day or 0)) for m in members)
    return shared, places, -gap


def group(records: list[Record], metas: dict[str, ArticleMeta] | None = None,
          key=lambda r: r.article.sha256[:12]) -> list[list[Account]]:
    """Accounts grouped into meetings, in date order; records without a meeting are left out."""
    metas = metas or {}
    accounts = [account(i, r, metas.get(key(r)) if metas else None) for i, r in enumerate(records)
                if r.meeting is not None]
    # Text-dated accounts first on each day, so a meeting is anchored on the date its reports give.
    accounts.sort(key=lambda a: (a.day if a.day is not None else 10**9, a.date_source != "text", a.index))
    meetings: list[list[Account]] = []
    open_: list[list[Account]] = []  # meetings whose last account is within the window of the current day
    for acc in accounts:
        if acc.day is None:
            meetings.append([acc])
            continue
        # accounts come in date order, so a meeting's latest day is its last account's
        open_ = [g for g in open_ if acc.day - g[-1].day <= WINDOW_DAYS]  # type: ignore[operator]
        homes = [g for g in open_ if all(compatible(acc, m) for m in g)]
        if homes:
            best = max(homes, key=lambda g: _affinity(acc, g))
            best.append(acc)
        else:
            new = [acc]
            meetings.append(new)
            open_.append(new)
    meetings.sort(key=lambda g: (meeting_date(g) or "9999", min(a.index for a in g)))
    return meetings


def meeting_date(accounts: list[Account]) -> str | None:
    """The date most of the texts give (the earliest on a tie); else the earliest input or publication date."""
    from_text = Counter(a.date for a in accounts if a.date_source == "text" and a.date)
    if from_text:
        top = max(from_text.values())
        return min(d for d, n in from_text.items() if n == top)
    dates = [a.date for a in accounts if a.date]
    return min(dates) if dates else None


def date_source(accounts: list[Account]) -> DateSource:
    sources = {a.date_source for a in accounts}
    return next((s for s in ("text", "input", "published") if s in sources), "none")  # type: ignore[return-value]


def pairs(groups: Iterable[Iterable[str]]) -> set[frozenset[str]]:
    """Every unordered pair of article ids that share a group: what merge precision and recall count."""
    out: set[frozenset[str]] = set()
    for g in groups:
        ids = sorted(set(g))
        out |= {frozenset((a, b)) for i, a in enumerate(ids) for b in ids[i + 1:]}
    return out


def merge_scores(predicted: Iterable[Iterable[str]], gold: Iterable[Iterable[str]]) -> dict[str, float | int]:
    """Pairwise precision and recall of a grouping of articles into meetings against hand labels."""
    p, g = pairs(predicted), pairs(gold)
    tp = len(p & g)
    return {"precision": tp / len(p) if p else 1.0, "recall": tp / len(g) if g else 1.0, "true_pairs": tp,
            "predicted_pairs": len(p), "gold_pairs": len(g)}
