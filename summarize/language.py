"""Which language a text is in: lingua (made for short and mixed text) over English and French.

The readouts are French or English, and so are the confusions that matter: an English field that is
really the French source, a summary sentence left in French. Other scripts are told apart by their
characters first (a Latin-script detector has nothing to say about Cyrillic or Chinese).

Measured against the old function-word count on the dev half (README): the count called short
French clauses "und" and a summary holding one French sentence "en"; lingua, asked per sentence,
catches both.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SCRIPTS = (("ru", re.compile(r"[\u0400-\u04FF]")), ("zh", re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF]")),
            ("ar", re.compile(r"[\u0600-\u06FF\u0750-\u077F]")))
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-Ý\"«(])")
# Below this many letters a detector guesses; names dominate ("Wang Yi met Tileuberdi").
MIN_LETTERS = 12


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    # lingua reads a language's n-gram models on the first text that needs them (a long text: trigrams only;
    # a short one: all five sizes, ~125 MB for these six languages). Low-accuracy mode (trigrams only,
    # ~15 MB) answered differently on 9% of the texts of the tests, gold and cassettes (mostly short ones:
    # "und" became a language), so it is not used: the extraction's output would change.
    # English and French decide; the other large Latin-script languages are there so that a Spanish or
    # German page is called what it is, not "fr" (a two-way detector can only answer one of its two).
    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.FRENCH, Language.SPANISH,
                                                  Language.GERMAN, Language.ITALIAN, Language.PORTUGUESE).build()


@lru_cache(maxsize=8192)
def detect_language(text: str) -> str:
    """"en", "fr", a script's language ("ru", "zh", "ar"), or "und" when the text is too thin to tell."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < MIN_LETTERS or len(_WORD.findall(text)) < 2:
        return "und"
    for lang, pattern in _SCRIPTS:
        if len(pattern.findall(text)) / len(letters) > 0.3:
            return lang
    values = _detector().compute_language_confidence_values(text)
    best = values[0]
    if best.value < 0.6:
        return "und"
    return best.language.iso_code_639_1.name.lower()


def sentences_of(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def non_english_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that are in another language than English (checked one by one:
    one French sentence inside an English paragraph must not hide behind the rest)."""
    return [s for s in sentences_of(text) if detect_language(s) not in ("en", "und")]


def is_english_or_thin(text: str) -> bool:
    return detect_language(text) in ("en", "und")
