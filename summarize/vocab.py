"""Controlled vocabulary from political event data (ISO-3166, PLOVER).

Enums here become JSON-schema enums, so a grammar-constrained model cannot
emit a code outside them (the measured failure was a free-text field that
produced ``CNH`` for China).
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum
from functools import lru_cache


ORGANISATION_CODES = ("SCO", "CSTO", "UN", "EU", "EAEU", "CICA", "ASEAN", "BRICS", "CIS")


def _iso_countries() -> list:
    import pycountry

    return sorted(pycountry.countries, key=lambda c: c.alpha_3)


# Every ISO-3166 alpha-3 country (pycountry ships the standard), organisations by English acronym,
# a group of countries named as such in the text ("the five Central Asian countries"), and OTHER.
Actor = Enum("Actor", {c: c for c in [country.alpha_3 for country in _iso_countries()] + list(ORGANISATION_CODES)
                       + ["CENTRAL_ASIA", "OTHER"]}, type=str)  # type: ignore[misc]
Actor.__doc__ = "ISO-3166 alpha-3 countries, plus organisations by acronym."


ENGLISH_NAMES: dict[str, str] = {
    "CHN": "China", "KAZ": "Kazakhstan", "RUS": "Russia", "KGZ": "Kyrgyzstan", "UZB": "Uzbekistan",
    "TJK": "Tajikistan", "TKM": "Turkmenistan", "BLR": "Belarus", "MNG": "Mongolia", "AFG": "Afghanistan",
    "PAK": "Pakistan", "IND": "India", "IRN": "Iran", "TUR": "Turkey", "AZE": "Azerbaijan", "ARM": "Armenia",
    "GEO": "Georgia", "UKR": "Ukraine", "USA": "the United States", "GBR": "the United Kingdom", "FRA": "France",
    "DEU": "Germany", "JPN": "Japan", "KOR": "South Korea", "PRK": "North Korea", "SAU": "Saudi Arabia",
    "QAT": "Qatar", "ARE": "the United Arab Emirates", "EGY": "Egypt", "BRA": "Brazil", "ZAF": "South Africa",
    "SCO": "the SCO", "CSTO": "the CSTO", "UN": "the UN", "EU": "the EU", "EAEU": "the EAEU", "CICA": "CICA",
    "ASEAN": "ASEAN", "BRICS": "BRICS", "CIS": "the CIS", "CENTRAL_ASIA": "Central Asia",
}

ORGANISATIONS = set(ORGANISATION_CODES) | {"CENTRAL_ASIA"}
# The countries the group code CENTRAL_ASIA stands for (one list for attribution, meeting sides and scoring).
CENTRAL_ASIA_COUNTRIES = frozenset({"KAZ", "KGZ", "TJK", "TKM", "UZB"})

# Names, adjectives and capitals in French and English that identify an actor in text.
# Lower-case, accents stripped (see ``fold``).  Used for grounding, participant sanity
# checks and candidate attribution; never sent to the model as examples.
ACTOR_NAMES: dict[str, tuple[str, ...]] = {  # adjectives, capitals, acronyms: what ISO 3166 lacks
    "CHN": ("chine", "china", "chinois", "chinoise", "chinese", "sino", "beijing", "pekin"),
    "KAZ": ("kazakhstani", "kazakhstan", "kazakh", "kazakhe", "kazakhs"),
    "RUS": ("russie", "russia", "russe", "russian", "moscou", "moscow", "sino-russe", "sino-russes"),
    "KGZ": ("kyrgyzstani", "kirghizistan", "kyrgyzstan", "kirghiz", "kirghize", "kirghizes", "kyrgyz", "sino-kirghize", "sino-kirghizes"),
    "UZB": ("uzbekistani", "ouzbekistan", "uzbekistan", "ouzbek", "ouzbeke", "ouzbekes", "uzbek", "sino-ouzbeke", "sino-ouzbekes"),
    "TJK": ("tajikistani", "tadjikistan", "tajikistan", "tadjik", "tadjike", "tajik"),
    "TKM": ("turkmenistan", "turkmene", "turkmen"),
    "BLR": ("belarus", "bielorussie", "bielorusse", "bielorusses", "belarusse", "belarusses", "belarusian",
            "sino-bielorusse", "sino-bielorusses"),
    "MNG": ("mongolie", "mongolia", "mongol", "mongolian"),
    "AFG": ("afghanistan", "afghan", "afghane"),
    "PAK": ("pakistan", "pakistanais", "pakistani"),
    "IND": ("inde", "india", "indien", "indian"),
    "IRN": ("iran", "iranien", "iranian"),
    "TUR": ("turquie", "turkey", "turkiye", "turc", "turkish"),
    "USA": ("etats-unis", "united states", "americain", "american", "washington", "u.s.", "u. s.", "u.s.a.",
            "usa"),
    "SCO": ("ocs", "sco", "organisation de cooperation de shanghai", "shanghai cooperation organisation",
            "shanghai cooperation organization"),
    "CSTO": ("otsc", "csto", "organisation du traite de securite collective", "collective security treaty"),
    "UN": ("nations unies", "onu", "united nations", "un security council"),
    "CICA": ("cica", "conference pour l'interaction et les mesures de confiance en asie",
             "conference on interaction and confidence building measures in asia"),
    "CENTRAL_ASIA": ("asie centrale", "central asia", "central asian"),
}


# The people's adjective (English, and the French masculine singular, inflected below): a title gives a
# minister's side by it (« le ministre azerbaïdjanais », "the Malaysian foreign minister"). Words that are
# also common words or name two countries ("polish", "korean", "georgia") are left out.
_DEMONYMS: dict[str, tuple[str, ...]] = {
    "AZE": ("azerbaidjanais", "azeri", "azerbaijani"), "MYS": ("malaisien", "malaysian"),
    "ARM": ("armenien", "armenian"), "GEO": ("georgien", "georgian"), "JPN": ("japonais", "japanese"),
    "DEU": ("allemand", "german"), "FRA": ("francais", "french"), "GBR": ("britannique", "british", "u.k."),
    "EGY": ("egyptien", "egyptian"), "SAU": ("saoudien", "saudi"), "VNM": ("vietnamien", "vietnamese"),
    "IDN": ("indonesien", "indonesian"), "THA": ("thailandais", "thai"), "SRB": ("serbe", "serbian"),
    "HUN": ("hongrois", "hungarian"), "ITA": ("italien", "italian"), "ESP": ("espagnol", "spanish"),
    "BRA": ("bresilien", "brazilian"), "ZAF": ("sud-africain", "south african"), "ISR": ("israelien", "israeli"),
    "PSE": ("palestinien", "palestinian"), "SYR": ("syrien", "syrian"), "IRQ": ("irakien", "iraqi"),
    "QAT": ("qatari", "qatarien"), "ARE": ("emirien", "emirati"), "NPL": ("nepalais", "nepalese"),
    "BGD": ("bangladais", "bangladeshi"), "LKA": ("sri-lankais", "sri lankan"), "MMR": ("birman", "burmese"),
    "KHM": ("cambodgien", "cambodian"), "LAO": ("laotien", "laotian"), "PHL": ("philippin", "filipino"),
    "SGP": ("singapourien", "singaporean"), "UKR": ("ukrainien", "ukrainian"), "CUB": ("cubain", "cuban"),
}
for _code, _forms in _DEMONYMS.items():
    ACTOR_NAMES[_code] = tuple(dict.fromkeys(ACTOR_NAMES.get(_code, ()) + _forms))
# organisations the vocabulary codes but no list named: never "eu" (French « a eu lieu »)
# its institutions name it too: "President of the European Commission" is an official of the EU
ACTOR_NAMES.setdefault("EU", ("union europeenne", "european union", "ue", "european commission", "commission europeenne",
                              "european council", "conseil europeen"))
ACTOR_NAMES.setdefault("ASEAN", ("asean", "anase"))
ACTOR_NAMES.setdefault("EAEU", ("union economique eurasiatique", "eurasian economic union", "ueea", "eaeu"))
ACTOR_NAMES.setdefault("CIS", ("communaute des etats independants", "commonwealth of independent states", "cei",
                               "cis"))


def _inflected(form: str) -> set[str]:
    """A French adjective in its four agreements: the text agrees it with its noun (« la partie mongole »,
    « les entreprises chinoises », « la ministre indienne »). Over-generation is harmless here: a form such
    as "kazakhes" only ever names its own country. Words of several parts are left as written."""
    if not form.isalpha():
        return {form}
    if form.endswith("ien"):
        return {form, form + "ne", form + "s", form + "nes"}
    if form.endswith("c"):  # turc -> turque
        return {form, form + "s", form[:-1] + "que", form[:-1] + "ques"}
    if form.endswith("e"):
        return {form, form + "s"}
    if form.endswith(("s", "x")):
        return {form, form + "e", form + "es"}
    if form[-1] in "aiouy":
        return {form}
    return {form, form + "e", form + "s", form + "es"}


for _code in [c for c in ACTOR_NAMES if c not in ORGANISATIONS]:
    ACTOR_NAMES[_code] = tuple(sorted({f for form in ACTOR_NAMES[_code] for f in _inflected(form)}))


def _standard_names() -> dict[str, set[str]]:
    """English and French country names from ISO 3166 (pycountry and its French translation)."""
    import gettext

    import pycountry

    try:
        french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"]).gettext
    except OSError:  # pragma: no cover - the translation ships with pycountry
        french = str
    names: dict[str, set[str]] = {}
    for country in _iso_countries():
        forms = {country.name, getattr(country, "common_name", ""), getattr(country, "official_name", ""),
                 french(country.name)}
        # "Korea, Republic of" / "Russie, Fédération de": the part before the comma is the usual name
        forms |= {f.split(",")[0] for f in forms if "," in f}
        names[country.alpha_3] = {n for n in forms if n and "," not in n and len(n) >= 4}
    return names


# ISO names that are ordinary words or first names in the readouts' languages: « réunion » is a
# meeting, « Maurice » a first name. Those countries are still found by their other names.
_COMMON_WORDS = {"reunion", "maurice", "chad", "jersey", "jordan", "georgia", "guinea"}

for _code, _forms in _standard_names().items():
    _folded = {" ".join(unicodedata.normalize("NFKD", f).encode("ascii", "ignore").decode().lower().split())
               for f in _forms} - _COMMON_WORDS
    ACTOR_NAMES[_code] = tuple(sorted(set(ACTOR_NAMES.get(_code, ())) | _folded))
    if _code not in ENGLISH_NAMES:
        _country = next(c for c in _iso_countries() if c.alpha_3 == _code)
        ENGLISH_NAMES[_code] = getattr(_country, "common_name", None) or _country.name


class MeetingKind(str, Enum):
    bilateral_meeting = "bilateral_meeting"
    phone_call = "phone_call"
    multilateral_meeting = "multilateral_meeting"
    summit = "summit"
    interview = "interview"
    press_conference = "press_conference"


# PLOVER's CONSULT modes, derived from the meeting kind.
PLOVER_MODE: dict[MeetingKind, str] = {
    MeetingKind.bilateral_meeting: "visit",
    MeetingKind.phone_call: "phone",
    MeetingKind.multilateral_meeting: "multilateral",
    MeetingKind.summit: "multilateral",
    MeetingKind.interview: "third-party",
    MeetingKind.press_conference: "third-party",
}


class Modality(str, Enum):
    """How firmly an actor binds itself (issue #2)."""

    pledge = "pledge"  # s'engage à, will
    agreement = "agreement"  # ont convenu, agreed
    proposal = "proposal"  # propose, suggests
    readiness = "readiness"  # est prêt à, est disposé à, ready to
    call = "call"  # devraient, appelle à, should


class EventCategory(str, Enum):
    """PLOVER event types that a commitment can fall under."""

    AGREE = "AGREE"  # promises, offers, future cooperation, invitations
    SUPPORT = "SUPPORT"  # sign/ratify, endorse, express support
    COOPERATE = "COOPERATE"  # material cooperation
    AID = "AID"
    CONSULT = "CONSULT"  # planned meetings, visits, dialogue
    OPPOSE = "OPPOSE"  # commitments to resist or oppose something


class Context(str, Enum):
    """PLOVER context tags."""

    economic = "economic"
    diplomatic = "diplomatic"
    military = "military"
    security = "security"
    terrorism = "terrorism"
    health = "health"
    technology = "technology"
    environment = "environment"
    natural_resource = "natural_resource"
    territory = "territory"
    culture = "culture"
    migration = "migration"
    other = "other"


class Stance(str, Enum):
    support = "support"
    oppose = "oppose"
    concern = "concern"
    welcome = "welcome"
    assessment = "assessment"


class DatePrecision(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"
    unknown = "unknown"


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00ab": '"', "\u00bb": '"', "\u201c": '"',
                         "\u201d": '"', "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2013": "-",
                         "\u2014": "-"})


_COMBINING = {c: None for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))}
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Lower-case, strip accents, unify quotes/apostrophes/dashes and spaces.

    Runs on every sentence and every stored commitment, so it stays on C-speed
    string methods (ASCII text skips the Unicode work entirely).
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_QUOTES)).translate(_COMBINING)
    return _SPACES.sub(" ", text).lower()


NAME_PATTERNS: dict[str, re.Pattern[str]] = {
    code: re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                     + r")(?![a-z])")
    for code, names in ACTOR_NAMES.items() if names  # a code left without a safe name is never matched
}


def mentions_in(folded: str) -> list[tuple[int, int, str]]:
    """Every (start, end, code) where ``folded`` text names an actor, in reading order."""
    return sorted((m.start(), m.end(), code) for code, pattern in NAME_PATTERNS.items()
                  for m in pattern.finditer(folded))


def actors_named_in(text: str) -> set[str]:
    """Actor codes whose names or adjectives occur in ``text`` (word-bounded)."""
    return set(_actors_named_in(text))


@lru_cache(maxsize=16384)
def _actors_named_in(text: str) -> frozenset[str]:
    # attribution asks this of the same sentences many times per article
    folded = fold(text)
    found = {code for code, pattern in NAME_PATTERNS.items() if pattern.search(folded)}
    # "EU sanctions", "the UN Charter": the acronyms in capitals only (folded, "eu" is French « a eu lieu »
    # and "un" its article)
    found.update(code for code, pattern in _CAPITAL_ACRONYMS.items() if pattern.search(text))
    return frozenset(found)


_CAPITAL_ACRONYMS = {"EU": re.compile(r"(?<![\w-])EU(?![\w-])"), "UN": re.compile(r"(?<![\w-])UN(?![\w-])")}
