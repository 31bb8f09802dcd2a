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
    """Six languages, trigrams only: a page's language at any length, and any text of ``_SHORT`` letters
    or more. Six, so that a Spanish or German page is called what it is, not "fr" (a two-way detector can
    only answer one of its two). For a text of ``_SHORT`` letters or more lingua's high-accuracy mode
    uses the trigram models only too: on 1,740 such texts of this domain (articles, long fields) both
    modes gave the same language, with confidences equal to 6e-15; low-accuracy mode keeps a short text
    on them as well (~10 MB for the six) instead of reading every n-gram size of six languages."""
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.FRENCH, Language.SPANISH,
                                                      Language.GERMAN, Language.ITALIAN,
                                                      Language.PORTUGUESE).with_low_accuracy_mode().build()
    # read here (in a batch: under the loading lock, not beside another model's read)
    detector.compute_language_confidence_values("the minister said that the two countries " * 4)
    return detector


@lru_cache(maxsize=1)
def _short_detector():
    """For a shorter text (an item's English text, a role, a forum, a summary sentence): English or
    French, the only question asked of one. lingua reads every n-gram size (unigrams to fivegrams) for
    short texts: for six languages that was ~125 MB kept and ~40 MB more while reading, a batch's peak
    memory (issue 9); for these two it is ~50 MB kept, ~45 MB more while reading (measured in a fresh
    process). Measured on 8,717 texts of this domain (gold texts and quotes, records' fields and
    summaries, article sentences; `bench/language_id.py` for the labelled part): 253 answers differ from
    the six-language detector's, none between English and French: 196 "und" became "en", 56 "und"
    became "fr" (page junk in French such as « Mis à jour le… », a half-French title) and one "es" became
    "en": with two languages lingua's confidence is spread over fewer answers. On the labelled dev texts:
    English right 1,809 of 1,810 (six languages: 1,806), French and mixed summaries 856 of 856 both.
    Low-accuracy mode (trigrams only) was worse: 198 answers moved between English/undetermined and
    another language. The models are read here, on a short text, so that in a batch they are read under
    the loading lock (``warm.single_flight``) and the allocator is trimmed after them; preloading them
    (``with_preloaded_language_models``) keeps ~18 MB more."""
    from lingua import Language, LanguageDetectorBuilder

    from .warm import trim

    detector = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.FRENCH).build()
    detector.compute_language_confidence_values("the minister said")
    trim()
    return detector


# lingua uses every n-gram size for a text under 120 characters after its own clean-up, which keeps every
# letter: a text with fewer letters may need them, one with more uses trigrams only
_SHORT = 120


@lru_cache(maxsize=8192)
def detect_language(text: str) -> str:
    """"en", "fr", a script's language ("ru", "zh", "ar"), or "und" when the text is too thin to tell: the
    language of a field or a sentence (below ``_SHORT`` letters the question is English or French)."""
    return _detect(text, short=True)


def page_language(text: str) -> str:
    """The language of a whole page, among the six at any length ("es" for a short Spanish page too)."""
    return _detect(text, short=False)


def _detect(text: str, short: bool) -> str:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < MIN_LETTERS or len(_WORD.findall(text)) < 2:
        return "und"
    for lang, pattern in _SCRIPTS:
        if len(pattern.findall(text)) / len(letters) > 0.3:
            return lang
    detector = _short_detector() if short and len(letters) < _SHORT else _detector()
    values = detector.compute_language_confidence_values(text)
    best = values[0]
    # on a short text trigrams alone are sure too soon (a bare list of names: "pt" at 0.89; a Spanish or
    # German sentence: 0.9999 and more)
    if best.value < (0.95 if len(letters) < _SHORT and not short else 0.6):
        return "und"
    return best.language.iso_code_639_1.name.lower()


def sentences_of(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def non_english_sentences(text: str, names: tuple[str, ...] = ()) -> list[str]:
    """The sentences of ``text`` that are in another language than English (checked one by one:
    one French sentence inside an English paragraph must not hide behind the rest).

    ``names``: proper names the sentences quote as the article spells them ("Vladimir Poutine",
    "Noursoultan Nazarbaïev"); they are left out of the test, or a French spelling makes an English
    sentence "French"."""
    kept = sorted((n for n in names if n and len(n) > 2), key=len, reverse=True)
    out = []
    for sentence in sentences_of(text):
        bare = sentence
        for name in kept:
            bare = bare.replace(name, " ")
        if detect_language(bare) not in ("en", "und"):
            out.append(sentence)
    return out


def is_english_or_thin(text: str) -> bool:
    return detect_language(text) in ("en", "und")
