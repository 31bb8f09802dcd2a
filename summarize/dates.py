"""The meeting's date from the article's own words, resolved against what the page says of its date.

dateparser (maintained, French and English) reads the date expressions; the rules here only decide
which reference a year-less or weekday-only expression is resolved against, in this order: the
dateline's date ("MOSCOW, January 10" with the page's year), the page's publication stamp, then the
date the user gave (JSONL ``date`` or ``extract --date``).

- An explicit day in the lead ("le 12 septembre 2019", "On May 20", "January 10") is the meeting day;
  without a year it takes the reference's year (the latest such day on or before the reference).
- A weekday ("jeudi", "on Tuesday") is the latest such day on or before the reference.
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


def meeting_date(art: CleanArticle, given: dt.date | None = None) -> tuple[str | None, DatePrecision]:
    """ISO date and precision of the meeting the article reports."""
    reference = art.dateline_date or art.published or given
    lead = [s.text for s in art.sentences[:2]]
    if lead and art.dateline:
        # the dateline's own date is the news date, not necessarily the meeting's
        # ("ASTANA, May 20 --", "MOSCOW, January 10. /TASS/.", « Tachkent, 31 mars (UzA). »)
        lead[0] = re.sub(r"^.{0,80}?(?:--|—|–|\s-\s|/[A-Za-z][^/\n]{1,20}/\.?|\)\s*[:.])\s*", "", lead[0], count=1)
    for sentence in lead:  # the first sentence's date wins over a later one's
        day = _explicit(sentence, art.language, reference) or _weekday(sentence, reference)
        if day:
            return day.isoformat(), DatePrecision.day
    if art.dateline_date:
        return art.dateline_date.isoformat(), DatePrecision.day
    if art.published:
        return art.published.isoformat(), DatePrecision.week
    if given:
        return given.isoformat(), DatePrecision.week
    return None, DatePrecision.unknown
