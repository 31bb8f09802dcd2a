"""The meeting's date from the article's own words, resolved against what the page says of its date.

dateparser (maintained, French and English) reads the date expressions; the rules here only decide
which reference a year-less or weekday-only expression is resolved against, in this order: the
dateline's date ("MOSCOW, January 10" with the page's year), the page's publication stamp, then the
date the user gave (JSONL ``date`` or ``extract --date``).

- An explicit day in the lead ("le 12 septembre 2019", "On May 20", "January 10") is the meeting day;
  without a year it takes the reference's year (the latest such day on or before the reference).
- A weekday ("jeudi", "on Tuesday") is the latest such day on or before the reference.
- A day named relative to the news ("Hier", "yesterday", "today", « avant-hier ») counts back from the reference.
- Else the dateline's date (day), else the publication date (week precision: readouts lag the meeting).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .clean import CleanArticle
from .vocab import DatePrecision, fold

_WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
             "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
# Days named relative to the news: the dateline's or the page's date is "today" (folded text).
_RELATIVE_DAYS = {"avant-hier": 2, "the day before yesterday": 2, "hier": 1, "yesterday": 1,
                  "aujourd'hui": 0, "ce jour": 0, "today": 0, "this morning": 0, "ce matin": 0}
_RELATIVE_DAY = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _RELATIVE_DAYS), key=len, reverse=True)) + r")\b")
_HAS_YEAR = re.compile(r"\b(19|20)\d{2}\b")
# dateparser's search also reads words such as "now" or "today", bare numbers and ranges ("18 et 19
# mai"); only a day number next to a month word is taken from it.
_DAY_MONTH = re.compile(r"\b\d{1,2}(?:er|st|nd|rd|th)? [a-z]{3,}|\b[a-z]{3,}\.? \d{1,2}\b")


@lru_cache(maxsize=1)
def _search():
    from dateparser.search import search_dates

    # dateparser reads each language's data on its first search; here, once, so that a batch's article
    # threads (which reach their first date together) do not each build a copy (issue 9: a ~150 MB
    # transient peak, measured)
    for language in ("en", "fr"):
        search_dates("on 20 May 2024", languages=[language], settings={"PREFER_DATES_FROM": "past"})
    return search_dates


def parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _explicit(text: str, language: str, reference: dt.date | None) -> dt.date | None:
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": False}
    if reference:
        settings["RELATIVE_BASE"] = dt.datetime.combine(reference + dt.timedelta(days=1), dt.time())
    if not any(c.isdigit() for c in text):
        return None  # every date kept below has a day number: no digit, no date (dateparser is the costly part)
    languages = [language] if language in ("fr", "en") else ["fr", "en"]
    try:
        found = _search()(text, languages=languages, settings=settings) or []
    except Exception:  # dateparser raises on some odd inputs; a date is optional
        return None
    for phrase, value in found:
        folded = fold(phrase)
        if not _DAY_MONTH.search(folded):
            continue
        if not _HAS_YEAR.search(folded) and reference is None:
            continue  # "On May 20" of which year? not guessed
        day = value.date()
        if reference and not _HAS_YEAR.search(folded) and day > reference:
            day = day.replace(year=day.year - 1)
        return day
    return None


def _weekday(text: str, reference: dt.date | None) -> dt.date | None:
    match = _WEEKDAY.search(fold(text))
    if not match or reference is None:
        return None
    delta = (reference.weekday() - _WEEKDAYS[match.group(1)]) % 7
    return reference - dt.timedelta(days=delta)


def _relative(text: str, reference: dt.date | None) -> dt.date | None:
    match = _RELATIVE_DAY.search(fold(text))
    if not match or reference is None:
        return None
    return reference - dt.timedelta(days=_RELATIVE_DAYS[match.group(1)])


def meeting_date(art: CleanArticle, given: dt.date | None = None,
                 briefing: bool = False) -> tuple[str | None, DatePrecision]:
    """ISO date and precision of the meeting the article reports. ``briefing``: the article is the press
    conference itself, held on the page's day; a question's "yesterday" dates what is asked about."""
    reference = art.dateline_date or art.published or given
    lead = [s.text for s in art.sentences[:2]]
    if lead and art.dateline:
        # the dateline's own date is the news date, not necessarily the meeting's
        # ("ASTANA, May 20 --", "MOSCOW, January 10. /TASS/.", « Tachkent, 31 mars (UzA). »)
        lead[0] = re.sub(r"^.{0,80}?(?:--|—|–|\s-\s|/[A-Za-z][^/\n]{1,20}/\.?|\)\s*[:.])\s*", "", lead[0], count=1)
    for sentence in lead:  # the first sentence's date wins over a later one's
        day = _explicit(sentence, art.language, reference) or _weekday(sentence, reference) or \
            (None if briefing else _relative(sentence, reference))
        if day:
            return day.isoformat(), DatePrecision.day
    if art.dateline_date:
        return art.dateline_date.isoformat(), DatePrecision.day
    if art.published:
        return art.published.isoformat(), DatePrecision.week
    if given:
        return given.isoformat(), DatePrecision.week
    return None, DatePrecision.unknown


# A sentence set in an earlier year by its opening ("When Wang hosted X in Beijing in 2019, the two sides
# pledged…", « Lors de sa visite en 2019, … », "In 2019, …"): what was said then, not at this meeting.
_EARLIER_FRAME = re.compile(r"^\W*(?:when|while|during|in|at|back in|lors d[eu]?|lorsque|quand|en|au cours d[eu]|"
                            r"pendant)\b[^,;:]{0,120}?\b((?:19|20)\d{2})\b[^,;:]{0,60},")


def set_in_an_earlier_year(sentence: str, meeting_day: str | None) -> bool:
    """Does the sentence open on a time frame of a year before the meeting's?"""
    if not meeting_day:
        return False
    match = _EARLIER_FRAME.match(fold(sentence))
    return bool(match) and int(match.group(1)) < int(meeting_day[:4])
