"""Resolution across records: actors, people, meetings and commitments.

* Actors: French and English names, adjectives («kazakh», «sino-russe») and
  acronyms (OCS → SCO, OTSC → CSTO) to the codes of ``vocab.Actor``.
* People: one canonical name across transliterations (Tileuberdi / Tleuberdi /
  Tleouberdi) and the office held on a given date.
* Meetings: two articles about the same meeting become one meeting.
* Commitments: normalised topics (a glossary of recurring pledges, matched on
  the English text and on the French evidence) plus a lexical similarity for
  the rest.  Two commitments express the same pledge when they share a topic.

Similarity (documented here, measured by ``bench/pairs_eval.py`` on
``tests/pairs/seed_pairs.json``): commitments with no glossary topic are
compared by token Jaccard over folded, stop-word-free, crudely stemmed English
words plus the record's context tags; ``SIMILARITY_THRESHOLD`` is the cut-off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .vocab import ACTOR_NAMES, ORGANISATIONS, fold


fast_fold = fold  # vocab.fold is the fast implementation; the alias keeps call sites readable

# --------------------------------------------------------------------------- actors

# Acronyms and names beyond vocab.ACTOR_NAMES (French acronyms map to the English ones).
_EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "SCO": ("organisation de cooperation de shanghai", "shanghai cooperation organization"),
    "CSTO": ("organisation du traite de securite collective", "collective security treaty organization"),
    "UN": ("un", "onu", "nations unies", "united nations"),
    "CIS": ("cei", "cis", "communaute des etats independants", "commonwealth of independent states"),
    "EAEU": ("ueea", "uee", "eaeu", "union economique eurasiatique", "eurasian economic union"),
    "EU": ("ue", "eu", "union europeenne", "european union"),
    "BRICS": ("brics",),
    "ASEAN": ("asean", "anase"),
    "KGZ": ("kirghiz", "kirghizes", "kirghizie", "kirghizstan"),
    "KAZ": ("kazakhes", "kazakhstanais", "kazakhstani"),
    "RUS": ("russes", "russe", "federation de russie", "russian federation"),
    "UZB": ("ouzbeks", "ouzbekes"),
    "TJK": ("tadjiks", "tadjikes", "tajikistani"),
    "TKM": ("turkmenes", "turkmene"),
    "BLR": ("bielorusses", "belarussien", "belarusse"),
    "CHN": ("chinois", "chinoises", "prc", "republique populaire de chine", "people's republic of china"),
    "MNG": ("mongols", "mongoles"),
    "AZE": ("azerbaidjan", "azerbaijan", "azerbaidjanais", "azerbaijani"),
    "ARM": ("armenie", "armenia", "armenien", "armenian"),
    "GEO": ("georgie", "georgia", "georgien", "georgian"),
    "UKR": ("ukraine", "ukrainien", "ukrainian"),
    "JPN": ("japon", "japan", "japonais", "japanese"),
    "KOR": ("coree du sud", "south korea", "sud-coreen", "south korean"),
    "PRK": ("coree du nord", "north korea", "nord-coreen", "north korean"),
    "FRA": ("france", "francais", "french"),
    "DEU": ("allemagne", "germany", "allemand", "german"),
    "GBR": ("royaume-uni", "united kingdom", "britannique", "british"),
}

# «sino-russe», «russo-chinois», «kazakh-chinois»: prefixes used in compounds.
_COMPOUND_PREFIXES: dict[str, str] = {
    "sino": "CHN", "russo": "RUS", "kazakh": "KAZ", "kazakho": "KAZ", "kirghizo": "KGZ", "ouzbeko": "UZB",
    "tadjiko": "TJK", "indo": "IND", "americano": "USA", "euro": "EU", "turkmeno": "TKM", "belarusso": "BLR",
    "irano": "IRN", "pakistano": "PAK", "mongolo": "MNG", "nippo": "JPN", "franco": "FRA", "germano": "DEU",
}


@lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for table in (ACTOR_NAMES, _EXTRA_NAMES):
        for code, names in table.items():
            for name in names:
                index.setdefault(fold(name), code)
    for code in ORGANISATIONS:
        index.setdefault(code.lower(), code)
    index.setdefault("otan", "OTHER")
    return index


def _singular(word: str) -> list[str]:
    forms = [word]
    for suffix in ("es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)])
    return forms


def resolve_actors(name: str) -> list[str]:
    """Every actor code a name, adjective, acronym or compound denotes, in order ([] if none).

    >>> resolve_actors("sino-russe")
    ['CHN', 'RUS']
    """
    key = fold(name).strip().strip(".,;:«»\"'()")
    key = re.sub(r"^(l'|la |le |les |du |de la |de l'|des |the )", "", key)
    index = _name_index()
    if key in index and "-" not in key:
        return [index[key]]
    if key.upper() in ORGANISATIONS:
        return [key.upper()]
    parts = [p for p in re.split(r"[-\s]+", key) if p]
    if len(parts) > 1:
        codes: list[str] = []
        for i, part in enumerate(parts):
            code = None
            if i < len(parts) - 1 and part in _COMPOUND_PREFIXES:
                code = _COMPOUND_PREFIXES[part]
            else:
                for form in _singular(part):
                    if form in index:
                        code = index[form]
                        break
                if code is None and part in _COMPOUND_PREFIXES:
                    code = _COMPOUND_PREFIXES[part]
            if code is None:
                codes = []
                break
            if code == "CENTRAL_ASIA" or (i and codes and code == codes[-1]):
                codes = []  # a multi-word name («Asie centrale»), not a compound
                break
            if code not in codes:
                codes.append(code)
        if len(codes) > 1:
            return codes
    if key in index:
        return [index[key]]
    for form in _singular(key):
        if form in index:
            return [index[form]]
    return []


def resolve_actor(name: str) -> str | None:
    """The single actor a name denotes (``None`` if unknown or several)."""
    codes = resolve_actors(name)
    return codes[0] if len(codes) == 1 else None


# A named group of countries, expanded when checking who is involved in a meeting.
GROUPS: dict[str, frozenset[str]] = {
    "CENTRAL_ASIA": frozenset({"KAZ", "KGZ", "TJK", "TKM", "UZB"}),
}


def expand(codes) -> set[str]:
    return set(_expand(tuple(codes)))


@lru_cache(maxsize=4096)
def _expand(codes: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for code in codes:
        out.add(code)
        out |= GROUPS.get(code, frozenset())
    return frozenset(out)


# --------------------------------------------------------------------------- people

@dataclass(frozen=True)
class Office:
    title: str
    start: str  # ISO date, inclusive
    end: str | None = None  # ISO date, exclusive; None = still held as far as this table knows


@dataclass(frozen=True)
class Person:
    name: str
    actor: str
    variants: tuple[str, ...] = ()
    offices: tuple[Office, ...] = field(default_factory=tuple)


# Offices from public records; dates are the appointment days.  Extend as new people appear.
PEOPLE: tuple[Person, ...] = (
    Person("Wang Yi", "CHN", ("wang yi", "m. wang"), (
        Office("Foreign Minister of China", "2013-03-16", "2022-12-30"),
        Office("State Councilor and Foreign Minister of China", "2018-03-19", "2022-12-30"),
        Office("Director of the Office of the Central Foreign Affairs Commission", "2022-12-30", "2023-07-25"),
        Office("Foreign Minister of China", "2023-07-25", None),
    )),
    Person("Qin Gang", "CHN", ("qin gang", "m. qin"), (
        Office("Foreign Minister of China", "2022-12-30", "2023-03-12"),
        Office("State Councilor and Foreign Minister of China", "2023-03-12", "2023-07-25"),
    )),
    Person("Sergei Lavrov", "RUS", ("serguei lavrov", "sergey lavrov", "lavrov"), (
        Office("Foreign Minister of Russia", "2004-03-09", None),
    )),
    Person("Beibut Atamkulov", "KAZ", ("beibout atamkoulov", "atamkulov"), (
        Office("Foreign Minister of Kazakhstan", "2018-12-26", "2019-09-18"),
    )),
    Person("Mukhtar Tileuberdi", "KAZ", ("moukhtar tileuberdi", "mukhtar tleuberdi", "moukhtar tleouberdi",
                                          "tleuberdi", "tleouberdi", "tileuberdi"), (
        Office("Foreign Minister of Kazakhstan", "2019-09-18", "2022-01-11"),
        Office("Deputy Prime Minister and Foreign Minister of Kazakhstan", "2022-01-11", "2023-04-01"),
    )),
    Person("Murat Nurtleu", "KAZ", ("mourat nourtleou", "nurtleu"), (
        Office("Deputy Prime Minister and Foreign Minister of Kazakhstan", "2023-04-01", None),
    )),
    Person("Sergei Aleinik", "BLR", ("serguei aleinik", "aleinik"), (
        Office("Foreign Minister of Belarus", "2024-04-10", None),
    )),
    Person("Jeenbek Kulubaev", "KGZ", ("jeenbek koulloubaev", "kulubaev"), (
        Office("Foreign Minister of Kyrgyzstan", "2020-12-03", None),
    )),
    Person("Bakhtiyor Saidov", "UZB", ("bakhtiyor saidov", "saidov"), (
        Office("Foreign Minister of Uzbekistan", "2022-07-14", None),
    )),
)

_TITLES = re.compile(r"^(m\.|mr\.?|mme|mrs\.?|ms\.?|dr\.?|monsieur|madame)\s+")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Transliteration-blind key of a surname: folded, vowels (and y, h, w) dropped, doubles squeezed.

    Tileuberdi, Tleuberdi and Tleouberdi all give ``tlbrd``; Sergueï and Sergei give ``srg``.
    """
    words = _TITLES.sub("", fold(name).strip()).replace("-", " ").split()
    if not words:
        return ""
    word = words[-1].replace("gu", "g").replace("ou", "u").replace("kh", "k").replace("dj", "j")
    key = word[0] + re.sub(r"[aeiouyhw'\W]", "", word[1:])
    return re.sub(r"(.)\1+", r"\1", key)


@lru_cache(maxsize=1)
def _people_index() -> tuple[dict[str, Person], dict[tuple[str, str], Person]]:
    by_name: dict[str, Person] = {}
    by_key: dict[tuple[str, str], Person] = {}
    for person in PEOPLE:
        for variant in (person.name, *person.variants):
            by_name[fold(variant)] = person
        by_key[(person.actor, name_key(person.name))] = person
        for variant in person.variants:
            by_key.setdefault((person.actor, name_key(variant)), person)
    return by_name, by_key


@lru_cache(maxsize=65536)
def resolve_person(name: str, actor: str | None = None) -> Person | None:
    """The known person a name (any transliteration) refers to; ``actor`` disambiguates surnames."""
    by_name, by_key = _people_index()
    folded = _TITLES.sub("", fast_fold(name).strip())
    if folded in by_name and (actor is None or by_name[folded].actor == actor):
        return by_name[folded]
    key = name_key(name)
    if actor is not None:
        return by_key.get((actor, key))
    matches = {p for (a, k), p in by_key.items() if k == key}
    return matches.pop() if len(matches) == 1 else None


def office_on(person: Person, date: str | None) -> str | None:
    """The office a person held on ``date`` (the most specific one when several overlap)."""
    if not date:
        return None
    held = [o for o in person.offices if o.start <= date and (o.end is None or date < o.end)]
    if not held:
        return None
    return max(held, key=lambda o: (o.start, len(o.title))).title


@lru_cache(maxsize=65536)
def canonical_person(name: str, actor: str | None, role: str | None, date: str | None) -> tuple[str, str | None]:
    """(canonical name, office on the date) — the record's own role when the table has none."""
    person = resolve_person(name, actor)
    if person is None:
        words = _TITLES.sub("", name.strip(), count=1) if name else name
        return (words or name).strip(), role
    return person.name, office_on(person, date) or role


# --------------------------------------------------------------------------- commitments

_STOP = set("""a an the and or of to in on for with by at as from into is are be been was were will would should
must shall can could may might its their his her our your this that these those it they them both two sides side
each other all any such also further more new continue continues work working together jointly ready willing
wishes wish hopes hope is china chinese kazakhstan kazakh russia russian kyrgyzstan uzbekistan belarus central
asian asia countries country sides bilateral cooperation cooperate strengthen deepen promote expand enhance
relations relation foreign minister ministers heads head state states""".split())


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


class _Tokens(dict):
    """word -> its token: the stem, or "" for a stop word or a word of two letters (filled on first sight)."""

    def __missing__(self, word: str) -> str:
        if len(self) >= 65536:
            self.clear()
        token = self[word] = "" if word in _STOP or len(word) <= 2 else _stem(word)
        return token


_TOKEN_OF = _Tokens()
_NO_TOKEN = frozenset({""})


@lru_cache(maxsize=65536)
def tokens(text: str) -> frozenset[str]:
    """Content words of an English text: folded, stop words out, crudely stemmed."""
    # each word looked up in a dict by C code (no Python step per word); "" marks a word left out (a stem is
    # never empty: _stem keeps four letters at least, and _WORD's words have two)
    out = frozenset(map(_TOKEN_OF.__getitem__, _WORD.findall(_ascii_fold(text))))
    return out - _NO_TOKEN if "" in out else out


def _ascii_fold(text: str) -> str:
    """``fold(text)``: printable ASCII text without a run of spaces needs lower-casing only (fold's ``\\s+`` -> " "
    changes nothing there)."""
    if text.isascii() and text.isprintable() and "  " not in text:
        return text.lower()
    return fast_fold(text)


_WORD = re.compile(r"[a-z][a-z'-]+")


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Token Jaccard in [0, 1]."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


# Measured on tests/pairs/seed_pairs.json (bench/pairs_eval.py): below this, untopical items stay apart.
SIMILARITY_THRESHOLD = 0.35


def group_untopical(texts: list[str], threshold: float = SIMILARITY_THRESHOLD) -> list[int]:
    """Single-link clusters of texts whose token Jaccard >= threshold; returns a cluster id per text.

    Exact and fast on large inputs: identical token sets are merged first, then candidate pairs come from
    an inverted index over each set's rarest tokens only (prefix filtering: two sets with Jaccard >= t
    share a token among the first ``len - ceil(t * len) + 1`` tokens of each in a global rare-first order).
    """
    import math

    toks = [tokens(t) for t in texts]
    unique: dict[frozenset[str], int] = {}
    for tk in toks:
        unique.setdefault(tk, len(unique))
    sets = list(unique)
    parent = list(range(len(sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    df: dict[str, int] = {}
    for tk in sets:
        for tok in tk:
            df[tok] = df.get(tok, 0) + 1
    # token -> {cluster root when added: the sets added under it}: a set's candidates that are already in its
    # cluster are skipped a group at a time (most of them, on near-duplicate texts), not one by one.
    index: dict[str, dict[int, list[int]]] = {}
    sizes = [len(tk) for tk in sets]
    # each set as the bits of its tokens: |a & b| is one AND and a bit count, not a set built and dropped
    bit = {tok: 1 << k for k, tok in enumerate(df)}
    masks = [sum(bit[tok] for tok in tk) for tk in sets]
    stamp = [-1] * len(sets)  # stamp[j] == i: j was already a candidate of i
    for i, tk in enumerate(sets):
        if not tk:
            continue
        n = sizes[i]
        ordered = sorted(tk, key=lambda t: (df[t], t))
        prefix = ordered[: n - math.ceil(threshold * n) + 1]
        root = find(i)
        mask = masks[i]
        for tok in prefix:
            groups = index.get(tok)
            if groups is None:
                continue
            for key, members in groups.items():
                if find(key) == root:
                    continue
                for j in members:
                    if stamp[j] == i:  # already a candidate of i through an earlier token
                        continue
                    stamp[j] = i
                    m = sizes[j]
                    # Jaccard <= min/max of the sizes (and rounding is monotone): a pair that cannot reach the
                    # threshold is not intersected
                    if (m / n if m < n else n / m) < threshold:
                        continue
                    common = (mask & masks[j]).bit_count()
                    if common / (n + m - common) >= threshold:  # |a | b| = |a| + |b| - |a & b|
                        other = find(j)
                        parent[root] = other
                        root = other
                        break  # the rest of this group is in i's cluster now
        for tok in prefix:
            index.setdefault(tok, {}).setdefault(root, []).append(i)
    return [find(unique[tk]) for tk in toks]


def cluster_name(texts: list[str]) -> str:
    """A readable key for an untopical cluster: its most frequent content words."""
    counts: dict[str, int] = {}
    for text in texts:
        for tok in tokens(text):
            counts[tok] = counts.get(tok, 0) + 1
    top = sorted(counts, key=lambda t: (-counts[t], t))[:3]
    return "other:" + "_".join(top or ["misc"])
